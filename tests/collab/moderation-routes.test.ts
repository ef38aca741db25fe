import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { unique } from '../support/factories.js';
import {
  createRoom,
  enter,
  getJson,
  getPage,
  postForm,
  postFormAjax,
  postJson,
  roomUrl,
  signedInAgent,
} from './http-helpers.js';

// Owner controls over HTTP: POST /rooms/<slug>/{kick,unban,transfer}/ with user_id, and
// /delete/. The rules themselves are tested on the service (moderation.test.ts); these
// tests prove the routes, their answers and what a kicked user can still reach.

const harness = useTestApp();
const { db } = harness;
const signUp = () => signedInAgent(harness.app, db);


/** An owner's room with one member who entered it. */
async function roomWithMember(fields: Record<string, unknown> = {}) {
  const [owner, member] = await Promise.all([signUp(), signUp()]);
  const room = await createRoom(db, owner, fields);
  await enter(member, room.slug, typeof fields.password === 'string' ? fields.password : undefined).expect(200);
  return { owner, member, ...room };
}

const membership = (roomId: number, userId: number) => db.roomMember.findUnique({ where: { roomId_userId: { roomId, userId } } });

describe('kick, unban and transfer', () => {
  it('answer JSON { ok, next } to a JSON body and redirect a form back to the room (303)', async () => {
    const { owner, member, slug, id } = await roomWithMember();
    const kicked = await postJson(owner, `${roomUrl(slug)}kick/`, { user_id: member.user.id });
    expect(kicked.status).toBe(200);
    expect(kicked.body).toEqual({ ok: true, next: roomUrl(slug) });
    expect(await membership(id, member.user.id)).toMatchObject({ isBanned: true });

    const unbanned = await postForm(owner, `${roomUrl(slug)}unban/`, { user_id: String(member.user.id) });
    expect(unbanned.status).toBe(303);
    expect(unbanned.headers.location).toBe(roomUrl(slug));
    expect(await membership(id, member.user.id)).toBeNull();
    // Unbanned is not re-admitted: the page stays closed until they enter again.
    expect((await getPage(member, roomUrl(slug))).status).toBe(403);

    await enter(member, slug).expect(200);
    await getPage(member, roomUrl(slug)).expect(200);
    const handedOver = await postFormAjax(owner, `/rooms/${encodeURIComponent(slug)}/transfer`, { user_id: String(member.user.id) });
    expect(handedOver.body).toEqual({ ok: true, next: roomUrl(slug) });
    expect(await membership(id, member.user.id)).toMatchObject({ role: 'owner' });
    expect(await membership(id, owner.user.id)).toMatchObject({ role: 'member' });
  });

  it('work on a Korean slug, redirecting to the encoded room path', async () => {
    const { owner, member, slug } = await roomWithMember({ name: `모더레이션 ${unique()}` });
    expect(slug).toMatch(/^모더레이션-/);
    const res = await postForm(owner, `${roomUrl(slug)}kick/`, { user_id: String(member.user.id) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/rooms/${encodeURIComponent(slug)}/`);
  });

  it('are for the owner only: 403 NOT_OWNER for members and strangers, nothing changes', async () => {
    const { owner, member, slug, id } = await roomWithMember();
    const stranger = await signUp();
    for (const actor of [member, stranger]) {
      for (const action of ['kick', 'unban', 'transfer']) {
        const res = await postJson(actor, `${roomUrl(slug)}${action}/`, { user_id: owner.user.id });
        expect(res.status, `${action} by ${actor.user.id}`).toBe(403);
        expect(res.body).toEqual({ ok: false, error: '방장만 할 수 있는 작업입니다.', code: 'NOT_OWNER' });
      }
      const page = await postForm(actor, `${roomUrl(slug)}kick/`, { user_id: String(owner.user.id) });
      expect(page.status).toBe(403);
      expect(page.text).toContain('방장만 할 수 있는 작업입니다.');
    }
    expect(await db.roomMember.findMany({ where: { roomId: id }, orderBy: { id: 'asc' }, select: { userId: true, role: true, isBanned: true } })).toEqual([
      { userId: owner.user.id, role: 'owner', isBanned: false },
      { userId: member.user.id, role: 'member', isBanned: false },
    ]);
  });

  it('refuse a bad or missing user_id with 400 and an unknown member with 404', async () => {
    const { owner, slug } = await roomWithMember();
    for (const body of [{}, { user_id: 'abc' }, { user_id: 0 }, { user_id: -3 }]) {
      const res = await postJson(owner, `${roomUrl(slug)}kick/`, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', field: 'user_id', error: '사용자 ID가 올바르지 않습니다.' });
    }
    const outsider = await signUp();
    const unknown = await postJson(owner, `${roomUrl(slug)}transfer/`, { user_id: outsider.user.id });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    const self = await postJson(owner, `${roomUrl(slug)}kick/`, { user_id: owner.user.id });
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ code: 'CANNOT_KICK_SELF' });
    const missing = await postJson(owner, `${roomUrl(`없는-방-${unique()}`)}kick/`, { user_id: outsider.user.id });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'ROOM_NOT_FOUND' });
  });

  it('refuse a post without the CSRF token and change nothing', async () => {
    const { owner, member, slug, id } = await roomWithMember();
    for (const action of ['kick', 'transfer']) {
      const res = await owner.agent.post(`${roomUrl(slug)}${action}/`).set('Accept', 'application/json').send({ user_id: member.user.id });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ ok: false, code: 'CSRF_FAILED' });
    }
    const form = await owner.agent.post(`${roomUrl(slug)}delete/`).type('form').send({});
    expect(form.status).toBe(403);
    expect(await membership(id, member.user.id)).toMatchObject({ isBanned: false, role: 'member' });
    expect(await db.room.count({ where: { id } })).toBe(1);
  });
});

describe('a kicked user', () => {
  it('cannot enter, see the page or read the history (403 BANNED), though they were in the room', async () => {
    const { owner, member, slug } = await roomWithMember({ password: 'room-pass' });
    await getPage(member, roomUrl(slug)).expect(200);
    await getJson(member, `${roomUrl(slug)}messages/`).expect(200);
    await postJson(owner, `${roomUrl(slug)}kick/`, { user_id: member.user.id }).expect(200);

    const again = await enter(member, slug, 'room-pass');
    expect(again.status).toBe(403);
    expect(again.body).toEqual({ ok: false, error: '이 채팅방에서 강퇴되어 입장할 수 없습니다.', code: 'BANNED' });
    for (const path of [roomUrl(slug), `/rooms/${encodeURIComponent(slug)}`]) {
      const page = await getPage(member, path);
      expect(page.status).toBe(403);
      expect(page.text).toContain('이 채팅방에서 강퇴되어 입장할 수 없습니다.');
      expect(page.text).not.toContain('id="chat-form"');
    }
    const history = await getJson(member, `${roomUrl(slug)}messages/`);
    expect(history.status).toBe(403);
    expect(history.body).toMatchObject({ ok: false, code: 'BANNED' });
    expect(history.body).not.toHaveProperty('messages');
    const leave = await postJson(member, `${roomUrl(slug)}leave/`);
    expect(leave.status).toBe(403);
    expect(leave.body).toMatchObject({ code: 'BANNED' });
  });

  it('no longer sees the room on the home page', async () => {
    const { owner, member, slug } = await roomWithMember();
    await postJson(owner, `${roomUrl(slug)}kick/`, { user_id: member.user.id }).expect(200);
    const home = (await getPage(member, '/').expect(200)).text;
    expect(home).not.toContain(`data-slug="${slug}"`);
  });
});

describe('leave and delete', () => {
  it('makes an owner hand over before leaving, and deletes the room when they are alone', async () => {
    const { owner, member, slug, id } = await roomWithMember();
    const refused = await postJson(owner, `${roomUrl(slug)}leave/`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ ok: false, code: 'OWNER_MUST_TRANSFER' });
    const left = await postForm(member, `${roomUrl(slug)}leave/`);
    expect(left.status).toBe(303);
    expect(left.headers.location).toBe('/');
    const alone = await postJson(owner, `${roomUrl(slug)}leave/`);
    expect(alone.body).toEqual({ ok: true, next: '/', roomDeleted: true });
    expect(await db.room.count({ where: { id } })).toBe(0);
  });

  it('deletes the room for its owner only, in JSON or as a form', async () => {
    const first = await roomWithMember();
    const notOwner = await postJson(first.member, `${roomUrl(first.slug)}delete/`);
    expect(notOwner.status).toBe(403);
    expect(notOwner.body).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(await db.room.count({ where: { id: first.id } })).toBe(1);
    expect((await postJson(first.owner, `${roomUrl(first.slug)}delete/`)).body).toEqual({ ok: true, next: '/' });
    expect(await db.room.count({ where: { id: first.id } })).toBe(0);
    const gone = await getPage(first.member, roomUrl(first.slug));
    expect(gone.status).toBe(404);

    const second = await roomWithMember();
    const form = await postForm(second.owner, `/rooms/${encodeURIComponent(second.slug)}/delete`);
    expect(form.status).toBe(303);
    expect(form.headers.location).toBe('/');
    expect(await db.room.count({ where: { id: second.id } })).toBe(0);
  });
});
