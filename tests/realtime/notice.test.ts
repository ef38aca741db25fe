import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import { TestSocket } from '../support/ws-client.js';
import { joinedSocket, roomWithMembers, useTwoServers } from './helpers.js';

// The room's notice (공지) through the real endpoints, announced on two processes.
const db = testDatabase();
const servers = useTwoServers();
afterAll(() => db.$disconnect());

const path = (slug: string, action: string) => `/rooms/${encodeURIComponent(slug)}/${action}/`;

describe('the notice', () => {
  it('is pinned by staff as a text or a message, live on both processes, shown on the page, and cleared', async () => {
    const { owner, room, members: [mod, member] } = await roomWithMembers(servers.a.url, 2);
    expect((await owner.post(path(room.slug, 'moderators'), { user_id: String(mod!.userId) })).status).toBe(200);
    const memberOnB = await joinedSocket(servers.b.url, room.slug, member!);
    const ownerOnA = await joinedSocket(servers.a.url, room.slug, owner);

    const byModerator = await mod!.post(path(room.slug, 'notice'), { text: '  매주 화요일 9시 모임  ' });
    expect(byModerator.status).toBe(200);
    const modAuthor = { id: mod!.userId, name: mod!.name, avatar: null };
    const expected = { text: '매주 화요일 9시 모임', message_id: null, by: modAuthor, at: expect.any(String) };
    expect(await byModerator.json()).toMatchObject({ ok: true, notice: expected });
    expect(await memberOnB.nextOf('notice')).toEqual({ event: 'notice', notice: expected });
    expect(await ownerOnA.nextOf('notice')).toEqual({ event: 'notice', notice: expected });
    const page = await (await member!.get(path(room.slug, '').replace(/\/\/$/, '/'))).text();
    expect(page).toContain('매주 화요일 9시 모임');
    expect(page).not.toContain('/notice/clear/');

    // The owner pins a message: its text is copied, the message named.
    ownerOnA.send({ action: 'chat', message: '회비는 만 원입니다' });
    const chat = await memberOnB.nextOf('chat', (event) => event.message === '회비는 만 원입니다');
    expect((await owner.post(path(room.slug, 'notice'), { message_id: String(chat.id) })).status).toBe(200);
    expect(await memberOnB.nextOf('notice', (event) => (event.notice as { message_id?: number } | null)?.message_id === chat.id)).toMatchObject({ notice: { text: '회비는 만 원입니다', message_id: chat.id, by: { id: owner.userId } } });

    // A member may not; bad input is a clear error.
    const refused = await member!.post(path(room.slug, 'notice'), { text: '내 공지' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    const bodies: Record<string, string>[] = [{}, { text: '둘 다', message_id: String(chat.id) }, { text: 'x'.repeat(501) }, { message_id: 'abc' }];
    for (const body of bodies) {
      const bad = await owner.post(path(room.slug, 'notice'), body);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
    const missing = await owner.post(path(room.slug, 'notice'), { message_id: '2000000000' });
    expect(await missing.json()).toMatchObject({ ok: false, code: 'MESSAGE_NOT_FOUND' });
    expect((await member!.post(path(room.slug, 'notice/clear'), {})).status).toBe(403);

    expect((await mod!.post(path(room.slug, 'notice/clear'), {})).status).toBe(200);
    expect(await memberOnB.nextOf('notice', (event) => event.notice === null)).toEqual({ event: 'notice', notice: null });
    expect(await db.roomNotice.findUnique({ where: { roomId: room.id } })).toBeNull();
    const logs = await db.moderationLog.findMany({ where: { roomId: room.id, action: { in: ['notice', 'notice_clear'] } }, orderBy: { id: 'asc' } });
    expect(logs.map((row) => [row.action, row.actorRole])).toEqual([['notice', 'moderator'], ['notice', 'owner'], ['notice_clear', 'moderator']]);
    memberOnB.close();
    ownerOnA.close();
  });

  it('reaches a reconnecting page with the room\'s settings, missed or not', async () => {
    const { owner, room } = await roomWithMembers(servers.a.url, 0);
    expect((await owner.post(path(room.slug, 'notice'), { text: '놓친 공지' })).status).toBe(200);
    const back = await TestSocket.open(servers.b.url, room.slug, { cookie: owner.cookie, since: 0 });
    expect(await back.nextOf('notice')).toMatchObject({ event: 'notice', notice: { text: '놓친 공지', message_id: null } });
    expect(await back.nextOf('room_updated')).toMatchObject({ event: 'room_updated', room: { slug: room.slug, has_password: false, tags: [] } });
    back.close();
    // A first connection (no ?since, no ?after) gets neither: the page it came with has both.
    const fresh = await joinedSocket(servers.a.url, room.slug, owner);
    expect(fresh.events.filter((event) => event.event === 'notice' || event.event === 'room_updated')).toEqual([]);
    fresh.close();
  });

  it('refuses a bare image as the notice', async () => {
    const { owner, room } = await roomWithMembers(servers.b.url, 0);
    const image = await db.message.create({ data: { roomId: room.id, userId: owner.userId, image: 'rooms/x/a.webp', thumbnail: 'rooms/x/a-t.webp', seq: 100_000 } });
    const res = await owner.post(path(room.slug, 'notice'), { message_id: String(image.id) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, code: 'NOTICE_NO_TEXT' });
  });
});
