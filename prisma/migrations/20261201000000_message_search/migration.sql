-- Search in a room's history (src/messages/search*.ts): a gram index kept with the
-- messages, because MariaDB has no ngram full-text parser and Korean words hide inside
-- longer ones ("스터디" in "파이썬스터디모임").
--
-- One row per (room, gram, message): a gram is a character, or a pair of neighbouring
-- characters inside a word, of the message's normalised text, as an integer
-- (src/messages/search-text.ts). The message is named by its number in the room's
-- sequence, which the chat writer knows before its INSERT, so the grams go in the same
-- round trip as the message; within a room, sequence order is id order. The key starts
-- with the bucket (seq >> 14, 16,384 messages): new messages' grams all go to the room's
-- newest bucket, pages that stay hot; within a bucket the key is each gram's posting list.
--
-- Rows go with the room (foreign key), and are replaced on edit and removed on delete by
-- the code that changes the message. Messages from before this migration are indexed by
-- `npm run db:migrate` right after it applies this one (or `npm run search:backfill`).

-- CreateTable
CREATE TABLE `message_grams` (
    `room_id` INTEGER NOT NULL,
    `bucket` MEDIUMINT NOT NULL,
    `gram` INTEGER NOT NULL,
    `seq` INTEGER NOT NULL,

    PRIMARY KEY (`room_id`, `bucket`, `gram`, `seq`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `message_grams` ADD CONSTRAINT `message_grams_room_id_fkey` FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
