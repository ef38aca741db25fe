-- AlterTable
-- A chat frame may carry a client-made id; unique per author, so a frame resent after a
-- dropped connection is stored once. NULLs (messages without one) never collide.
ALTER TABLE `messages` ADD COLUMN `client_id` VARCHAR(64) NULL;

-- CreateIndex
CREATE UNIQUE INDEX `messages_user_id_client_id_key` ON `messages`(`user_id`, `client_id`);
