-- Reading and attention: a read marker and a mute per member, and the mentions of a message.

-- AlterTable
-- last_read_id: the newest message the member has read (moved forward only). Members who
-- were there before this migration have read everything. muted_until: no chat, edit,
-- reaction or upload until then.
ALTER TABLE `room_members`
    ADD COLUMN `last_read_id` INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN `muted_until` DATETIME(3) NULL;

UPDATE `room_members` AS rm
SET rm.`last_read_id` = (SELECT COALESCE(MAX(m.`id`), 0) FROM `messages` AS m WHERE m.`room_id` = rm.`room_id`);

-- CreateTable
-- The members a chat message mentions (@nickname), stored with the message.
CREATE TABLE `message_mentions` (
    `message_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,

    INDEX `message_mentions_user_id_message_id_idx`(`user_id`, `message_id`),
    PRIMARY KEY (`message_id`, `user_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `message_mentions` ADD CONSTRAINT `message_mentions_message_id_fkey` FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `message_mentions` ADD CONSTRAINT `message_mentions_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
-- Mutes and their early end are moderation actions, logged like the others.
ALTER TABLE `moderation_logs` MODIFY `action` ENUM('kick', 'unban', 'transfer', 'leave', 'delete_room', 'mute', 'unmute') NOT NULL;
