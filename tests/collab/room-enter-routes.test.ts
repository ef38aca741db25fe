import request from 'supertest';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { roomPasswordKey } from '../../src/collab/room-entry.js';
import { useTestApp } from '../support/app.js';
import { unique } from '../support/factories.js';
import { csrfOf } from '../support/pages.js';
import { createRoom, enter, getPage, postForm, postFormAjax, postJson, roomUrl, signedInAgent, type SignedIn } from './http-helpers.js';

// POST /rooms/<slug>/enter over HTTP: the answers, every refusal and its code.

const harness = useTestApp();
const { db } = harness;
const signUp = () => signedInAgent(harness.app, db);
/**
 * Guess counts live in Redis under database ids, and the test database is created afresh
 * for every run while Redis is not: a test that guesses wrong starts and ends clean.
 */
async function forgetGuesses(roomId: number, userId: number): Promise<void> {
  await harness.redis.del(`ratelimit:${roomPasswordKey(roomId, userId)}`);
}


describe('POST /rooms/<slug>/enter', () => {
  let owner: SignedIn;
  beforeAll(async () => {
    owner = await signUp();
  });

  it('answers { ok, next } and makes the user a member', async () => {
    const guest = await signUp();
    const { slug, id } = await createRoom(db, owner, { name: `한글 방 ${unique()}` });
    const res = await enter(guest, slug);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, next: `/rooms/${encodeURIComponent(slug)}/` });
    expect(await db.roomMember.count({ where: { roomId: id, userId: guest.user.id, role: 'member' } })).toBe(1);
    // Entering again (the home page's "열기") is harmless.
    expect((await enter(guest, slug)).body).toEqual({ ok: true, next: roomUrl(slug) });
  });

  it('accepts the password as a JSON body or a form body', async () => {
    const [jsonGuest, formGuest] = await Promise.all([signUp(), signUp()]);
    const { slug } = await createRoom(db, owner, { password: '비밀 번호' });
    expect((await postJson(jsonGuest, `${roomUrl(slug)}enter`, { password: '비밀 번호' })).body).toEqual({ ok: true, next: roomUrl(slug) });
    expect((await postFormAjax(formGuest, `/rooms/${encodeURIComponent(slug)}/enter/`, { password: '비밀 번호' })).body).toEqual({ ok: true, next: roomUrl(slug) });
    const plain = await postForm(await signUp(), `${roomUrl(slug)}enter`, { password: '비밀 번호' });
    expect(plain.status).toBe(303);
    expect(plain.headers.location).toBe(roomUrl(slug));
  });

  it('refuses a wrong or missing password with exactly the original wording', async () => {
    const guest = await signUp();
    const { slug, id } = await createRoom(db, owner, { password: 'right-password' });
    await forgetGuesses(id, guest.user.id);
    onTestFinished(() => forgetGuesses(id, guest.user.id));
    for (const body of [{ password: 'wrong-password' }, {}]) {
      const res = await postJson(guest, `${roomUrl(slug)}enter`, body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: '비밀번호가 올바르지 않습니다.', code: 'WRONG_PASSWORD' });
    }
    const page = await postForm(guest, `${roomUrl(slug)}enter`, { password: 'wrong-password' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('비밀번호가 올바르지 않습니다.');
    expect(await db.roomMember.count({ where: { roomId: id, userId: guest.user.id } })).toBe(0);
    await getPage(guest, roomUrl(slug)).expect(403);
  });

  it('rate limits password guesses with 429', async () => {
    const guest = await signUp();
    const { slug, id } = await createRoom(db, owner, { password: 'right-password' });
    await forgetGuesses(id, guest.user.id);
    onTestFinished(() => forgetGuesses(id, guest.user.id));
    for (let guess = 0; guess < 5; guess += 1) expect((await enter(guest, slug, `guess-${guess}`)).status).toBe(400);
    const blocked = await enter(guest, slug, 'right-password');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ ok: false, code: 'TOO_MANY_ATTEMPTS', error: '비밀번호를 너무 많이 틀렸습니다. 잠시 후 다시 시도해 주세요.' });
    expect((blocked.body as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    // The limit is per user: someone else still gets in.
    expect((await enter(await signUp(), slug, 'right-password')).status).toBe(200);
  });

  it('refuses a full room with 403 ROOM_FULL, but lets a member back in', async () => {
    const [first, second] = await Promise.all([signUp(), signUp()]);
    const { slug, id } = await createRoom(db, owner, { capacity: 2 });
    expect((await enter(first, slug)).status).toBe(200);
    const full = await enter(second, slug);
    expect(full.status).toBe(403);
    expect(full.body).toEqual({ ok: false, error: '채팅방 정원이 가득 찼습니다.', code: 'ROOM_FULL' });
    expect(await db.roomMember.count({ where: { roomId: id } })).toBe(2);
    expect((await enter(first, slug)).status).toBe(200);
  });

  it('refuses a banned user with 403 BANNED, even with the right password', async () => {
    const guest = await signUp();
    const { slug } = await createRoom(db, owner, { password: 'right-password' });
    expect((await enter(guest, slug, 'right-password')).status).toBe(200);
    expect((await postJson(owner, `${roomUrl(slug)}kick/`, { user_id: guest.user.id })).status).toBe(200);
    const res = await enter(guest, slug, 'right-password');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, code: 'BANNED' });
  });

  it('answers 404 for a room that does not exist, and 401 to visitors', async () => {
    const guest = await signUp();
    const missing = await enter(guest, `없는-방-${unique()}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ ok: false, code: 'ROOM_NOT_FOUND' });
    const { slug } = await createRoom(db, owner);
    const visitor = request.agent(harness.app);
    const token = await csrfOf(visitor, '/login');
    const anonymous = await visitor.post(`${roomUrl(slug)}enter`).set('Accept', 'application/json').set('X-CSRF-Token', token).send({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ ok: false, code: 'LOGIN_REQUIRED' });
  });

  it('refuses an enter without the CSRF token and grants nothing', async () => {
    const guest = await signUp();
    const { slug, id } = await createRoom(db, owner);
    const res = await guest.agent.post(`${roomUrl(slug)}enter`).set('Accept', 'application/json').send({});
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, code: 'CSRF_FAILED' });
    expect(await db.roomMember.count({ where: { roomId: id, userId: guest.user.id } })).toBe(0);
    await getPage(guest, roomUrl(slug)).expect(403);
  });
});
