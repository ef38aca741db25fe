-- Notifications: what each member wants to hear of a room, each user's switches, and the
-- browsers (devices) a user receives Web Push on.

-- AlterTable
-- notify_level: all (every message), mentions (only @mentions; the default) or none.
-- Kept on the membership, so leaving, a ban or the room's deletion ends it with the row.
ALTER TABLE `room_members` ADD COLUMN `notify_level` ENUM('all', 'mentions', 'none') NOT NULL DEFAULT 'mentions';

-- CreateIndex
-- Who wants every message of a room: read for each new message.
CREATE INDEX `room_members_room_id_notify_level_idx` ON `room_members`(`room_id`, `notify_level`);

-- AlterTable
-- notify_sound: a short sound for mentions; notify_browser: browser notifications and Web Push.
ALTER TABLE `users`
    ADD COLUMN `notify_sound` BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN `notify_browser` BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
-- One row per browser push subscription (a user's device). The endpoint is unique through
-- its SHA-256 (endpoints are too long for a unique index in utf8mb4).
CREATE TABLE `push_subscriptions` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `endpoint` VARCHAR(2048) NOT NULL,
    `endpoint_hash` CHAR(64) NOT NULL,
    `p256dh` VARCHAR(255) NOT NULL,
    `auth` VARCHAR(255) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `push_subscriptions_endpoint_hash_key`(`endpoint_hash`),
    INDEX `push_subscriptions_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `push_subscriptions` ADD CONSTRAINT `push_subscriptions_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
