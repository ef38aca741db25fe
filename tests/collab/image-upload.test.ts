import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { buildTestApp, useTestApp } from '../support/app.js';
import { testConfig, testMediaRoot } from '../support/context.js';
import { unique } from '../support/factories.js';
import { animatedImage, describeImage, solidImage } from '../support/images.js';
import { csrfOf } from '../support/pages.js';

const harness = useTestApp();
const { db } = harness;


const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#ff0000' } }).png().toBuffer();

/** A signed-up user with a room of their own (owner, so they have access). */
async function ownerWithRoom(app: Express = harness.app) {
  const agent = request.agent(app);
  const id = unique();
  let csrf = await csrfOf(agent, '/signup');
  await agent.post('/signup').type('form').send({ email: `img-${id}@example.com`, username: `img_${id}`, password: 'password-1234', _csrf: csrf }).expect(303);
  csrf = await csrfOf(agent, '/');
  const created = await agent.post('/rooms').set('Accept', 'application/json').set('X-CSRF-Token', csrf).send({ name: `이미지 방 ${id}` }).expect(200);
  const slug = created.body.slug as string;
  return { agent, csrf, slug, uploadPath: `/rooms/${encodeURIComponent(slug)}/images/upload/` };
}

describe('POST /rooms/<slug>/images/upload/', () => {
  it('stores a re-encoded WebP under a random name, creates the message and serves it safely', async () => {
    const { agent, csrf, uploadPath, slug } = await ownerWithRoom();
    const res = await agent.post(uploadPath).set('Accept', 'application/json').set('X-CSRF-Token', csrf).attach('image', await png(), 'photo.png').expect(200);
    expect(res.body).toMatchObject({ ok: true, message: { event: 'image', url: expect.stringMatching(/^\/media\/rooms\/\d+\/[0-9a-f-]{36}\.webp$/) } });
    const url = res.body.message.url as string;
    const file = path.join(testMediaRoot(), url.replace('/media/', ''));
    expect((await sharp(file).metadata()).format).toBe('webp');

    const room = await db.room.findUniqueOrThrow({ where: { slug } });
    const message = await db.message.findUniqueOrThrow({ where: { id: res.body.message.id as number } });
    expect(message).toMatchObject({ roomId: room.id, content: null, image: url.replace('/media/', '') });

    const served = await agent.get(url).expect(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['x-content-type-options']).toBe('nosniff');

    const history = await agent.get(`/rooms/${encodeURIComponent(slug)}/messages/`).set('Accept', 'application/json').expect(200);
    expect(history.body.messages[0]).toMatchObject({ event: 'image', id: message.id, url });
  });

  it('stores a thumbnail and the size, and a caption as the message text, in the answer and in history', async () => {
    const { agent, csrf, uploadPath, slug } = await ownerWithRoom();
    const res = await agent
      .post(uploadPath)
      .set('Accept', 'application/json')
      .set('X-CSRF-Token', csrf)
      .attach('image', await solidImage('jpeg', 1600, 1200), 'photo.jpg')
      .field('caption', '  제주도 바다 🌊  ')
      .expect(200);
    const event = res.body.message;
    expect(event).toMatchObject({ event: 'image', width: 1600, height: 1200, message: '제주도 바다 🌊', thumb_url: expect.stringMatching(/^\/media\/rooms\/\d+\/[0-9a-f-]{36}-thumb\.webp$/) });
    expect(event.thumb_url).toBe(event.url.replace('.webp', '-thumb.webp'));
    const thumbnail = await agent.get(event.thumb_url).buffer(true).expect(200);
    expect(await describeImage(thumbnail.body as Buffer)).toMatchObject({ format: 'webp', width: 480, height: 360 });
    const row = await db.message.findUniqueOrThrow({ where: { id: event.id as number } });
    expect(row).toMatchObject({ content: '제주도 바다 🌊', thumbnail: event.thumb_url.replace('/media/', ''), imageWidth: 1600, imageHeight: 1200 });
    const history = await agent.get(`/rooms/${encodeURIComponent(slug)}/messages/`).set('Accept', 'application/json').expect(200);
    expect(history.body.messages[0]).toMatchObject({ id: event.id, url: event.url, thumb_url: event.thumb_url, width: 1600, height: 1200, message: '제주도 바다 🌊' });
  });

  it('keeps a blank caption out and refuses one longer than a chat message', async () => {
    const { agent, csrf, uploadPath, slug } = await ownerWithRoom();
    const image = await png();
    const send = (caption: string) => agent.post(uploadPath).set('Accept', 'application/json').set('X-CSRF-Token', csrf).field('caption', caption).attach('image', image, 'p.png');
    const blank = await send('   ').expect(200);
    expect(blank.body.message.message).toBeUndefined();
    const tooLong = await send('가'.repeat(2001)).expect(400);
    expect(tooLong.body).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LONG' });
    await send('가'.repeat(2000)).expect(200);
    const room = await db.room.findUniqueOrThrow({ where: { slug } });
    expect(await db.message.count({ where: { roomId: room.id, image: { not: null } } })).toBe(2);
  });

  it('works as a plain form post with the _csrf field, redirecting back to the room', async () => {
    const { agent, csrf, uploadPath, slug } = await ownerWithRoom();
    const res = await agent.post(uploadPath).field('_csrf', csrf).attach('image', await png(), 'photo.png').expect(303);
    expect(res.headers.location).toBe(`/rooms/${encodeURIComponent(slug)}/`);
  });

  it.each([
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg', 415, 'UNSUPPORTED_IMAGE'],
    ['HTML named .png', Buffer.from('<!doctype html><script>alert(1)</script>'), 'x.png', 415, 'UNSUPPORTED_IMAGE'],
    ['a truncated PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), 'x.png', 415, 'UNSUPPORTED_IMAGE'],
    ['a file over UPLOAD_MAX_BYTES (10 MB by default)', Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'big.png', 413, 'FILE_TOO_LARGE'],
    ['an animation over the frame budget', null, 'many.gif', 413, 'TOO_MANY_FRAMES'],
  ])('refuses %s with a Korean message and stores nothing', async (_name, bytes, filename, status, code) => {
    const { agent, csrf, uploadPath, slug } = await ownerWithRoom();
    // The default budget is 300 frames.
    const file = bytes ?? (await animatedImage('gif', { width: 4, height: 4, frames: 301 }));
    const res = await agent.post(uploadPath).set('Accept', 'application/json').set('X-CSRF-Token', csrf).attach('image', file, filename);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ ok: false, code });
    expect(res.body.error).toMatch(/[가-힣]/);
    const room = await db.room.findUniqueOrThrow({ where: { slug } });
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(0);
    const roomFolder = path.join(testMediaRoot(), 'rooms', String(room.id));
    expect(existsSync(roomFolder) ? readdirSync(roomFolder) : []).toEqual([]);
  });

  it('takes its limits from the configuration: UPLOAD_MAX_BYTES while the file arrives, UPLOAD_MAX_PIXELS before decoding', async () => {
    const app = buildTestApp({ db, redis: harness.redis, config: testConfig({ UPLOAD_MAX_BYTES: String(64 * 1024), UPLOAD_MAX_PIXELS: '10000' }) });
    const { agent, csrf, uploadPath, slug } = await ownerWithRoom(app);
    const upload = (bytes: Buffer) => agent.post(uploadPath).set('Accept', 'application/json').set('X-CSRF-Token', csrf).attach('image', bytes, 'p.png');
    const tooBig = await upload(Buffer.concat([await png(), Buffer.alloc(64 * 1024)])).expect(413);
    expect(tooBig.body).toMatchObject({ ok: false, code: 'FILE_TOO_LARGE', error: '이미지는 0.1MB 이하만 올릴 수 있습니다.' });
    const tooManyPixels = await upload(await solidImage('png', 101, 100)).expect(413);
    expect(tooManyPixels.body).toMatchObject({ ok: false, code: 'IMAGE_TOO_LARGE' });
    await upload(await solidImage('png', 100, 100)).expect(200);
    const room = await db.room.findUniqueOrThrow({ where: { slug } });
    // Only the accepted image's two variants were written; the refused uploads left nothing.
    expect(readdirSync(path.join(testMediaRoot(), 'rooms', String(room.id)))).toHaveLength(2);
  });

  it('asks for a file when none is sent', async () => {
    const { agent, csrf, uploadPath } = await ownerWithRoom();
    const res = await agent.post(uploadPath).set('Accept', 'application/json').set('X-CSRF-Token', csrf).field('other', 'x').expect(400);
    expect(res.body).toMatchObject({ code: 'NO_FILE', error: '올릴 이미지를 선택해 주세요.' });
  });

  it('answers a body the multipart parser cannot read with 400 BAD_UPLOAD, not a server error', async () => {
    const { agent, csrf, uploadPath } = await ownerWithRoom();
    const post = (contentType: string, body: string) => agent.post(uploadPath).set('Accept', 'application/json').set('X-CSRF-Token', csrf).set('Content-Type', contentType).send(body);
    const noBoundary = await post('multipart/form-data', 'garbage');
    const cutShort = await post('multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\nabc');
    for (const res of [noBoundary, cutShort]) expect([res.status, res.body.code]).toEqual([400, 'BAD_UPLOAD']);
  });

  it('refuses an upload without the CSRF token', async () => {
    const { agent, uploadPath } = await ownerWithRoom();
    const res = await agent.post(uploadPath).set('Accept', 'application/json').attach('image', await png(), 'photo.png').expect(403);
    expect(res.body.code).toBe('CSRF_FAILED');
  });

  it('refuses someone who has not entered the room, before reading the file', async () => {
    const { slug } = await ownerWithRoom();
    const stranger = request.agent(harness.app);
    const id = unique();
    let csrf = await csrfOf(stranger, '/signup');
    await stranger.post('/signup').type('form').send({ email: `s-${id}@example.com`, username: `s_${id}`, password: 'password-1234', _csrf: csrf }).expect(303);
    csrf = await csrfOf(stranger, '/');
    const res = await stranger.post(`/rooms/${encodeURIComponent(slug)}/images/upload/`).set('Accept', 'application/json').set('X-CSRF-Token', csrf).attach('image', await png(), 'p.png');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('NO_ACCESS');
  });

  it('serves nothing but images from the media folder', async () => {
    await request(harness.app).get('/media/../package.json').expect(404);
    await request(harness.app).get('/media/rooms/1/evil.html').expect(404);
    await request(harness.app).get('/media/rooms/1/evil.svg').expect(404);
  });
});
