import type { Database } from '../db/prisma.js';
import type { MediaStore } from './media-store.js';

/** Files younger than this are never swept: an upload writes its files before its message. */
export const ORPHAN_MIN_AGE_MS = 24 * 60 * 60 * 1000;

const ROOM_KEY = /^rooms\/(\d+)\//;

export interface SweepResult {
  /** Files looked at. */
  checked: number;
  /** Keys of the orphans removed. */
  removed: string[];
}

/**
 * Removes orphans: files under `rooms/` that no message points at (as image or thumbnail)
 * and that are older than a day. They are what a failed removal, or a process that died
 * between writing an upload's files and its message, leaves behind. Page by page, so a
 * large store is never held in memory; safe to run while the app serves.
 */
export async function sweepOrphans({ db, store, now = new Date(), minAgeMs = ORPHAN_MIN_AGE_MS }: { db: Database; store: MediaStore; now?: Date; minAgeMs?: number }): Promise<SweepResult> {
  const result: SweepResult = { checked: 0, removed: [] };
  for await (const page of store.list('rooms/')) {
    result.checked += page.length;
    const old = page.filter((entry) => now.getTime() - entry.lastModified.getTime() >= minAgeMs).map((entry) => entry.key);
    const orphans = await unreferenced(db, old);
    if (orphans.length === 0) continue;
    await store.remove(orphans);
    result.removed.push(...orphans);
  }
  return result;
}

/** The keys no message refers to; one indexed query per room among them. */
async function unreferenced(db: Database, keys: string[]): Promise<string[]> {
  const byRoom = new Map<number, string[]>();
  for (const key of keys) {
    const roomId = ROOM_KEY.exec(key)?.[1];
    // Not a key the app writes: not ours to remove.
    if (roomId === undefined) continue;
    const roomKeys = byRoom.get(Number(roomId)) ?? [];
    roomKeys.push(key);
    byRoom.set(Number(roomId), roomKeys);
  }
  const orphans: string[] = [];
  for (const [roomId, roomKeys] of byRoom) {
    const rows = await db.message.findMany({
      where: { roomId, OR: [{ image: { in: roomKeys } }, { thumbnail: { in: roomKeys } }] },
      select: { image: true, thumbnail: true },
    });
    const referenced = new Set(rows.flatMap((row) => [row.image, row.thumbnail]));
    orphans.push(...roomKeys.filter((key) => !referenced.has(key)));
  }
  return orphans;
}
