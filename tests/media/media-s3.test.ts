import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createAppDeps, type AppDeps } from '../../src/deps.js';
import { createS3Store } from '../../src/media/s3-store.js';
import { createRoom, enter, postJson, roomUrl, signedInAgent, type SignedIn } from '../collab/http-helpers.js';
import { testRedis } from '../support/app.js';
import { silentLogger, testConfig, testDatabase } from '../support/context.js';
import { animatedImage, describeImage } from '../support/images.js';
import { useLocalS3 } from '../support/s3-server.js';

// The app with MEDIA_STORAGE=s3 against s3rver: uploads land in the bucket, are served
// only to members through the app, and go with their message or room.

const db = testDatabase();
const local = useLocalS3();
let redis: Redis;
let deps: AppDeps;
let app: Express;
beforeAll(async () => {
  redis = await testRedis();
  deps = createAppDeps({ config: testConfig(local.s3.env), db, redis, logger: silentLogger });
  app = createApp(deps);
});
afterAll(async () => {
  deps.files.store.close();
  redis.disconnect();
  await db.$disconnect();
});

/** The keys in the bucket under a room's folder. */
async function bucketKeys(roomId: number): Promise<string[]> {
  const store = createS3Store(local.s3.config);
  const keys: string[] = [];
  for await (const page of store.list(`rooms/${roomId}/`)) keys.push(...page.map((entry) => entry.key));
  store.close();
  return keys.sort();
}

interface Uploaded {
  id: number;
  url: string;
  thumb_url: string;
}

/** An owner's room with an animated, captioned image in it, and a member who entered. */
async function roomWithImage() {
  const owner = await signedInAgent(app, db);
  const member = await signedInAgent(app, db);
  const room = await createRoom(db, owner);
  await enter(member, room.slug).expect(200);
  const gif = await animatedImage('gif', { width: 640, height: 360, frames: 3 });
  const upload = await owner.agent
    .post(`${roomUrl(room.slug)}images/upload/`)
    .set('Accept', 'application/json')
    .set('X-CSRF-Token', owner.csrf)
    .field('caption', '움짤')
    .attach('image', gif, 'a.gif')
    .expect(200);
  return { owner, member, room, image: upload.body.message as Uploaded };
}

const fetchBytes = (who: SignedIn, url: string) => who.agent.get(url).buffer(true);

describe('images in an S3 bucket', () => {
  it('stores both variants in the bucket and streams them to members only, with ETag and 304', async () => {
    const { member, room, image } = await roomWithImage();
    expect(await bucketKeys(room.id)).toEqual([image.thumb_url, image.url].map((url) => url.replace('/media/', '')).sort());
    const thumbnail = await fetchBytes(member, image.thumb_url).expect(200);
    expect(thumbnail.headers).toMatchObject({ 'content-type': 'image/webp', 'x-content-type-options': 'nosniff', 'cache-control': expect.stringMatching(/^private/) });
    expect(await describeImage(thumbnail.body as Buffer)).toMatchObject({ format: 'webp', width: 480, pageHeight: 270, pages: 3 });
    const display = await fetchBytes(member, image.url).expect(200);
    expect(await describeImage(display.body as Buffer)).toMatchObject({ width: 640, pageHeight: 360, pages: 3 });
    await member.agent.get(image.url).set('If-None-Match', display.headers.etag as string).expect(304);

    const stranger = await signedInAgent(app, db);
    await stranger.agent.get(image.url).expect(404);
    await stranger.agent.get(image.url.replace(/[0-9a-f-]{36}\.webp$/, '00000000-0000-0000-0000-000000000000.webp')).expect(404);
  });

  it("removes both variants from the bucket when the image's message is deleted", async () => {
    const { owner, room, image } = await roomWithImage();
    await deps.changes.remove({ roomId: room.id, userId: owner.user.id, id: image.id, mayRemoveOthers: async () => false });
    expect(await bucketKeys(room.id)).toEqual([]);
    await owner.agent.get(image.thumb_url).expect(404);
  });

  it("removes a deleted room's folder from the bucket, and stops serving it at once", async () => {
    const { owner, member, room, image } = await roomWithImage();
    await fetchBytes(member, image.url).expect(200);
    await postJson(owner, `${roomUrl(room.slug)}delete/`).expect(200);
    expect(await bucketKeys(room.id)).toEqual([]);
    await member.agent.get(image.url).expect(404);
  });
});
