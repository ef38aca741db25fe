import { afterAll, describe, expect, it } from 'vitest';
import { createMessageChanges } from '../../src/messages/message-changes.js';
import { postSystemMessage } from '../../src/messages/message-store.js';
import { BUCKET_BITS } from '../../src/messages/search-index.js';
import { messageGrams } from '../../src/messages/search-text.js';
import { testDatabase } from '../support/context.js';
import { buildRoom, buildUser, unique } from '../support/factories.js';
import { useMessageStore } from './helpers.js';

// Search through the gram index, on MariaDB: messages are written by the real chat writer
// (the grams go in its transaction), changed by the real edit and delete.

const db = testDatabase();
afterAll(() => db.$disconnect());
const store = useMessageStore(db);
const changes = createMessageChanges({ db, editWindowMs: 600_000, files: { remove: async () => undefined } });

async function room() {
  const owner = await buildUser(db);
  const created = await buildRoom(db, owner.id);
  const say = async (text: string, clientId: string | null = null) => (await store.postChat({ roomId: created.id, userId: owner.id, text, clientId })).event.id;
  const search = (query: string, before?: number) => store.search({ roomId: created.id, viewerId: owner.id, query, before });
  const found = async (query: string) => (await search(query)).messages.map((message) => message.id);
  return { owner, room: created, say, search, found };
}

/** An image message's fields, its files (never read here) named after `name`. */
const image = (roomId: number, userId: number, name: string, caption: string | null) => ({
  roomId,
  userId,
  image: `rooms/${roomId}/${name}.webp`,
  thumbnail: `rooms/${roomId}/${name}.thumb.webp`,
  width: 10,
  height: 10,
  caption,
});

