-- CreateTable
-- The log outlives rooms and users: their foreign keys are SET NULL, and the room's
-- slug and name are copied into each row.
CREATE TABLE `moderation_logs` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `room_id` INTEGER NULL,
    `room_slug` VARCHAR(191) NOT NULL,
    `room_name` VARCHAR(100) NOT NULL,
    `actor_id` INTEGER NULL,
    `target_id` INTEGER NULL,
    `action` ENUM('kick', 'unban', 'transfer', 'leave', 'delete_room') NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `moderation_logs_room_id_created_at_idx`(`room_id`, `created_at`),
    INDEX `moderation_logs_actor_id_idx`(`actor_id`),
    INDEX `moderation_logs_target_id_idx`(`target_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `moderation_logs` ADD CONSTRAINT `moderation_logs_room_id_fkey` FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `moderation_logs` ADD CONSTRAINT `moderation_logs_actor_id_fkey` FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `moderation_logs` ADD CONSTRAINT `moderation_logs_target_id_fkey` FOREIGN KEY (`target_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
