import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import { unique } from '../support/factories.js';
import { HttpSession } from '../support/http-session.js';
import { joinedSocket, roomWithMembers, useTwoServers } from './helpers.js';

// Room settings and tags through the real endpoints, announced on two processes.
const db = testDatabase();
const servers = useTwoServers();
afterAll(() => db.$disconnect());

const path = (slug: string, action: string) => `/rooms/${encodeURIComponent(slug)}/${action}/`;

describe('room settings', () => {
  it('lets the owner change every creation field, live on both processes; the slug stays', async () => {
    const { owner, room, members: [mod, member] } = await roomWithMembers(servers.a.url, 2);
    expect((await owner.post(path(room.slug, 'moderators'), { user_id: String(mod!.userId) })).status).toBe(200);
    const onB = await joinedSocket(servers.b.url, room.slug, member!);
    const name = `새 이름 ${unique()}`;

    const changed = await owner.post(path(room.slug, 'settings'), { name, topic: '매주 토요일', capacity: '3', password: '새비밀번호', tags: '#주말, 모임', is_private: '' });
    expect(changed.status).toBe(200);
    const settings = { name, slug: room.slug, topic: '매주 토요일', capacity: 3, has_password: true, is_private: false, tags: ['주말', '모임'] };
    expect(await changed.json()).toEqual({ ok: true, next: `/rooms/${encodeURIComponent(room.slug)}/`, slug: room.slug, room: settings });
    expect(await onB.nextOf('room_updated')).toEqual({ event: 'room_updated', room: settings });
    expect(await db.moderationLog.count({ where: { roomId: room.id, action: 'settings', actorRole: 'owner' } })).toBe(1);

    // The new password is the one that opens the room; a blank one keeps it; the checkbox removes it.
    const guest = await HttpSession.signUp(servers.b.url);
    expect((await guest.enter(room.slug, '새비밀번호')).status).toBe(403); // full: 3 of 3
    expect((await owner.post(path(room.slug, 'settings'), { name, capacity: '4', tags: '주말' })).status).toBe(200);
    expect((await guest.enter(room.slug, '틀린비밀번호')).status).toBe(400);
    expect((await owner.post(path(room.slug, 'settings'), { name, capacity: '4', remove_password: 'on' })).status).toBe(200);
    expect((await guest.enter(room.slug)).status).toBe(200);
    expect(await onB.nextOf('room_updated', (event) => (event.room as { has_password: boolean }).has_password === false)).toMatchObject({ room: { capacity: 4, tags: [] } });
    onB.close();
  });

  it('refuses a capacity below the members, anyone but the owner, and bad fields', async () => {
    const { owner, room, members: [mod, member] } = await roomWithMembers(servers.b.url, 2);
    expect((await owner.post(path(room.slug, 'moderators'), { user_id: String(mod!.userId) })).status).toBe(200);
    const below = await owner.post(path(room.slug, 'settings'), { name: '방', capacity: '2' });
    expect(below.status).toBe(400);
    expect(await below.json()).toMatchObject({ ok: false, code: 'CAPACITY_BELOW_MEMBERS', error: expect.stringContaining('3명') });
    expect((await mod!.post(path(room.slug, 'settings'), { name: '방', capacity: '5' })).status).toBe(403);
    expect(await (await member!.post(path(room.slug, 'settings'), { name: '방', capacity: '5' })).json()).toMatchObject({ code: 'NOT_OWNER' });
    const bads: Record<string, string>[] = [{ name: '' }, { name: '방', capacity: '1' }, { name: '방', tags: '가 나 다 라 마 바' }, { name: '방', password: 'abc' }];
    for (const bad of bads) {
      const res = await owner.post(path(room.slug, 'settings'), bad);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
    // Turned private, the room gets an invitation and leaves the public list.
    expect((await owner.post(path(room.slug, 'settings'), { name: '방', capacity: '5', is_private: 'on' })).status).toBe(200);
    expect(await db.room.findUniqueOrThrow({ where: { id: room.id } })).toMatchObject({ isPrivate: true, inviteToken: expect.any(String) });
    const stranger = await HttpSession.signUp(servers.a.url);
    expect((await stranger.get(path(room.slug, '').replace(/\/\/$/, '/'))).status).toBe(404);
  });
});

describe('tags and search on the home page', () => {
  it('finds rooms by name, topic and tag, and lists the public rooms of a tag with chips linking to it', async () => {
    const owner = await HttpSession.signUp(servers.a.url);
    const token = unique().slice(0, 8);
    const tagged = await owner.createRoom({ name: `태그 방 ${token}`, tags: `#t${token} 스터디` });
    const byTopic = await owner.createRoom({ name: `주제 방 ${token}`, topic: `주제${token}` });
    await owner.createRoom({ name: `비공개 ${token}`, tags: `t${token}`, is_private: 'on' });
    const viewer = await HttpSession.signUp(servers.b.url);
    const home = async (query: string) => (await viewer.get(`/?${query}`)).text();

    const byTag = await home(`tag=${encodeURIComponent(`#t${token}`)}`);
    expect(byTag).toContain(`data-slug="${tagged.slug}"`);
    expect(byTag).not.toContain(`data-slug="${byTopic.slug}"`);
    expect(byTag).not.toContain(`비공개 ${token}`);
    expect(byTag).toContain(`<a class="tag-chip" href="/?tag=t${token}">#t${token}</a>`);

    const searchTag = await home(`q=t${token}`);
    expect(searchTag).toContain(`data-slug="${tagged.slug}"`);
    const searchTopic = await home(`q=${encodeURIComponent(`주제${token}`)}`);
    expect(searchTopic).toContain(`data-slug="${byTopic.slug}"`);
    expect(searchTopic).not.toContain(`data-slug="${tagged.slug}"`);

    const tooMany = await owner.post('/rooms', { name: `많은 태그 ${token}`, tags: '1 2 3 4 5 6' });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', field: 'tags' });
  });
});
