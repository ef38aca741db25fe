import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { storeMessages } from '../support/factories.js';
import { createRoom, enter, getJson, getPage, postForm, postJson, roomUrl, signedInAgain, signedInAgent } from '../collab/http-helpers.js';

// GET /unread/, POST /rooms/<slug>/read/ and the mute routes over HTTP, on the real app,
// database and Redis; the live side (events on two processes) is tests/realtime/attention.test.ts.

const harness = useTestApp();
const { db } = harness;
const signUp = () => signedInAgent(harness.app, db);

async function roomWithMember() {
  const [owner, member] = await Promise.all([signUp(), signUp()]);
  const room = await createRoom(db, owner);
  await enter(member, room.slug).expect(200);
  return { owner, member, ...room };
}

const unreadOf = async (who: Awaited<ReturnType<typeof signUp>>, slug: string) =>
  ((await getJson(who, '/unread/').expect(200)).body as { rooms: { slug: string }[] }).rooms.find((room) => room.slug === slug);

describe('GET /unread/', () => {
  it("lists the user's rooms with their counts; a new member has read what came before", async () => {
    const owner = await signUp();
    const room = await createRoom(db, owner);
    await storeMessages(db, room.id, [{ userId: owner.user.id, content: '들어오기 전 글' }]);
    const member = await signUp();
    await enter(member, room.slug).expect(200);
    expect((await getJson(member, '/unread/').expect(200)).body).toEqual({ ok: true, rooms: [{ slug: room.slug, unread: 0, mentions: 0 }] });
    await storeMessages(db, room.id, [{ userId: owner.user.id, content: '들어온 뒤 글' }]);
    expect(await unreadOf(member, room.slug)).toEqual({ slug: room.slug, unread: 1, mentions: 0 });
    // The home page shows the same count.
    expect((await getPage(member, '/').expect(200)).text).toMatch(/class="badge unread-badge" data-unread="1"[^>]*>1</);
  });

  it('is for signed-in users only', async () => {
    const res = await request(harness.app).get('/unread/').set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ ok: false, code: 'LOGIN_REQUIRED' });
  });
});

describe('POST /rooms/<slug>/read/', () => {
  it("moves the marker forward only; reading in one session clears the count in the user's other sessions", async () => {
    const { owner, member, slug, id } = await roomWithMember();
    const phone = await signedInAgain(harness.app, member);
    const [first, second] = await storeMessages(db, id, [{ userId: owner.user.id, content: '하나' }, { userId: owner.user.id, content: '둘' }]);
    expect(await unreadOf(member, slug)).toMatchObject({ unread: 2 });

    expect((await postJson(phone, `${roomUrl(slug)}read/`, { id: second }).expect(200)).body).toEqual({ ok: true, id: second });
    expect(await unreadOf(member, slug)).toMatchObject({ unread: 0 });
    // Never back; the answer says where the marker is.
    expect((await postJson(member, `${roomUrl(slug)}read/`, { id: first }).expect(200)).body).toEqual({ ok: true, id: second });
    // A form body works the same, and an id past the newest message stops at the newest.
    expect((await postForm(member, `${roomUrl(slug)}read/`, { id: '2000000000' }).set('Accept', 'application/json').expect(200)).body).toEqual({ ok: true, id: second });
  });

  it('refuses a bad id, a non-member, and hides a private room', async () => {
    const { owner, slug } = await roomWithMember();
    for (const body of [{}, { id: 'abc' }, { id: 0 }, { id: -4 }, { id: 1.5 }]) {
      const res = await postJson(owner, `${roomUrl(slug)}read/`, body).expect(400);
      expect(res.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
    const stranger = await signUp();
    expect((await postJson(stranger, `${roomUrl(slug)}read/`, { id: 1 }).expect(403)).body).toMatchObject({ code: 'NO_ACCESS' });
    const secret = await createRoom(db, owner, { is_private: 'on' });
    expect((await postJson(stranger, `${roomUrl(secret.slug)}read/`, { id: 1 }).expect(404)).body).toMatchObject({ code: 'ROOM_NOT_FOUND' });
  });
});

describe('POST /rooms/<slug>/mute/ and /unmute/', () => {
  it('mutes for the minutes given, shows it on the page, and unmutes', async () => {
    const { owner, member, slug, id } = await roomWithMember();
    const before = Date.now();
    expect((await postJson(owner, `${roomUrl(slug)}mute/`, { user_id: member.user.id, minutes: 60 }).expect(200)).body).toEqual({ ok: true, next: roomUrl(slug) });
    const row = await db.roomMember.findUniqueOrThrow({ where: { roomId_userId: { roomId: id, userId: member.user.id } } });
    expect(row.mutedUntil?.getTime()).toBeGreaterThanOrEqual(before + 60 * 60_000 - 1000);
    const page = (await getPage(member, roomUrl(slug)).expect(200)).text;
    expect(page).toContain(`data-muted-until="${row.mutedUntil?.toISOString() ?? ''}"`);
    // A plain form post is redirected back to the room.
    expect((await postForm(owner, `${roomUrl(slug)}unmute/`, { user_id: String(member.user.id) })).status).toBe(303);
    expect((await getPage(member, roomUrl(slug)).expect(200)).text).toContain('data-muted-until=""');
  });

  it('refuses minutes out of 1…10080, a non-owner, and unmuting someone not muted', async () => {
    const { owner, member, slug } = await roomWithMember();
    for (const minutes of [0, 10_081, 'abc', '', 1.5, undefined]) {
      const res = await postJson(owner, `${roomUrl(slug)}mute/`, { user_id: member.user.id, minutes }).expect(400);
      expect(res.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
    expect((await postJson(member, `${roomUrl(slug)}mute/`, { user_id: owner.user.id, minutes: 10 }).expect(403)).body).toMatchObject({ code: 'NOT_OWNER' });
    expect((await postJson(owner, `${roomUrl(slug)}unmute/`, { user_id: member.user.id }).expect(409)).body).toMatchObject({ code: 'NOT_MUTED' });
    expect((await postJson(owner, `${roomUrl(slug)}mute/`, { user_id: member.user.id, minutes: '10080' }).expect(200)).body).toMatchObject({ ok: true });
  });
});