describe('search', () => {
  it('finds Korean words inside longer words, only in its own room', async () => {
    const { say, found } = await room();
    const inside = await say('이번 주 파이썬스터디모임 어디서 해요?');
    const alone = await say('스터디 끝났어요');
    await say('스터 디 는 떨어져 있어요');
    const elsewhere = await room();
    await elsewhere.say('파이썬스터디모임');
    expect(await found('스터디')).toEqual([alone, inside]);
    expect(await found('파이썬스터디모임')).toEqual([inside]);
    expect(await found('썬스')).toEqual([inside]);
  });

  it('matches mixed Korean, Latin and digits, Latin in any case and width', async () => {
    const { say, found } = await room();
    const mixed = await say('테스트계정abc123으로 로그인');
    const react = await say('React 18로 올렸어요');
    const wide = await say('ＲＥＡＣＴ 공부');
    await say('abc 123 은 떨어져 있어요');
    expect(await found('abc123')).toEqual([mixed]);
    expect(await found('ABC123으로')).toEqual([mixed]);
    expect(await found('react')).toEqual([wide, react]);
    expect(await found('REACT 18')).toEqual([react]);
    expect(await found('계정abc')).toEqual([mixed]);
  });

  it('finds one character through its own gram', async () => {
    const { say, found } = await room();
    const rice = await say('밥 먹었어요?');
    const inWord = await say('볶음밥');
    await say('빵 먹었어요');
    expect(await found('밥')).toEqual([inWord, rice]);
    expect(await found('7')).toEqual([]);
  });

  it('is not fooled by the right grams in the wrong order or across words', async () => {
    const { say, found } = await room();
    // Both messages have the pairs 스터 and 터디, and the characters, but not "스터디".
    await say('터디스터');
    await say('스터 터디');
    const right = await say('스터디');
    expect(await found('스터디')).toEqual([right]);
  });

  it('answers a query of several words only where they stand in that order', async () => {
    const { say, found } = await room();
    const inOrder = await say('진짜   했어요 ㅋㅋ');
    await say('했어요 진짜');
    expect(await found('진짜 했어요')).toEqual([inOrder]);
  });

  it('ignores deleted messages and follows edits', async () => {
    const { owner, room: { id: roomId }, say, found } = await room();
    const deleted = await say('지워질 비밀메모');
    const edited = await say('오타있는 문장');
    const kept = await say('남는 비밀메모');
    await changes.remove({ roomId, userId: owner.id, id: deleted, mayRemoveOthers: async () => false });
    await changes.edit({ roomId, userId: owner.id, id: edited, text: '고친 비밀메모 문장' });
    expect(await found('비밀메모')).toEqual([kept, edited]);
    expect(await found('오타')).toEqual([]);
    expect(await found('문장')).toEqual([edited]);
    // The deleted message's grams are gone, the edited one's are exactly its new text's.
    const seqOf = async (id: number) => (await db.message.findUniqueOrThrow({ where: { id } })).seq;
    expect(await db.messageGram.count({ where: { roomId, seq: await seqOf(deleted) } })).toBe(0);
    const grams = await db.messageGram.findMany({ where: { roomId, seq: await seqOf(edited) }, select: { gram: true } });
    expect(grams.map((row) => row.gram).sort()).toEqual(messageGrams('고친 비밀메모 문장').sort());
  });

  it('pages newest first by before: 50 per page, nextBefore, no repeats', async () => {
    const { say, search } = await room();
    const hits: number[] = [];
    for (let index = 0; index < 120; index += 1) {
      hits.push(await say(`모임공지 ${index}번`));
      if (index % 3 === 0) await say(`다른 이야기 ${index}`);
    }
    const newestFirst = [...hits].reverse();
    const first = await search('모임공지');
    expect(first.messages.map((message) => message.id)).toEqual(newestFirst.slice(0, 50));
    expect(first.nextBefore).toBe(newestFirst[49]);
    const second = await search('모임공지', first.nextBefore ?? undefined);
    expect(second.messages.map((message) => message.id)).toEqual(newestFirst.slice(50, 100));
    const third = await search('모임공지', second.nextBefore ?? undefined);
    expect(third.messages.map((message) => message.id)).toEqual(newestFirst.slice(100));
    expect(third.nextBefore).toBeNull();
    // `before` need not be a hit: the page starts below it.
    expect((await search('모임공지', (newestFirst[10] ?? 0) + 1)).messages[0]?.id).toBe(newestFirst[10]);
    expect(await search('모임공지', 1)).toEqual({ messages: [], nextBefore: null });
  });

  it('finds messages in every bucket, and across the windows of buckets one statement reads', async () => {
    const { room: { id: roomId }, say, search } = await room();
    const setLastSeq = (lastSeq: number) => db.room.update({ where: { id: roomId }, data: { lastSeq } });
    const bucket = 2 ** BUCKET_BITS;
    // Number 1 (bucket 0), the last of bucket 0 and the first of bucket 1, then the first
    // of bucket 256: one statement reads 256 buckets, so bucket 0 is in the next window.
    const ids = [await say('버킷시험 하나')];
    await setLastSeq(bucket - 2);
    ids.push(await say('버킷시험 둘'), await say('버킷시험 셋'));
    await setLastSeq(256 * bucket);
    ids.push(await say('버킷시험 넷'));
    const seqs = await db.message.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' }, select: { seq: true } });
    expect(seqs.map((row) => row.seq)).toEqual([1, bucket - 1, bucket, 256 * bucket + 1]);
    expect((await search('버킷시험')).messages.map((message) => message.id)).toEqual([...ids].reverse());
    expect((await search('하나')).messages.map((message) => message.id)).toEqual([ids[0]]);
    expect((await search('버킷시험', ids[3])).messages.map((message) => message.id)).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('answers history entries, the same as the history page', async () => {
    const { owner, room: { id: roomId }, say, search } = await room();
    const id = await say('반응 달린 검색 대상');
    await changes.react({ roomId, userId: owner.id, id, emoji: '👍' });
    const [hit] = (await search('검색 대상')).messages;
    const [entry] = (await store.page({ roomId, viewerId: owner.id, limit: 1 })).messages;
    expect(hit).toEqual(entry);
    expect(hit).toMatchObject({ event: 'chat', message: '반응 달린 검색 대상', reactions: { '👍': 1 }, mine: ['👍'] });
  });

  it('indexes nothing for system lines, images without a caption, and texts without letters or digits', async () => {
    const { owner, room: { id: roomId }, say } = await room();
    await db.$transaction((tx) => postSystemMessage(tx, { roomId, kind: 'join', userId: owner.id }));
    await store.postImage(image(roomId, owner.id, 'a', null));
    await say('?!… 😀');
    expect(await db.messageGram.count({ where: { roomId } })).toBe(0);
  });

  it("indexes an image's caption when it is posted, follows its edit and forgets it on delete", async () => {
    const { owner, room: { id: roomId }, found } = await room();
    const posted = await store.postImage(image(roomId, owner.id, 'b', '산책길 노을사진'));
    const [hit] = (await store.search({ roomId, viewerId: owner.id, query: '노을' })).messages;
    expect(hit).toMatchObject({ event: 'image', id: posted.id, message: '산책길 노을사진' });
    await changes.edit({ roomId, userId: owner.id, id: posted.id, text: '바다사진 설명' });
    expect(await found('노을')).toEqual([]);
    expect(await found('사진')).toEqual([posted.id]);
    await changes.remove({ roomId, userId: owner.id, id: posted.id, mayRemoveOthers: async () => false });
    expect(await found('사진')).toEqual([]);
    expect(await db.messageGram.count({ where: { roomId } })).toBe(0);
  });

  it('indexes a caption added to an image by an edit', async () => {
    const { owner, room: { id: roomId }, found } = await room();
    const posted = await store.postImage(image(roomId, owner.id, 'c', null));
    await changes.edit({ roomId, userId: owner.id, id: posted.id, text: '바다사진 설명' });
    const [hit] = (await store.search({ roomId, viewerId: owner.id, query: '바다' })).messages;
    expect(hit).toMatchObject({ event: 'image', id: posted.id, message: '바다사진 설명' });
    expect(await found('사진')).toEqual([posted.id]);
  });

  it('writes a message, its grams and its mentions together, on the fast and the careful path', async () => {
    const { room: { id: roomId }, say, found } = await room();
    const friend = await buildUser(db, { username: `친구${unique()}` });
    await db.roomMember.create({ data: { roomId, userId: friend.id } });
    const text = `@${friend.username} 회의록정리 부탁해요`;
    const clientId = `c-${unique()}`;
    const fast = await say(text);
    // Two copies of one client id in a batch take the careful path.
    const [careful] = await Promise.all([say(text, clientId), say(text, clientId)]);
    expect(await found('회의록정리')).toEqual([careful, fast]);
    const mentions = await db.messageMention.findMany({ where: { messageId: { in: [fast, careful] } }, orderBy: { messageId: 'asc' } });
    expect(mentions).toEqual([{ messageId: fast, userId: friend.id }, { messageId: careful, userId: friend.id }]);
    expect(await db.messageGram.count({ where: { roomId } })).toBe(2 * messageGrams(text).length);
  });

  it('indexes messages written by the careful path (a resend in the batch)', async () => {
    const { say, found } = await room();
    const clientId = `c-${unique()}`;
    const [first, again] = await Promise.all([say('조심스러운경로 첫 글', clientId), say('조심스러운경로 첫 글', clientId)]);
    expect(again).toBe(first);
    expect(await found('스러운경')).toEqual([first]);
  });

  it('drops the grams with the room', async () => {
    const { room: { id: roomId }, say } = await room();
    await say('사라질 방의 글');
    expect(await db.messageGram.count({ where: { roomId } })).toBeGreaterThan(0);
    await db.room.delete({ where: { id: roomId } });
    expect(await db.messageGram.count({ where: { roomId } })).toBe(0);
  });
});
