import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RoomBus } from '../bus/bus.js';
import type { MessageEvent } from '../bus/events.js';
import type { MessageStore } from '../messages/message-store.js';
import { reencodeImage } from './image-processing.js';

/**
 * Stores an uploaded image as a message and tells the room: the file is written under a
 * random name first, then the message row (so no message points at a missing file),
 * then the event is published.
 */
export function createImageService({ messages, bus, mediaRoot }: { messages: MessageStore; bus: RoomBus; mediaRoot: string }) {
  async function postImage({ roomId, userId, bytes }: { roomId: number; userId: number; bytes: Buffer }): Promise<MessageEvent> {
    const webp = await reencodeImage(bytes);
    const relative = `rooms/${roomId}/${randomUUID()}.webp`;
    const file = path.join(path.resolve(mediaRoot), relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, webp, { flag: 'wx' });
    const event = await messages.postImage({ roomId, userId, path: relative }).catch(async (error: unknown) => {
      await rm(file, { force: true });
      throw error;
    });
    await bus.toRoom(roomId, event);
    return event;
  }
  return { postImage };
}

export type ImageService = ReturnType<typeof createImageService>;
