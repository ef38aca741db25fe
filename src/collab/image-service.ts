import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/prisma.js';
import type { RoomBus, RoomEvent } from '../realtime/events.js';
import { reencodeImage } from './image-processing.js';
import { toMessageEvent } from './message-events.js';
import { authorSelect } from './room-data.js';

/**
 * Stores an uploaded image as a message and tells the room: the file is written under a
 * random name first, then the message row (so no message points at a missing file),
 * then the event is published.
 */
export function createImageService({ db, bus, mediaRoot }: { db: Database; bus: RoomBus; mediaRoot: string }) {
  async function postImage({ roomId, userId, bytes }: { roomId: number; userId: number; bytes: Buffer }): Promise<RoomEvent> {
    const webp = await reencodeImage(bytes);
    const relative = `rooms/${roomId}/${randomUUID()}.webp`;
    const file = path.join(path.resolve(mediaRoot), relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, webp, { flag: 'wx' });
    let message;
    try {
      message = await db.message.create({
        data: { roomId, userId, image: relative },
        select: { id: true, content: true, image: true, createdAt: true, user: { select: authorSelect } },
      });
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    const event = toMessageEvent(message);
    await bus.toRoom(roomId, event);
    return event;
  }
  return { postImage };
}
