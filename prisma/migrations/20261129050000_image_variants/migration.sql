-- Image variants: a thumbnail stored beside the display image, and the display image's
-- size, so pages reserve its space before it loads. NULL for images stored before this
-- migration (they have no thumbnail: the display image stands in for it).

-- AlterTable
ALTER TABLE `messages`
    ADD COLUMN `thumbnail` VARCHAR(255) NULL,
    ADD COLUMN `image_width` INTEGER NULL,
    ADD COLUMN `image_height` INTEGER NULL;
