import { afterAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser, unique } from '../support/factories.js';
import { testDatabase } from '../support/context.js';

// The migrations are hand-written SQL; these round-trips through the generated client
// on the freshly migrated test database prove schema.prisma and the SQL agree: Prisma
// reads and writes every column of every model, so a missing column, a wrong type or a
// wrong nullability fails here.
const db = testDatabase();
afterAll(() => db.$disconnect());

describe('schema.prisma agrees with prisma/migrations', () => {
  it('round-trips User', async () => {
    const id = unique();
    const created = await db.user.create({
      data: { email: `rt-${id}@example.com`, username: `rt_${id}`, displayName: `닉네임${id}`, avatar: 'avatars/a.png', passwordHash: '$2b$04$hash' },
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: created.id } })).toEqual(created);
    const updated = await db.user.update({ where: { email: `rt-${id}@example.com` }, data: { displayName: null, avatar: null, passwordHash: null } });
    expect(updated).toMatchObject({ displayName: null, avatar: null, passwordHash: null, username: `rt_${id}` });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    await db.user.delete({ where: { id: created.id } });
    expect(await db.user.findUnique({ where: { id: created.id } })).toBeNull();
  });

  it('round-trips SocialAccount with its JSON profile', async () => {
    const user = await buildUser(db);
    const profile = { id: 12345, kakao_account: { profile: { nickname: '코딩' }, email: null }, nested: [1, 'two', true] };
    const created = await db.socialAccount.create({ data: { userId: user.id, provider: 'kakao', providerUserId: `k-${unique()}`, profile } });
    const read = await db.socialAccount.findUniqueOrThrow({
      where: { provider_providerUserId: { provider: 'kakao', providerUserId: created.providerUserId } },
    });
    expect(read.profile).toEqual(profile);
    const updated = await db.socialAccount.update({ where: { id: created.id }, data: { provider: 'naver', profile: { response: { id: 'n' } } } });
    expect(updated).toMatchObject({ provider: 'naver', profile: { response: { id: 'n' } } });
    await db.socialAccount.delete({ where: { id: created.id } });
    expect(await db.socialAccount.count({ where: { userId: user.id } })).toBe(0);
  });

  it('round-trips Room with Korean text', async () => {
    const user = await buildUser(db);
    const slug = `파이썬-스터디-${unique()}`;
    const created = await db.room.create({
      data: { name: '파이썬 스터디 🐍', slug, topic: '매주 화요일', capacity: 5, passwordHash: '$2b$04$x', isPrivate: true, inviteToken: `invite-${unique()}`, createdById: user.id },
    });
    expect(await db.room.findUniqueOrThrow({ where: { slug } })).toEqual(created);
    const updated = await db.room.update({ where: { id: created.id }, data: { topic: '', passwordHash: null, isPrivate: false, inviteToken: null, capacity: 50 } });
    expect(updated).toMatchObject({ topic: '', passwordHash: null, isPrivate: false, capacity: 50, name: '파이썬 스터디 🐍' });
    await db.room.delete({ where: { id: created.id } });
    expect(await db.room.findUnique({ where: { slug } })).toBeNull();
  });

  it('round-trips RoomMember', async () => {
    const owner = await buildUser(db);
    const member = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    const created = await db.roomMember.create({ data: { roomId: room.id, userId: member.id } });
    expect(created).toMatchObject({ role: 'member', isBanned: false, lastActiveAt: null });
    expect(await db.roomMember.findUniqueOrThrow({ where: { roomId_userId: { roomId: room.id, userId: member.id } } })).toEqual(created);
    const seen = new Date('2026-01-02T03:04:05.678Z');
    expect(created).toMatchObject({ lastReadId: 0, mutedUntil: null });
    const updated = await db.roomMember.update({ where: { id: created.id }, data: { isBanned: true, lastActiveAt: seen, lastReadId: 2_000_000_000, mutedUntil: seen } });
    expect(updated).toMatchObject({ isBanned: true, lastActiveAt: seen, lastReadId: 2_000_000_000, mutedUntil: seen });
    expect(await db.roomMember.findUniqueOrThrow({ where: { id: created.id } })).toEqual(updated);
    await db.roomMember.delete({ where: { id: created.id } });
    expect(await db.roomMember.count({ where: { roomId: room.id } })).toBe(1);
  });

  it('round-trips Message and lists it with its author', async () => {
    const owner = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    const text = await db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 1, content: '안녕하세요 <b>', image: null } });
    const image = await db.message.create({
      data: { roomId: room.id, userId: owner.id, seq: 2, image: 'rooms/1/a.webp', thumbnail: 'rooms/1/a-thumb.webp', imageWidth: 2048, imageHeight: 1365, content: '캡션' },
    });
    expect(await db.message.findUniqueOrThrow({ where: { id: image.id } })).toEqual(image);
    const page = await db.message.findMany({ where: { roomId: room.id }, orderBy: { id: 'desc' }, include: { user: true } });
    expect(page.map((message) => message.id)).toEqual([image.id, text.id]);
    expect(page[1]).toMatchObject({ content: '안녕하세요 <b>', image: null, user: { id: owner.id } });
    const updated = await db.message.update({ where: { id: text.id }, data: { image: 'rooms/1/b.webp', editedAt: new Date(), systemKind: 'transfer', targetId: owner.id } });
    expect(updated).toMatchObject({ image: 'rooms/1/b.webp', systemKind: 'transfer', targetId: owner.id, editedAt: expect.any(Date), deletedAt: null, seq: 1 });
    await db.message.delete({ where: { id: text.id } });
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(1);
  });

  it('round-trips Reaction (emoji kept apart byte for byte) and RoomChange', async () => {
    const owner = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    const message = await db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 1, content: '반응' } });
    // ❤️ and 😂 compare equal under utf8mb4_unicode_ci; the table uses utf8mb4_bin.
    const heart = await db.reaction.create({ data: { messageId: message.id, userId: owner.id, emoji: '❤️' } });
    const laugh = await db.reaction.create({ data: { messageId: message.id, userId: owner.id, emoji: '😂' } });
    expect(await db.reaction.findMany({ where: { messageId: message.id }, orderBy: { id: 'asc' } })).toEqual([heart, laugh]);
    const change = await db.roomChange.create({ data: { roomId: room.id, seq: 2, messageId: message.id, kind: 'reaction', userId: owner.id, emoji: '❤️', reactionOn: true } });
    expect(await db.roomChange.findUniqueOrThrow({ where: { roomId_seq: { roomId: room.id, seq: 2 } } })).toEqual(change);
    const room2 = await db.room.update({ where: { id: room.id }, data: { lastSeq: 2, changesFloorSeq: 1 } });
    expect(room2).toMatchObject({ lastSeq: 2, changesFloorSeq: 1 });
    await db.message.delete({ where: { id: message.id } });
    expect(await db.reaction.count({ where: { messageId: message.id } })).toBe(0);
    expect(await db.roomChange.count({ where: { messageId: message.id } })).toBe(0);
  });

  it('round-trips MessageGram (negative grams too) and cascades a room deletion to it', async () => {
    const owner = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    const rows = [
      { roomId: room.id, bucket: 0, gram: -2_147_483_648, seq: 1 },
      { roomId: room.id, bucket: 0, gram: 2_147_483_647, seq: 1 },
      { roomId: room.id, bucket: 524_287, gram: 0x7f000000, seq: 2_147_483_647 },
    ];
    await db.messageGram.createMany({ data: rows });
    const key = { roomId: room.id, bucket: 524_287, gram: 0x7f000000, seq: 2_147_483_647 };
    expect(await db.messageGram.findUniqueOrThrow({ where: { roomId_bucket_gram_seq: key } })).toEqual(key);
    expect(await db.messageGram.findMany({ where: { roomId: room.id }, orderBy: [{ bucket: 'asc' }, { gram: 'asc' }] })).toEqual(rows);
    await expect(db.messageGram.create({ data: rows[0] ?? key })).rejects.toMatchObject({ code: 'P2002' });
    await db.messageGram.delete({ where: { roomId_bucket_gram_seq: key } });
    expect(await db.messageGram.count({ where: { roomId: room.id } })).toBe(2);
    await db.room.delete({ where: { id: room.id } });
    expect(await db.messageGram.count({ where: { roomId: room.id } })).toBe(0);
  });

  it('round-trips MessageMention, gone with its message', async () => {
    const owner = await buildUser(db);
    const mentioned = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    const message = await db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 1, content: `@${mentioned.username} 안녕` } });
    const mention = await db.messageMention.create({ data: { messageId: message.id, userId: mentioned.id } });
    expect(await db.messageMention.findMany({ where: { userId: mentioned.id } })).toEqual([mention]);
    await db.message.delete({ where: { id: message.id } });
    expect(await db.messageMention.count({ where: { userId: mentioned.id } })).toBe(0);
  });

  it('cascades a room deletion to its members and messages', async () => {
    const owner = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    await db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 1, content: 'bye' } });
    await db.room.delete({ where: { id: room.id } });
    expect(await db.roomMember.count({ where: { roomId: room.id } })).toBe(0);
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(0);
  });
});
