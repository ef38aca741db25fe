import { afterAll, describe, expect, it } from 'vitest';
import { createMessageChanges } from '../../src/messages/message-changes.js';
import { testDatabase } from '../support/context.js';
import { useMessageStore } from './helpers.js';
import { buildRoom, buildUser } from '../support/factories.js';
import { codeOf } from '../collab/helpers.js';

const db = testDatabase();
afterAll(() => db.$disconnect());
const store = useMessageStore(db);
let clock = new Date('2026-11-29T10:00:00Z');
const removedFiles: string[] = [];
const files = { remove: async (keys: readonly string[]) => void removedFiles.push(...keys) };
const changes = createMessageChanges({ db, editWindowMs: 600_000, files, now: () => clock });

async function roomWithChat() {
  const author = await buildUser(db);
  const other = await buildUser(db);
  const room = await buildRoom(db, author.id);
  clock = new Date();
  const { event } = await store.postChat({ roomId: room.id, userId: author.id, text: '원래 글', clientId: null });
  return { author, other, room, id: event.id, seq: event.seq };
}
const nobodyElse = async () => false;
/** An image message's stored variants and size, as the upload writes them. */
const imageOf = (roomId: number, name: string) => ({ roomId, image: `rooms/${roomId}/${name}.webp`, thumbnail: `rooms/${roomId}/${name}-thumb.webp`, width: 640, height: 480 });
const anyone = async () => true;

describe('edit', () => {
  it('lets the author change the text within the window, numbered next in the room', async () => {
    const { author, room, id, seq } = await roomWithChat();
    const edited = await changes.edit({ roomId: room.id, userId: author.id, id, text: '고친 글' });
    expect(edited).toEqual({ event: { event: 'edit', id, seq: seq + 1, message: '고친 글', edited_at: clock.toISOString() }, newMentions: [] });
    const page = await store.page({ roomId: room.id, viewerId: author.id });
    expect(page.messages[0]).toMatchObject({ id, message: '고친 글', edited_at: clock.toISOString() });
  });

  it('refuses anyone but the author, after the window, and messages of other rooms', async () => {
    const { author, other, room, id } = await roomWithChat();
    expect(await codeOf(changes.edit({ roomId: room.id, userId: other.id, id, text: 'x' }))).toBe('NOT_AUTHOR');
    expect(await codeOf(changes.edit({ roomId: room.id, userId: other.id, id, text: 'x' }))).toBe('NOT_AUTHOR');
    const elsewhere = await buildRoom(db, author.id);
    expect(await codeOf(changes.edit({ roomId: elsewhere.id, userId: author.id, id, text: 'x' }))).toBe('MESSAGE_NOT_FOUND');
    expect(await codeOf(changes.edit({ roomId: room.id, userId: author.id, id: 2_000_000_000, text: 'x' }))).toBe('MESSAGE_NOT_FOUND');
    clock = new Date(clock.getTime() + 601_000);
    expect(await codeOf(changes.edit({ roomId: room.id, userId: author.id, id, text: 'x' }))).toBe('EDIT_WINDOW_PASSED');
    // A refused change takes no number.
    expect((await db.room.findUniqueOrThrow({ where: { id: room.id } })).lastSeq).toBe(1);
  });
});

describe('remove', () => {
  it('leaves a tombstone (no text, no image, no reactions) for the author or a moderator; never twice', async () => {
    const { author, other, room, id } = await roomWithChat();
    await changes.react({ roomId: room.id, userId: other.id, id, emoji: '👍' });
    expect(await codeOf(changes.remove({ roomId: room.id, userId: other.id, id, mayRemoveOthers: nobodyElse }))).toBe('NOT_AUTHOR');
    const removed = await changes.remove({ roomId: room.id, userId: other.id, id, mayRemoveOthers: anyone });
    expect(removed).toEqual({ event: 'delete', id, seq: 3 });
    const [entry] = (await store.page({ roomId: room.id, viewerId: author.id })).messages;
    expect(entry).toMatchObject({ id, deleted: true, reactions: {} });
    expect(entry).not.toHaveProperty('message');
    expect(await codeOf(changes.remove({ roomId: room.id, userId: author.id, id, mayRemoveOthers: anyone }))).toBe('MESSAGE_NOT_FOUND');
    expect(await codeOf(changes.edit({ roomId: room.id, userId: author.id, id, text: '부활' }))).toBe('MESSAGE_NOT_FOUND');
  });

  it("removes an image message's files (both variants) once the tombstone is committed", async () => {
    const author = await buildUser(db);
    const room = await buildRoom(db, author.id);
    const image = await store.postImage({ ...imageOf(room.id, 'x'), userId: author.id, caption: '사진' });
    await changes.remove({ roomId: room.id, userId: author.id, id: image.id, mayRemoveOthers: nobodyElse });
    expect(removedFiles).toEqual(expect.arrayContaining([`rooms/${room.id}/x.webp`, `rooms/${room.id}/x-thumb.webp`]));
    expect(await db.message.findUniqueOrThrow({ where: { id: image.id } })).toMatchObject({ image: null, thumbnail: null, content: null, deletedAt: expect.any(Date) });
  });

  it("edits an image's caption like a chat text: the author, within the window", async () => {
    const author = await buildUser(db);
    const other = await buildUser(db);
    const room = await buildRoom(db, author.id);
    clock = new Date();
    const image = await store.postImage({ ...imageOf(room.id, 'y'), userId: author.id, caption: '처음 설명' });
    expect(await codeOf(changes.edit({ roomId: room.id, userId: other.id, id: image.id, text: '남의 설명' }))).toBe('NOT_AUTHOR');
    await changes.edit({ roomId: room.id, userId: author.id, id: image.id, text: '고친 설명' });
    const [entry] = (await store.page({ roomId: room.id, viewerId: author.id })).messages;
    expect(entry).toMatchObject({ event: 'image', id: image.id, message: '고친 설명', edited_at: expect.any(String), url: `/media/rooms/${room.id}/y.webp` });
  });
});

describe('react', () => {
  it('toggles one user’s emoji, counts everyone’s, and refuses other emoji', async () => {
    const { author, other, room, id } = await roomWithChat();
    const first = await changes.react({ roomId: room.id, userId: other.id, id, emoji: '❤️' });
    expect(first).toMatchObject({ event: 'reaction', id, emoji: '❤️', on: true, reactions: { '❤️': 1 }, user: { id: other.id } });
    await changes.react({ roomId: room.id, userId: author.id, id, emoji: '❤️' });
    const both = await changes.react({ roomId: room.id, userId: author.id, id, emoji: '😂' });
    expect(both.reactions).toEqual({ '❤️': 2, '😂': 1 });
    const page = await store.page({ roomId: room.id, viewerId: other.id });
    expect(page.messages[0]).toMatchObject({ reactions: { '❤️': 2, '😂': 1 }, mine: ['❤️'] });
    const off = await changes.react({ roomId: room.id, userId: other.id, id, emoji: '❤️' });
    expect(off).toMatchObject({ on: false, reactions: { '❤️': 1, '😂': 1 } });
    for (const emoji of ['🔥', '', '👍👍', '<b>']) expect(await codeOf(changes.react({ roomId: room.id, userId: other.id, id, emoji }))).toBe('BAD_EMOJI');
  });
});
