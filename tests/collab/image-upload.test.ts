import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { testMediaRoot } from '../support/context.js';
import { unique } from '../support/factories.js';
import { csrfOf } from '../support/pages.js';

const harness = useTestApp();
const { db } = harness;


const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#ff0000' } }).png().toBuffer();

/** A signed-up user with a room of their own (owner, so they have access). */
async function ownerWithRoom() {
  const agent = request.agent(harness.app);
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

  it('works as a plain form post with the _csrf field, redirecting back to the room', async () => {
    const { agent, csrf, uploadPath, slug } = await ownerWithRoom();
    const res = await agent.post(uploadPath).field('_csrf', csrf).attach('image', await png(), 'photo.png').expect(303);
    expect(res.headers.location).toBe(`/rooms/${encodeURIComponent(slug)}/`);
  });

  it.each([
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg', 415, 'UNSUPPORTED_IMAGE'],
    ['HTML named .png', Buffer.from('<!doctype html><script>alert(1)</script>'), 'x.png', 415, 'UNSUPPORTED_IMAGE'],
    ['a truncated PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), 'x.png', 415, 'UNSUPPORTED_IMAGE'],
    ['a file over 5 MB', Buffer.alloc(5 * 1024 * 1024 + 1, 1), 'big.png', 413, 'FILE_TOO_LARGE'],
  ])('refuses %s with a Korean message and stores nothing', async (_name, bytes, filename, status, code) => {
    const { agent, csrf, uploadPath, slug } = await ownerWithRoom();
    const res = await agent.post(uploadPath).set('Accept', 'application/json').set('X-CSRF-Token', csrf).attach('image', bytes, filename);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ ok: false, code });
    expect(res.body.error).toMatch(/[가-힣]/);
    const room = await db.room.findUniqueOrThrow({ where: { slug } });
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(0);
    const roomFolder = path.join(testMediaRoot(), 'rooms', String(room.id));
    expect(existsSync(roomFolder) ? readdirSync(roomFolder) : []).toEqual([]);
  });

  it('asks for a file when none is sent', async () => {
    const { agent, csrf, uploadPath } = await ownerWithRoom();
    const res = await agent.post(uploadPath).set('Accept', 'application/json').set('X-CSRF-Token', csrf).field('other', 'x').expect(400);
    expect(res.body).toMatchObject({ code: 'NO_FILE', error: '올릴 이미지를 선택해 주세요.' });
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
