import type { RoomBus } from '../bus/bus.js';
import type { MessageEvent } from '../bus/events.js';
import type { UploadLimits } from '../config/config.js';
import type { MediaFiles } from '../media/media-files.js';
import type { MessageStore } from '../messages/message-store.js';
import { processImage } from './image-processing.js';

export interface ImageServiceDeps {
  messages: MessageStore;
  bus: RoomBus;
  files: Pick<MediaFiles, 'saveImage' | 'remove'>;
  limits: Pick<UploadLimits, 'maxPixels' | 'maxFrames'>;
}

/**
 * Stores an uploaded image (two variants) and its caption as a message and tells the
 * room: the files are written under a random name first, then the message row (so no
 * message points at a missing file), then the event is published.
 */
export function createImageService({ messages, bus, files, limits }: ImageServiceDeps) {
  async function postImage({ roomId, userId, bytes, caption }: { roomId: number; userId: number; bytes: Buffer; caption: string | null }): Promise<MessageEvent> {
    const { display, thumbnail } = await processImage(bytes, limits);
    const keys = await files.saveImage(roomId, { image: display.bytes, thumbnail: thumbnail.bytes });
    const event = await messages.postImage({ roomId, userId, ...keys, width: display.width, height: display.height, caption }).catch(async (error: unknown) => {
      await files.remove([keys.image, keys.thumbnail]);
      throw error;
    });
    await bus.toRoom(roomId, event);
    return event;
  }
  return { postImage };
}

export type ImageService = ReturnType<typeof createImageService>;
