import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskStore } from '../../src/media/disk-store.js';
import type { MediaStore } from '../../src/media/media-store.js';
import { createS3Store } from '../../src/media/s3-store.js';
import { unique } from '../support/factories.js';
import { useLocalS3 } from '../support/s3-server.js';

// One contract, two drivers: the local disk, and S3 through the AWS SDK against s3rver
// (a local S3-compatible server; see README, "Images", for what that does and does not prove).

const local = useLocalS3();
const diskRoot = mkdtempSync(path.join(os.tmpdir(), 'codingline-disk-store-'));
afterAll(() => rmSync(diskRoot, { recursive: true, force: true }));

const drivers: [string, (pageSize: number) => MediaStore][] = [
  ['disk', () => createDiskStore({ root: diskRoot })],
  ['s3', (pageSize) => createS3Store(local.s3.config, { pageSize })],
];

/** Every key under `prefix`, over all pages. */
async function keysUnder(store: MediaStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of store.list(prefix)) keys.push(...page.map((entry) => entry.key));
  return keys.sort();
}

describe.each(drivers)('the %s media store', (_name, make) => {
  it('writes, reads back with an ETag, answers a matching If-None-Match without the bytes, and 404s a missing key', async () => {
    const store = make(1000);
    const key = `rooms/${unique()}/a.webp`;
    await store.put(key, Buffer.from('첫 번째 파일'), 'image/webp');
    const opened = await store.open(key);
    if (opened === null || opened === 'not-modified') throw new Error(`expected the object, got ${String(opened)}`);
    expect(await text(opened.body)).toBe('첫 번째 파일');
    expect(opened.size).toBe(Buffer.byteLength('첫 번째 파일'));
    expect(opened.etag).toMatch(/^(W\/)?".+"$/);
    expect(await store.open(key, { ifNoneMatch: opened.etag })).toBe('not-modified');
    const again = await store.open(key, { ifNoneMatch: '"something-else"' });
    expect(again).toMatchObject({ etag: opened.etag });
    if (again && again !== 'not-modified') again.body.destroy();
    expect(await store.open(`rooms/${unique()}/missing.webp`)).toBeNull();
    store.close();
  });

  it('lists a folder page by page with times, removes keys (missing ones too) and whole folders', async () => {
    const store = make(2);
    const room = `rooms/${unique()}/`;
    const other = `rooms/${unique()}/`;
    const keys = ['a.webp', 'a-thumb.webp', 'b.webp', 'b-thumb.webp', 'c.webp'].map((name) => room + name);
    for (const key of [...keys, `${other}keep.webp`]) await store.put(key, Buffer.from(key), 'image/webp');

    const pages: number[] = [];
    for await (const page of store.list(room)) {
      pages.push(page.length);
      for (const entry of page) expect(Date.now() - entry.lastModified.getTime()).toBeLessThan(60_000);
    }
    expect(pages.reduce((sum, size) => sum + size, 0)).toBe(5);
    expect(await keysUnder(store, room)).toEqual([...keys].sort());

    await store.remove([keys[0] ?? '', keys[1] ?? '', `${room}never-written.webp`]);
    expect(await keysUnder(store, room)).toEqual(keys.slice(2).sort());
    await store.removeFolder(room);
    expect(await keysUnder(store, room)).toEqual([]);
    expect(await keysUnder(store, other)).toEqual([`${other}keep.webp`]);
    store.close();
  });
});

describe('the s3 media store against s3rver', () => {
  it('pages a listing with continuation tokens (s3rver makes real ones)', async () => {
    const store = createS3Store(local.s3.config, { pageSize: 2 });
    const room = `rooms/${unique()}/`;
    for (const name of ['1', '2', '3']) await store.put(`${room}${name}.webp`, Buffer.from(name), 'image/webp');
    const pages: string[][] = [];
    for await (const page of store.list(room)) pages.push(page.map((entry) => entry.key));
    expect(pages).toEqual([[`${room}1.webp`, `${room}2.webp`], [`${room}3.webp`]]);
    store.close();
  });

  it('is refused with a key pair the store does not know', async () => {
    const store = createS3Store({ ...local.s3.config, credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'wrong' } });
    await expect(store.put(`rooms/${unique()}/x.webp`, Buffer.from('x'), 'image/webp')).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    store.close();
  });
});
