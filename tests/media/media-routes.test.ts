import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { testMediaRoot } from '../support/context.js';
import { createRoom, enter, postJson, roomUrl, signedInAgent, type SignedIn } from '../collab/http-helpers.js';

// Uploaded images are served only to the current, non-banned members of their room.

const harness = useTestApp();
const { db } = harness;
const signUp = () => signedInAgent(harness.app, db);

/** An owner's room with one image in it, and a member who entered. */
async function roomWithImage() {
  const owner = await signUp();
  const member = await signUp();
  const room = await createRoom(db, owner);
  await enter(member, room.slug).expect(200);
  const image = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#2f9e44' } }).png().toBuffer();
  const upload = await owner.agent.post(`${roomUrl(room.slug)}images/upload/`).set('Accept', 'application/json').set('X-CSRF-Token', owner.csrf).attach('image', image, 'g.png').expect(200);
  const url = (upload.body as { message: { url: string } }).message.url;
  return { owner, member, room, url, file: path.join(testMediaRoot(), url.replace('/media/', '')) };
}

const fetchAs = (who: SignedIn | null, url: string) => (who ? who.agent.get(url) : request(harness.app).get(url));

describe('GET /media/rooms/<roomId>/<file>', () => {
  it('serves members privately, safely and with 304 for a conditional request', async () => {
    const { member, url } = await roomWithImage();
    const served = await fetchAs(member, url).expect(200);
    expect(served.headers).toMatchObject({
      'content-type': 'image/webp',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': expect.stringMatching(/^private/),
    });
    const etag = served.headers.etag as string;
    await member.agent.get(url).set('If-None-Match', etag).expect(304);
  });

  it('answers 404 to a signed-out visitor and to a non-member, as for a file that does not exist', async () => {
    const { url } = await roomWithImage();
    const stranger = await signUp();
    const missing = url.replace(/[0-9a-f-]{36}\.webp$/, '00000000-0000-0000-0000-000000000000.webp');
    for (const [who, target] of [[null, url], [stranger, url], [stranger, missing]] as const) {
      const res = await fetchAs(who, target).set('Accept', 'application/json');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    }
  });

  it('stops at once for a kicked member and for one who left, even right after they fetched it', async () => {
    const { owner, member, room, url } = await roomWithImage();
    const leaver = await signUp();
    await enter(leaver, room.slug).expect(200);
    await fetchAs(member, url).expect(200);
    await fetchAs(leaver, url).expect(200);
    await postJson(owner, `${roomUrl(room.slug)}kick/`, { user_id: member.user.id }).expect(200);
    await postJson(leaver, `${roomUrl(room.slug)}leave/`).expect(200);
    await fetchAs(member, url).expect(404);
    await fetchAs(leaver, url).expect(404);
    await fetchAs(owner, url).expect(200);
  });

  it("removes a deleted room's files: nobody can fetch them and none is left on disk", async () => {
    const { owner, member, room, url, file } = await roomWithImage();
    expect(existsSync(file)).toBe(true);
    await fetchAs(owner, url).expect(200);
    await postJson(owner, `${roomUrl(room.slug)}delete/`).expect(200);
    expect(existsSync(path.dirname(file))).toBe(false);
    await fetchAs(owner, url).expect(404);
    await fetchAs(member, url).expect(404);
  });

  it('removes the files when the last member (the owner) leaves and the room goes with them', async () => {
    const owner = await signUp();
    const room = await createRoom(db, owner);
    const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
    const upload = await owner.agent.post(`${roomUrl(room.slug)}images/upload/`).set('Accept', 'application/json').set('X-CSRF-Token', owner.csrf).attach('image', image, 'b.png').expect(200);
    const file = path.join(testMediaRoot(), (upload.body as { message: { url: string } }).message.url.replace('/media/', ''));
    const left = await postJson(owner, `${roomUrl(room.slug)}leave/`).expect(200);
    expect(left.body).toMatchObject({ roomDeleted: true });
    expect(existsSync(file)).toBe(false);
  });
});
