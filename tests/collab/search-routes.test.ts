import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useMessageStore } from '../messages/helpers.js';
import { useTestApp } from '../support/app.js';
import { unique } from '../support/factories.js';
import { createRoom, enter, getJson, postJson, roomUrl, signedInAgent, type SignedIn } from './http-helpers.js';

// GET /rooms/<slug>/search/ and GET /rooms/<slug>/messages/?around= over HTTP: answers,
// paging, validation, and who may ask (as the history endpoint).

const harness = useTestApp();
const { db } = harness;
const store = useMessageStore(db);
const signUp = () => signedInAgent(harness.app, db);

interface PageBody {
  ok: boolean;
  messages: { event: string; id: number; message?: string }[];
  nextBefore: number | null;
  nextAfter?: number | null;
}

/** Writes chat lines through the real chat writer (grams included); their ids, oldest first. */
async function say(roomId: number, author: SignedIn, texts: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const text of texts) ids.push((await store.postChat({ roomId, userId: author.user.id, text, clientId: null })).event.id);
  return ids;
}

const search = (who: SignedIn, slug: string, query: string) => getJson(who, `${roomUrl(slug)}search/?${query}`);

describe('GET /rooms/<slug>/search/', () => {
  it('answers a member the hits as history entries, newest first, 50 a page with nextBefore', async () => {
    const owner = await signUp();
    const member = await signUp();
    const { slug, id } = await createRoom(db, owner);
    await enter(member, slug).expect(200);
    const hits = await say(id, owner, Array.from({ length: 55 }, (_, index) => `파이썬스터디모임 ${index}회차`));
    await say(id, member, ['관계없는 이야기']);
    const first = await search(member, slug, `q=${encodeURIComponent('  스터디 ')}`).expect(200);
    const body = first.body as PageBody;
    expect(body.ok).toBe(true);
    expect(body.messages.map((message) => message.id)).toEqual([...hits].reverse().slice(0, 50));
    expect(body.messages[0]).toMatchObject({ event: 'chat', message: '파이썬스터디모임 54회차', user: { id: owner.user.id }, deleted: false, reactions: {}, mine: [] });
    expect(body.nextBefore).toBe(hits[5]);
    const second = (await search(member, slug, `q=${encodeURIComponent('스터디')}&before=${body.nextBefore}`).expect(200)).body as PageBody;
    expect(second.messages.map((message) => message.id)).toEqual([...hits].reverse().slice(50));
    expect(second.nextBefore).toBeNull();
    // Without the trailing slash too.
    await getJson(member, `/rooms/${encodeURIComponent(slug)}/search?q=abc`).expect(200);
  });

  it('refuses a bad q or before with VALIDATION_FAILED, naming the field in Korean', async () => {
    const owner = await signUp();
    const { slug } = await createRoom(db, owner);
    const cases: [string, string, string][] = [
      ['', 'q', '검색어를 입력해 주세요.'],
      ['q=', 'q', '검색어를 입력해 주세요.'],
      ['q=%20%20%20', 'q', '검색어를 입력해 주세요.'],
      [`q=${encodeURIComponent('가'.repeat(101))}`, 'q', '검색어는 100자 이하로 입력해 주세요.'],
      [`q=${encodeURIComponent('?! 😀')}`, 'q', '검색어에 글자나 숫자를 넣어 주세요.'],
      ['q=a&q=b', 'q', '검색어를 입력해 주세요.'],
      ['q=abc&before=x', 'before', 'before 값이 올바르지 않습니다.'],
      ['q=abc&before=0', 'before', 'before 값이 올바르지 않습니다.'],
      ['q=abc&before=-3', 'before', 'before 값이 올바르지 않습니다.'],
    ];
    for (const [query, field, error] of cases) {
      const res = await search(owner, slug, query);
      expect({ query, status: res.status, body: res.body as unknown }).toMatchObject({ query, status: 400, body: { ok: false, code: 'VALIDATION_FAILED', field, error } });
    }
    // 100 characters (Korean counts one per character) are fine.
    await search(owner, slug, `q=${encodeURIComponent('가'.repeat(100))}`).expect(200);
  });

  it('answers a private room to a non-member exactly as a room that does not exist', async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const res = await postJson(owner, '/rooms', { name: `비밀방 ${unique()}`, is_private: true }).expect(200);
    const { slug } = res.body as { slug: string };
    const room = await db.room.findUniqueOrThrow({ where: { slug } });
    await say(room.id, owner, ['비밀 이야기']);
    const missing = `없는-방-${unique()}`;
    for (const query of ['q=비밀', 'q=비밀&before=99999', 'q=']) {
      const guessed = await search(stranger, slug, query);
      const absent = await search(stranger, missing, query);
      expect({ status: guessed.status, body: guessed.body as unknown }).toEqual({ status: absent.status, body: absent.body as unknown });
    }
    expect((await search(stranger, slug, 'q=비밀')).body).toMatchObject({ ok: false, code: 'ROOM_NOT_FOUND' });
    expect((await search(stranger, slug, 'q=비밀')).status).toBe(404);
    // The owner finds it.
    expect(((await search(owner, slug, 'q=비밀').expect(200)).body as PageBody).messages).toHaveLength(1);
  });

  it('refuses a non-member of a public room (NO_ACCESS), a banned member (BANNED) and a signed-out visitor', async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const kicked = await signUp();
    const { slug, id } = await createRoom(db, owner);
    await enter(kicked, slug).expect(200);
    await say(id, kicked, ['강퇴 전에 쓴 글']);
    await postJson(owner, `${roomUrl(slug)}kick/`, { user_id: kicked.user.id }).expect(200);
    expect(await search(stranger, slug, 'q=강퇴')).toMatchObject({ status: 403, body: { code: 'NO_ACCESS' } });
    expect(await search(kicked, slug, 'q=강퇴')).toMatchObject({ status: 403, body: { code: 'BANNED' } });
    const visitor = await request(harness.app).get(`${roomUrl(slug)}search/?q=x`).set('Accept', 'application/json');
    expect(visitor).toMatchObject({ status: 401, body: { code: 'LOGIN_REQUIRED' } });
  });
});

