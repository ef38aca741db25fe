import type { RoomBus } from '../bus/bus.js';
import type { MessageEvent } from '../bus/events.js';
import type { MediaFiles } from '../media/media-files.js';
import type { MessageStore } from '../messages/message-store.js';
import { reencodeImage } from './image-processing.js';

/**
 * Stores an uploaded image as a message and tells the room: the file is written under a
 * random name first, then the message row (so no message points at a missing file),
 * then the event is published.
 */
export function createImageService({ messages, bus, files }: { messages: MessageStore; bus: RoomBus; files: MediaFiles }) {
  async function postImage({ roomId, userId, bytes }: { roomId: number; userId: number; bytes: Buffer }): Promise<MessageEvent> {
    const path = await files.save(roomId, await reencodeImage(bytes), 'webp');
    const event = await messages.postImage({ roomId, userId, path }).catch(async (error: unknown) => {
      await files.remove(path);
      throw error;
    });
    await bus.toRoom(roomId, event);
    return event;
  }
  return { postImage };
}

export type ImageService = ReturnType<typeof createImageService>;
