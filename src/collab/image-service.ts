import type { RoomBus } from '../bus/bus.js';
import type { ChatAuthor, MessageEvent } from '../bus/events.js';
import type { UploadLimits } from '../config/config.js';
import type { MediaFiles } from '../media/media-files.js';
import type { MessageStore } from '../messages/message-store.js';
import { processImage } from './image-processing.js';

export interface ImageServiceDeps {
  messages: MessageStore;
  bus: RoomBus;
  files: Pick<MediaFiles, 'saveImage' | 'remove'>;
  limits: Pick<UploadLimits, 'maxPixels' | 'maxFrames'>;
  /** Tells the members who hear of every message (notifications; wired in deps.ts). */
  announce: (roomId: number, message: { id: number; user: ChatAuthor; text: string }) => Promise<void>;
}

/**
 * Stores an uploaded image (two variants) and its caption as a message and tells the
 * room: the files are written under a random name first, then the message row (so no
 * message points at a missing file), then the event is published, then the members who
 * hear of every message are told (an image's caption, else 사진).
 */
export function createImageService({ messages, bus, files, limits, announce }: ImageServiceDeps) {
  async function postImage({ roomId, userId, bytes, caption }: { roomId: number; userId: number; bytes: Buffer; caption: string | null }): Promise<MessageEvent> {
    const { display, thumbnail } = await processImage(bytes, limits);
    const keys = await files.saveImage(roomId, { image: display.bytes, thumbnail: thumbnail.bytes });
    const event = await messages.postImage({ roomId, userId, ...keys, width: display.width, height: display.height, caption }).catch(async (error: unknown) => {
      await files.remove([keys.image, keys.thumbnail]);
      throw error;
    });
    await bus.toRoom(roomId, event);
    if (event.event === 'image') await announce(roomId, { id: event.id, user: event.user, text: caption ?? '사진' });
    return event;
  }
  return { postImage };
}

export type ImageService = ReturnType<typeof createImageService>;