describe('GET /rooms/<slug>/messages/?around=<id>', () => {
  it('answers the message with 25 older and 25 newer, newest first, and where to page on', async () => {
    const owner = await signUp();
    const { slug, id } = await createRoom(db, owner);
    const ids = await say(id, owner, Array.from({ length: 80 }, (_, index) => `글 ${index}`));
    const all = [...(await db.message.findMany({ where: { roomId: id }, orderBy: { id: 'asc' }, select: { id: true } }))].map((row) => row.id);
    const target = ids[40] ?? 0;
    const at = all.indexOf(target);
    const body = (await getJson(owner, `${roomUrl(slug)}messages/?around=${target}`).expect(200)).body as PageBody;
    expect(body.messages.map((message) => message.id)).toEqual(all.slice(at - 25, at + 26).reverse());
    expect(body.nextBefore).toBe(all[at - 25]);
    expect(body.nextAfter).toBe(all[at + 25]);
    // Near the ends: what there is, and null where nothing remains.
    const newest = (await getJson(owner, `${roomUrl(slug)}messages/?around=${ids.at(-1)}`).expect(200)).body as PageBody;
    expect(newest.messages.map((message) => message.id)).toEqual(all.slice(-26).reverse());
    expect(newest.nextAfter).toBeNull();
    const oldest = (await getJson(owner, `${roomUrl(slug)}messages/?around=${all[0]}`).expect(200)).body as PageBody;
    expect(oldest.messages.map((message) => message.id)).toEqual(all.slice(0, 26).reverse());
    expect(oldest.nextBefore).toBeNull();
  });

  it('refuses a message of another room, around with before, and strangers of a private room as a missing room', async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const { slug } = await createRoom(db, owner);
    const other = await createRoom(db, owner);
    const [elsewhere] = await say(other.id, owner, ['다른 방의 글']);
    expect(await getJson(owner, `${roomUrl(slug)}messages/?around=${elsewhere}`)).toMatchObject({ status: 404, body: { code: 'MESSAGE_NOT_FOUND' } });
    expect(await getJson(owner, `${roomUrl(slug)}messages/?around=1&before=2`)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', field: 'around' } });
    expect(await getJson(owner, `${roomUrl(slug)}messages/?around=abc`)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', field: 'around' } });
    const secret = (await postJson(owner, '/rooms', { name: `비밀방 ${unique()}`, is_private: true }).expect(200)).body as { slug: string };
    const guessed = await getJson(stranger, `${roomUrl(secret.slug)}messages/?around=${elsewhere}`);
    const absent = await getJson(stranger, `${roomUrl(`없는-방-${unique()}`)}messages/?around=${elsewhere}`);
    expect({ status: guessed.status, body: guessed.body as unknown }).toEqual({ status: absent.status, body: absent.body as unknown });
    expect(guessed.status).toBe(404);
  });
});
