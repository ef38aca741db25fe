import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskStore } from '../../src/media/disk-store.js';
import type { MediaStore } from '../../src/media/media-store.js';
import { createS3Store } from '../../src/media/s3-store.js';
import { sweepOrphans } from '../../src/media/sweep.js';
import { testDatabase, testEnv } from '../support/context.js';
import { buildRoom, buildUser } from '../support/factories.js';
import { useLocalS3 } from '../support/s3-server.js';

// `npm run media:sweep` removes files that no message points at, once they are a day old.

const db = testDatabase();
const local = useLocalS3();
const diskRoot = mkdtempSync(path.join(os.tmpdir(), 'codingline-sweep-'));
afterAll(async () => {
  rmSync(diskRoot, { recursive: true, force: true });
  await db.$disconnect();
});
const DAY = 24 * 60 * 60 * 1000;
const inTwoDays = () => new Date(Date.now() + 2 * DAY);

/** A room with an image message (two files), a deleted image's leftovers, and a file no row ever had. */
async function roomWithFiles(store: MediaStore) {
  const owner = await buildUser(db);
  const room = await buildRoom(db, owner.id);
  const key = (name: string) => `rooms/${room.id}/${name}.webp`;
  const kept = [key('kept'), key('kept-thumb')];
  const orphans = [key('deleted'), key('deleted-thumb'), key('stray')];
  for (const file of [...kept, ...orphans]) await store.put(file, Buffer.from(file), 'image/webp');
  await db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 1, image: kept[0], thumbnail: kept[1], imageWidth: 8, imageHeight: 8 } });
  await db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 2, deletedAt: new Date() } });
  return { room, kept, orphans };
}

async function keysOf(store: MediaStore, roomId: number): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of store.list(`rooms/${roomId}/`)) keys.push(...page.map((entry) => entry.key));
  return keys.sort();
}

describe.each([
  ['disk', () => createDiskStore({ root: diskRoot })],
  ['s3', () => createS3Store(local.s3.config, { pageSize: 2 })],
] as const)('the orphan sweep on %s', (_name, make) => {
  it('keeps files a message points at and young files; removes orphans older than a day', async () => {
    const store = make();
    const { room, kept, orphans } = await roomWithFiles(store);
    const now = await sweepOrphans({ db, store });
    expect(now.removed).toEqual([]);
    expect(await keysOf(store, room.id)).toEqual([...kept, ...orphans].sort());

    const later = await sweepOrphans({ db, store, now: inTwoDays() });
    expect(later.removed).toEqual(expect.arrayContaining(orphans));
    expect(later.removed.filter((key) => key.startsWith(`rooms/${room.id}/`))).toHaveLength(orphans.length);
    expect(await keysOf(store, room.id)).toEqual([...kept].sort());
    store.close();
  });

  it("removes a deleted room's files that were left behind", async () => {
    const store = make();
    const { room, kept } = await roomWithFiles(store);
    await db.room.delete({ where: { id: room.id } });
    const { removed } = await sweepOrphans({ db, store, now: inTwoDays() });
    expect(removed).toEqual(expect.arrayContaining(kept));
    expect(await keysOf(store, room.id)).toEqual([]);
    store.close();
  });
});

describe('npm run media:sweep', () => {
  it('sweeps the configured store and says what it removed', async () => {
    const mediaRoot = mkdtempSync(path.join(os.tmpdir(), 'codingline-sweep-cli-'));
    const store = createDiskStore({ root: mediaRoot });
    const { kept, orphans } = await roomWithFiles(store);
    const twoDaysAgo = new Date(Date.now() - 2 * DAY);
    for (const key of [...kept, ...orphans]) utimesSync(path.join(mediaRoot, key), twoDaysAgo, twoDaysAgo);
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'media:sweep'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...testEnv({ MEDIA_ROOT: mediaRoot }), PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/dev/null' },
    });
    for (const key of orphans) expect(stdout).toContain(`media:sweep: removed ${key}`);
    expect(stdout).toContain('5 file(s) checked in disk, 3 orphan(s) removed');
    for (const key of kept) expect(existsSync(path.join(mediaRoot, key))).toBe(true);
    for (const key of orphans) expect(existsSync(path.join(mediaRoot, key))).toBe(false);
    rmSync(mediaRoot, { recursive: true, force: true });
  });
});
