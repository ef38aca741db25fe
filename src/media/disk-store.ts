import { createReadStream } from 'node:fs';
import { mkdir, opendir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaStore, StoredEntry } from './media-store.js';

const PAGE_SIZE = 1000;

/**
 * Files under one folder on the local disk, the key as the relative path. Fine for one
 * machine (or a shared volume); several app machines need the S3 driver.
 */
export function createDiskStore({ root }: { root: string }): MediaStore {
  const base = path.resolve(root);
  const absolute = (key: string) => {
    const file = path.resolve(base, key);
    // Keys are made by the app, never by a request; a key leaving the folder is a bug.
    if (!file.startsWith(base + path.sep)) throw new Error(`media key outside the media root: ${key}`);
    return file;
  };

  return {
    async put(key, bytes) {
      const file = absolute(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes, { flag: 'wx' });
    },

    async open(key, { ifNoneMatch } = {}) {
      const file = absolute(key);
      const stats = await stat(file).catch(() => null);
      if (!stats?.isFile()) return null;
      // The same weak ETag express's sendFile made, so browsers' cached copies stay valid.
      const etag = `W/"${stats.size.toString(16)}-${stats.mtime.getTime().toString(16)}"`;
      if (ifNoneMatch === etag) return 'not-modified';
      return { body: createReadStream(file), size: stats.size, etag };
    },

    async remove(keys) {
      await Promise.all(keys.map((key) => rm(absolute(key), { force: true })));
    },

    async removeFolder(prefix) {
      await rm(absolute(prefix), { recursive: true, force: true });
    },

    async *list(prefix) {
      let page: StoredEntry[] = [];
      for await (const entry of walk(base, path.join(base, prefix))) {
        page.push(entry);
        if (page.length < PAGE_SIZE) continue;
        yield page;
        page = [];
      }
      if (page.length > 0) yield page;
    },

    close() {},
  };
}

/** Every file under `folder` (none when it does not exist), keyed relative to `base`. */
async function* walk(base: string, folder: string): AsyncGenerator<StoredEntry> {
  const dir = await opendir(folder).catch(() => null);
  if (!dir) return;
  for await (const entry of dir) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(base, full);
    else if (entry.isFile()) yield { key: path.relative(base, full).split(path.sep).join('/'), lastModified: (await stat(full)).mtime };
  }
}
