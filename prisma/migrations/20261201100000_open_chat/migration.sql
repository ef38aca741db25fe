-- Open-chat habits: moderators (부방장), replies (답장), a pinned notice (공지), room tags,
-- editable room settings.

-- AlterTable
-- A third role between owner and member. The enum's order is the member list's order
-- (owner, moderators, members). `owner_flag` is computed from `role` alone and stays 1 only
-- for 'owner', so its unique index still allows exactly one owner per room.
ALTER TABLE `room_members` MODIFY `role` ENUM('owner', 'moderator', 'member') NOT NULL DEFAULT 'member';

-- AlterTable
-- The log names the actor's role when they acted. Rows from before: every action but
-- `leave` was the owner's (an owner leaving last is logged as delete_room).
ALTER TABLE `moderation_logs`
    ADD COLUMN `actor_role` ENUM('owner', 'moderator', 'member') NULL,
    MODIFY `action` ENUM('kick', 'unban', 'transfer', 'leave', 'delete_room', 'mute', 'unmute', 'appoint', 'dismiss', 'notice', 'notice_clear', 'settings') NOT NULL;
UPDATE `moderation_logs` SET `actor_role` = IF(`action` = 'leave', 'member', 'owner');
ALTER TABLE `moderation_logs` MODIFY `actor_role` ENUM('owner', 'moderator', 'member') NOT NULL;

-- AlterTable
-- The message a chat answers. Messages are deleted only with their room (a deleted message
-- stays as a tombstone), so SET NULL matters only inside that cascade.
ALTER TABLE `messages` ADD COLUMN `reply_to_id` INTEGER NULL;
CREATE INDEX `messages_reply_to_id_idx` ON `messages`(`reply_to_id`);
ALTER TABLE `messages` ADD CONSTRAINT `messages_reply_to_id_fkey` FOREIGN KEY (`reply_to_id`) REFERENCES `messages`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable
-- The room's one notice: a text, copied from a message (message_id, to jump to it) or
-- written as is; who pinned it and when.
CREATE TABLE `room_notices` (
    `room_id` INTEGER NOT NULL,
    `text` TEXT NOT NULL,
    `message_id` INTEGER NULL,
    `pinned_by_id` INTEGER NULL,
    `pinned_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `room_notices_message_id_idx`(`message_id`),
    INDEX `room_notices_pinned_by_id_idx`(`pinned_by_id`),
    PRIMARY KEY (`room_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
-- Up to 5 tags per room (without '#'); compared without regard to case by the collation.
-- (tag, room_id) serves `GET /?tag=`.
CREATE TABLE `room_tags` (
    `room_id` INTEGER NOT NULL,
    `tag` VARCHAR(20) NOT NULL,

    INDEX `room_tags_tag_room_id_idx`(`tag`, `room_id`),
    PRIMARY KEY (`room_id`, `tag`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `room_notices` ADD CONSTRAINT `room_notices_room_id_fkey` FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `room_notices` ADD CONSTRAINT `room_notices_message_id_fkey` FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `room_notices` ADD CONSTRAINT `room_notices_pinned_by_id_fkey` FOREIGN KEY (`pinned_by_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `room_tags` ADD CONSTRAINT `room_tags_room_id_fkey` FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
