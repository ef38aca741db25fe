import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Store } from '../../src/media/s3-store.js';
import { testEnv } from '../support/context.js';
import { HttpSession } from '../support/http-session.js';
import { animatedImage, describeImage, solidImage } from '../support/images.js';
import { useLocalS3 } from '../support/s3-server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import type { ReceivedEvent } from '../support/ws-client.js';
import { joinedSocket, until } from './helpers.js';

// Done when: two users on two processes using the S3 driver see each other's images
// (thumbnails, animation, captions) live. Neither process has the other's files on its
// disk: both read and write one bucket (s3rver, started for this file).

const local = useLocalS3();
let servers: ServerProcess[] = [];
beforeAll(async () => {
  const env = testEnv({ ...local.s3.env, MEDIA_ROOT: '/nonexistent/codingline-media' });
  servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});
const url = (index: 0 | 1) => servers[index]?.url ?? '';

/** Uploads through the room page's endpoint, as its form does (multipart, CSRF header). */
async function upload(session: HttpSession, slug: string, image: Buffer, caption: string): Promise<ReceivedEvent> {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(image)]), 'upload');
  form.append('caption', caption);
  const res = await fetch(`${session.baseUrl}/rooms/${encodeURIComponent(slug)}/images/upload/`, {
    method: 'POST',
    headers: { Cookie: session.cookie, Accept: 'application/json', 'X-CSRF-Token': session.csrf },
    body: form,
  });
  const body = (await res.json()) as { ok: boolean; message: ReceivedEvent };
  if (!body.ok) throw new Error(`upload failed: ${JSON.stringify(body)}`);
  return body.message;
}

/** The bytes a member's page would load, fetched from the process the member is on. */
async function imageAt(session: HttpSession, path: string) {
  const res = await session.get(path, 'image/webp');
  expect(res.status).toBe(200);
  return describeImage(Buffer.from(await res.arrayBuffer()));
}

async function bucketKeys(roomId: number): Promise<string[]> {
  const store = createS3Store(local.s3.config);
  const keys: string[] = [];
  for await (const page of store.list(`rooms/${roomId}/`)) keys.push(...page.map((entry) => entry.key));
  store.close();
  return keys;
}

describe('images on two processes with the S3 driver', () => {
  it('shows each user the other one\'s image live: thumbnail, animation, caption; a deletion empties the bucket', async () => {
    const alice = await HttpSession.signUp(url(0));
    const room = await alice.createRoom();
    const bob = await HttpSession.signUp(url(1));
    expect((await bob.enter(room.slug)).status).toBe(200);
    const onA = await joinedSocket(url(0), room.slug, alice);
    const onB = await joinedSocket(url(1), room.slug, bob);

    const animated = await upload(alice, room.slug, await animatedImage('gif', { width: 800, height: 450, frames: 3 }), '고양이 움짤 🐱');
    const seenByBob = await onB.nextOf('image', (event) => event.id === animated.id);
    expect(seenByBob).toEqual(expect.objectContaining({ url: animated.url, thumb_url: animated.thumb_url, width: 800, height: 450, message: '고양이 움짤 🐱', user: expect.objectContaining({ id: alice.userId }) }));
    expect(await imageAt(bob, seenByBob.thumb_url as string)).toMatchObject({ format: 'webp', width: 480, pageHeight: 270, pages: 3, delay: [100, 100, 100] });
    expect(await imageAt(bob, seenByBob.url as string)).toMatchObject({ width: 800, pageHeight: 450, pages: 3 });

    const still = await upload(bob, room.slug, await solidImage('jpeg', 1000, 1500), '바다');
    const seenByAlice = await onA.nextOf('image', (event) => event.id === still.id);
    expect(seenByAlice).toMatchObject({ width: 1000, height: 1500, message: '바다', user: { id: bob.userId } });
    expect(await imageAt(alice, seenByAlice.thumb_url as string)).toMatchObject({ width: 320, height: 480 });

    expect(await bucketKeys(room.id)).toHaveLength(4);
    onA.send({ action: 'delete', id: animated.id });
    await onB.nextOf('delete', (event) => event.id === animated.id);
    await until(async () => (await bucketKeys(room.id)).length === 2, "the deleted image's two files gone from the bucket");
    expect((await bob.get(animated.thumb_url as string, 'image/webp')).status).toBe(404);
    onA.close();
    onB.close();
  });
});
