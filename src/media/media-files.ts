import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import type { MediaStore } from './media-store.js';

/** Waits before each new try at removing files that could not be removed (then it gives up, logged). */
const REMOVE_RETRY_MS = [1_000, 10_000, 60_000];

/** The stored variants of one image: keys relative to the store, as the database keeps them. */
export interface ImageKeys {
  image: string;
  thumbnail: string;
}

/** The folder of a room's files: deleting the room empties it. */
export const roomPrefix = (roomId: number) => `rooms/${roomId}/`;

/**
 * Uploaded images in whichever store is configured, one folder per room
 * (`rooms/<roomId>/<random>.webp` and `<random>-thumb.webp`). Removal never fails its
 * caller: the deletion that asked for it is already committed.
 */
export function createMediaFiles({ store, logger }: { store: MediaStore; logger: Logger }) {
  /** Writes both variants under a new random name; a half-written pair is removed again. */
  async function saveImage(roomId: number, variants: { image: Buffer; thumbnail: Buffer }): Promise<ImageKeys> {
    const name = `${roomPrefix(roomId)}${randomUUID()}`;
    const keys = { image: `${name}.webp`, thumbnail: `${name}-thumb.webp` };
    try {
      await Promise.all([store.put(keys.image, variants.image, 'image/webp'), store.put(keys.thumbnail, variants.thumbnail, 'image/webp')]);
    } catch (error) {
      await remove([keys.image, keys.thumbnail]);
      throw error;
    }
    return keys;
  }

  /** Removes files; a failure is logged and retried a few times in the background, never thrown. */
  function remove(keys: readonly string[]): Promise<void> {
    return withRetry(() => store.remove(keys), { keys });
  }

  async function withRetry(work: () => Promise<void>, context: Record<string, unknown>, attempt = 0): Promise<void> {
    try {
      await work();
    } catch (error) {
      const wait = REMOVE_RETRY_MS[attempt];
      logger.warn({ err: error, ...context, attempt }, wait === undefined ? 'could not remove media; giving up' : 'could not remove media; retrying');
      if (wait !== undefined) setTimeout(() => void withRetry(work, context, attempt + 1), wait).unref();
    }
  }

  return {
    store,
    saveImage,
    remove,
    /** Every file of a deleted room. */
    removeRoom: (roomId: number) => withRetry(() => store.removeFolder(roomPrefix(roomId)), { roomId }),
  };
}

export type MediaFiles = ReturnType<typeof createMediaFiles>;
