import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';

/** Waits before each new try at removing files that could not be removed (then it gives up, logged). */
const REMOVE_RETRY_MS = [1_000, 10_000, 60_000];

/**
 * Uploaded files on the local disk under MEDIA_ROOT, one folder per room
 * (`rooms/<roomId>/<random>.<ext>`). Paths handed out are relative to the root; the
 * database stores them.
 */
export function createMediaFiles({ root, logger }: { root: string; logger: Logger }) {
  const base = path.resolve(root);
  const absolute = (relative: string) => path.join(base, relative);

  /** Writes the bytes under a new random name in the room's folder; never overwrites. */
  async function save(roomId: number, bytes: Buffer, extension: string): Promise<string> {
    const relative = `rooms/${roomId}/${randomUUID()}.${extension}`;
    const file = absolute(relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes, { flag: 'wx' });
    return relative;
  }

  /**
   * Removes a file or folder. A failure is logged and retried a few times in the
   * background, never thrown: the caller's deletion (already committed) stands.
   */
  async function remove(relative: string, attempt = 0): Promise<void> {
    try {
      await rm(absolute(relative), { recursive: true, force: true });
    } catch (error) {
      const wait = REMOVE_RETRY_MS[attempt];
      logger.warn({ err: error, path: relative, attempt }, wait === undefined ? 'could not remove media; giving up' : 'could not remove media; retrying');
      if (wait !== undefined) setTimeout(() => void remove(relative, attempt + 1), wait).unref();
    }
  }

  return {
    root: base,
    absolute,
    save,
    remove,
    /** Every file of a deleted room. */
    removeRoom: (roomId: number) => remove(`rooms/${roomId}`),
  };
}

export type MediaFiles = ReturnType<typeof createMediaFiles>;
