-- Message lifecycle: edits, deletions (tombstones), reactions, system messages, and a
-- per-room sequence number on every change of the timeline, for exact recovery.

-- AlterTable
-- The room's last sequence number: every timeline change takes the next one under the
-- room's row lock, so sequence order is commit order. changes_floor_seq: change records up
-- to this number were pruned; a client that saw less must reload (resync).
ALTER TABLE `rooms`
    ADD COLUMN `last_seq` INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN `changes_floor_seq` INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE `messages`
    ADD COLUMN `seq` INTEGER NULL,
    ADD COLUMN `system_kind` ENUM('join', 'leave', 'kick', 'unban', 'transfer', 'mute') NULL,
    ADD COLUMN `target_id` INTEGER NULL,
    ADD COLUMN `edited_at` DATETIME(3) NULL,
    ADD COLUMN `deleted_at` DATETIME(3) NULL;

-- Existing messages are numbered in id order, room by room.
UPDATE `messages` AS m
JOIN (SELECT `id`, ROW_NUMBER() OVER (PARTITION BY `room_id` ORDER BY `id`) AS n FROM `messages`) AS numbered ON numbered.`id` = m.`id`
SET m.`seq` = numbered.n;
UPDATE `rooms` AS r SET r.`last_seq` = (SELECT COALESCE(MAX(m.`seq`), 0) FROM `messages` AS m WHERE m.`room_id` = r.`id`);
ALTER TABLE `messages` MODIFY `seq` INTEGER NOT NULL;

-- A message has text, an image, a system kind, or is a deleted tombstone.
ALTER TABLE `messages` DROP CONSTRAINT `messages_content_or_image_check`;
ALTER TABLE `messages` ADD CONSTRAINT `messages_has_content_check`
    CHECK (COALESCE(`content`, '') <> '' OR COALESCE(`image`, '') <> '' OR `system_kind` IS NOT NULL OR `deleted_at` IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX `messages_room_id_seq_key` ON `messages`(`room_id`, `seq`);
CREATE INDEX `messages_target_id_idx` ON `messages`(`target_id`);

-- AddForeignKey
ALTER TABLE `messages` ADD CONSTRAINT `messages_target_id_fkey` FOREIGN KEY (`target_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable
-- One row per reaction: a user's emoji on a message (toggled).
CREATE TABLE `reactions` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `message_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `emoji` VARCHAR(16) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `reactions_message_id_user_id_emoji_key`(`message_id`, `user_id`, `emoji`),
    INDEX `reactions_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
-- Changes to existing messages (edit, delete, reaction), numbered in the room's sequence.
-- New messages need no row here: messages.seq numbers them. Pruned by age.
CREATE TABLE `room_changes` (
    `room_id` INTEGER NOT NULL,
    `seq` INTEGER NOT NULL,
    `message_id` INTEGER NOT NULL,
    `kind` ENUM('edit', 'delete', 'reaction') NOT NULL,
    `user_id` INTEGER NULL,
    `emoji` VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    `reaction_on` BOOLEAN NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `room_changes_created_at_idx`(`created_at`),
    INDEX `room_changes_message_id_idx`(`message_id`),
    PRIMARY KEY (`room_id`, `seq`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `reactions` ADD CONSTRAINT `reactions_message_id_fkey` FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `reactions` ADD CONSTRAINT `reactions_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `room_changes` ADD CONSTRAINT `room_changes_room_id_fkey` FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `room_changes` ADD CONSTRAINT `room_changes_message_id_fkey` FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `room_changes` ADD CONSTRAINT `room_changes_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
