-- AlterTable
-- A private room is reachable only through its invitation link (/invite/<token>). The
-- token is random (192 bits), unique, and replaced when the owner makes a new link.
ALTER TABLE `rooms` ADD COLUMN `invite_token` VARCHAR(64) NULL;

-- CreateIndex
CREATE UNIQUE INDEX `rooms_invite_token_key` ON `rooms`(`invite_token`);
