import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { storeMessages as storeRows, unique } from '../support/factories.js';
import { csrfOf } from '../support/pages.js';
import { createRoom, enter, formOf, getJson, getPage, homeSections, memberItems, postJson, postForm, roomItem, roomUrl, signedInAgent, submit, USER_PASSWORD, type SignedIn } from './http-helpers.js';

// The room page (GET /rooms/<slug>/), its history API and HTML escaping of user text.

const harness = useTestApp();
const { db } = harness;
let owner: SignedIn;
const signUp = () => signedInAgent(harness.app, db);

beforeAll(async () => {
  owner = await signUp();
});

interface HistoryBody {
  ok: boolean;
  messages: { event: string; id: number; user: { id: number; name: string; avatar: string }; message: string; ts: string }[];
  nextBefore: number | null;
}

/** Stores `count` messages in order, alternating two authors; answers their ids, oldest first. */
async function storeMessages(roomId: number, authors: number[], count: number): Promise<number[]> {
  await storeRows(db, roomId, Array.from({ length: count }, (_, i) => ({ userId: authors[i % authors.length] ?? 0, content: `메시지 ${i}` })));
  const rows = await db.message.findMany({ where: { roomId }, orderBy: { id: 'asc' }, select: { id: true } });
  return rows.map((row) => row.id);
}

describe('GET /rooms/<slug>/', () => {
  it('opens for members, with or without the trailing slash', async () => {
    const { slug } = await createRoom(db, owner, { name: `방 페이지 ${unique()}`, topic: '오늘의 주제' });
    for (const path of [roomUrl(slug), `/rooms/${encodeURIComponent(slug)}`]) {
      const page = await getPage(owner, path).expect(200);
      expect(page.text).toContain('<p class="topic">오늘의 주제</p>');
      expect(page.text).toContain(`data-slug="${slug}"`);
      expect(page.text).toMatch(/<meta name="csrf-token" content="[\w-]{20,}">/);
    }
  });

  it('opens for a member in a new session (membership alone is enough)', async () => {
    const guest = await signUp();
    const { slug } = await createRoom(db, owner);
    await enter(guest, slug).expect(200);
    const otherSession = request.agent(harness.app);
    const token = await csrfOf(otherSession, '/login');
    await otherSession.post('/login').type('form').send({ email: guest.user.email, password: USER_PASSWORD, _csrf: token }).expect(303);
    await otherSession.get(roomUrl(slug)).set('Accept', 'text/html').expect(200);
  });

  // Private rooms answer 404 instead: tests/collab/private-rooms.test.ts.
  it('refuses others with a 403 NO_ACCESS page until they enter', async () => {
    const stranger = await signUp();
    const { slug } = await createRoom(db, owner);
    const page = await getPage(stranger, roomUrl(slug));
    expect(page.status).toBe(403);
    expect(page.text).toContain('이 채팅방에 입장한 뒤 이용할 수 있습니다.');
    expect(page.text).not.toContain('id="chat-form"');
    const json = await getJson(stranger, roomUrl(slug));
    expect(json.status).toBe(403);
    expect(json.body).toMatchObject({ ok: false, code: 'NO_ACCESS' });
    await enter(stranger, slug).expect(200);
    await getPage(stranger, roomUrl(slug)).expect(200);
  });

  it('shows someone who followed a link the room and its enter form, which lets them in', async () => {
    const stranger = await signUp();
    const name = `초대 링크 ${unique()}`;
    const { slug } = await createRoom(db, owner, { name, password: 'invite-pass' });
    const page = await getPage(stranger, roomUrl(slug));
    expect(page.status).toBe(403);
    expect(page.text).toContain(name);
    expect(page.text).toContain('name="password"');
    const form = formOf(page.text, `/rooms/${encodeURIComponent(slug)}/enter`);
    const wrong = await submit(stranger, form, { password: 'nope' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('비밀번호가 올바르지 않습니다.');
    const entered = await submit(stranger, form, { password: 'invite-pass' });
    expect(entered.status).toBe(303);
    expect(entered.headers.location).toBe(roomUrl(slug));
    await getPage(stranger, roomUrl(slug)).expect(200);
  });

  it('answers 404 for a missing room', async () => {
    const page = await getPage(owner, roomUrl(`없는-방-${unique()}`));
    expect(page.status).toBe(404);
    expect(page.text).toContain('채팅방을 찾을 수 없습니다.');
  });

  it('sends visitors to the login page with the room as next', async () => {
    const { slug } = await createRoom(db, owner, { name: `로그인 필요 ${unique()}` });
    for (const path of [roomUrl(slug), `${roomUrl(slug)}messages/`]) {
      const res = await request(harness.app).get(path).set('Accept', 'text/html');
      expect(res.status).toBe(302);
      const location = new URL(res.headers.location ?? '', 'http://x');
      expect(location.pathname).toBe('/login');
      expect(location.searchParams.get('next')).toBe(path);
    }
    const json = await request(harness.app).get(`${roomUrl(slug)}messages/`).set('Accept', 'application/json');
    expect(json.status).toBe(401);
    expect(json.body).toMatchObject({ ok: false, code: 'LOGIN_REQUIRED' });
  });
});

describe('GET /rooms/<slug>/messages/', () => {
  it('pages through 120 messages, 50 at a time, newest first, without gaps or repeats', async () => {
    const guest = await signUp();
    const { slug, id } = await createRoom(db, owner);
    await enter(guest, slug).expect(200);
    const ids = await storeMessages(id, [owner.user.id, guest.user.id], 120);

    const seen: number[] = [];
    const sizes: number[] = [];
    let path = `${roomUrl(slug)}messages/`;
    for (let page = 0; page < 5; page += 1) {
      const res = await getJson(guest, path).expect(200);
      const body = res.body as HistoryBody;
      expect(body.ok).toBe(true);
      sizes.push(body.messages.length);
      seen.push(...body.messages.map((message) => message.id));
      if (body.nextBefore === null) break;
      expect(body.nextBefore).toBe(body.messages.at(-1)?.id);
      path = `${roomUrl(slug)}messages/?before=${body.nextBefore}`;
    }
    // The guest's join line (message lifecycle) is the oldest entry of the timeline.
    expect(sizes).toEqual([50, 50, 21]);
    expect(seen).toEqual([...ids].reverse());
  });

  it('answers each message as a chat event with its author', async () => {
    const guest = await signUp();
    await db.user.update({ where: { id: guest.user.id }, data: { displayName: `별명${unique()}` } });
    const { slug, id } = await createRoom(db, owner);
    await enter(guest, slug).expect(200);
    // Every message of the room, oldest first: the guest's join line, then this one.
    const messageId = (await storeMessages(id, [guest.user.id], 1)).at(-1);
    const res = await getJson(guest, `/rooms/${encodeURIComponent(slug)}/messages`).expect(200);
    const name = (await db.user.findUniqueOrThrow({ where: { id: guest.user.id } })).displayName;
    const author = { id: guest.user.id, name, avatar: null };
    expect(res.body).toEqual({
      ok: true,
      messages: [
        {
          event: 'chat',
          id: messageId,
          seq: 2,
          user: author,
          message: '메시지 0',
          ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          edited_at: null,
          deleted: false,
          reactions: {},
          mine: [],
          mentions: [],
        },
        // The guest's entry, as a system line of the timeline.
        { event: 'system', id: expect.any(Number), seq: 1, kind: 'join', user: author, target: null, ts: expect.any(String) },
      ],
      nextBefore: null,
    });
    const joinLine = (res.body as HistoryBody).messages[1]?.id ?? 0;
    const older = await getJson(guest, `${roomUrl(slug)}messages/?before=${joinLine}`).expect(200);
    expect(older.body).toEqual({ ok: true, messages: [], nextBefore: null });
  });

  it.each(['abc', '0', '-5', '1.5', '99999999999'])('refuses before=%s with 400', async (before) => {
    const { slug } = await createRoom(db, owner);
    const res = await getJson(owner, `${roomUrl(slug)}messages/?before=${before}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', error: 'before 값이 올바르지 않습니다.' });
  });

  it('is only for those with access', async () => {
    const stranger = await signUp();
    const { slug, id } = await createRoom(db, owner);
    await storeMessages(id, [owner.user.id], 3);
    const res = await getJson(stranger, `${roomUrl(slug)}messages/`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, code: 'NO_ACCESS' });
    expect(res.text).not.toContain('메시지 0');
    const missing = await getJson(owner, `${roomUrl(`없는-방-${unique()}`)}messages/`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ ok: false, code: 'ROOM_NOT_FOUND' });
  });

  it('renders the newest 50 on the page, oldest first, with a button for older ones', async () => {
    const { slug, id } = await createRoom(db, owner);
    const ids = await storeMessages(id, [owner.user.id], 60);
    const page = (await getPage(owner, roomUrl(slug)).expect(200)).text;
    const shown = [...page.matchAll(/<li class="message[^"]*" data-id="(\d+)"/g)].map((match) => Number(match[1]));
    expect(shown).toEqual(ids.slice(10));
    expect(page).toContain('id="load-older"');
    expect(page).toContain(`data-last-id="${ids.at(-1)}"`);
  });
});

describe('user text in pages', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const ATTRIBUTE = '"onmouseover=alert(2) x="';

  it('is escaped on the home and room pages: room name, topic, member names and messages', async () => {
    const [host, guest] = await Promise.all([signUp(), signUp()]);
    const tag = unique();
    await db.user.update({ where: { id: guest.user.id }, data: { displayName: `<script>alert(3)</script>${tag}` } });
    await db.user.update({ where: { id: host.user.id }, data: { displayName: `"onmouseover=alert(4)${tag}` } });
    const { slug, id } = await createRoom(db, host, { name: `${SCRIPT}${tag}`, topic: `${ATTRIBUTE}<img src=x onerror=alert(5)>`, password: 'pass-word' });
    await enter(guest, slug, 'pass-word').expect(200);
    await storeRows(db, id, [{ userId: guest.user.id, content: `${SCRIPT}'single'&amp;` }]);

    const home = (await getPage(guest, '/').expect(200)).text;
    const listed = roomItem(homeSections(home).mine, slug) ?? '';
    expect(listed).toContain(`&lt;script&gt;alert(1)&lt;/script&gt;${tag}`);
    expect(listed).toContain('&#34;onmouseover=alert(2) x=&#34;&lt;img src=x onerror=alert(5)&gt;');
    expect(home).toContain(`<span class="who">&lt;script&gt;alert(3)&lt;/script&gt;${tag}</span>`);

    for (const viewer of [host, guest]) {
      const page = (await getPage(viewer, roomUrl(slug)).expect(200)).text;
      expect(page).toContain(`<title>&lt;script&gt;alert(1)&lt;/script&gt;${tag} · codingline</title>`);
      expect(page).toContain('<p class="topic">&#34;onmouseover=alert(2) x=&#34;&lt;img src=x onerror=alert(5)&gt;</p>');
      expect(page).toContain('<p class="text">&lt;script&gt;alert(1)&lt;/script&gt;&#39;single&#39;&amp;amp;</p>');
      const members = memberItems(page);
      expect(members.get(guest.user.id)).toContain(`<span class="name">&lt;script&gt;alert(3)&lt;/script&gt;${tag}</span>`);
      expect(members.get(host.user.id)).toContain(`<span class="name">&#34;onmouseover=alert(4)${tag}</span>`);
      assertNoRawMarkup(page);
    }
    // The owner's controls put the member name in an attribute too.
    const hostPage = (await getPage(host, roomUrl(slug))).text;
    expect(hostPage).toContain(`data-confirm="&lt;script&gt;alert(3)&lt;/script&gt;${tag}님을 강퇴할까요?"`);
    assertNoRawMarkup(home);
  });

  it('is escaped when the home page echoes a search or a refused form', async () => {
    const user = await signUp();
    const search = (await getPage(user, `/?q=${encodeURIComponent(`"><script>alert(1)</script>`)}`).expect(200)).text;
    expect(search).toContain('value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    const refused = await postForm(user, '/rooms', { name: `${SCRIPT}"onmouseover=alert(2)`, capacity: '1' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;&#34;onmouseover=alert(2)"');
    for (const html of [search, refused.text]) assertNoRawMarkup(html);
  });

  it('is JSON, not HTML, in the history API', async () => {
    const { slug, id } = await createRoom(db, owner);
    await storeRows(db, id, [{ userId: owner.user.id, content: SCRIPT }]);
    const res = await getJson(owner, `${roomUrl(slug)}messages/`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect((res.body as HistoryBody).messages[0]?.message).toBe(SCRIPT);
  });
});

describe('leaving', () => {
  it('takes away the page along with the membership', async () => {
    const guest = await signUp();
    const { slug, id } = await createRoom(db, owner);
    await enter(guest, slug).expect(200);
    const res = await postJson(guest, `${roomUrl(slug)}leave/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, next: '/', roomDeleted: false });
    expect(await db.roomMember.count({ where: { roomId: id, userId: guest.user.id } })).toBe(0);
    const page = await getPage(guest, roomUrl(slug));
    expect(page.status).toBe(403);
    expect(page.text).toContain('이 채팅방에 입장한 뒤 이용할 수 있습니다.');
    await getJson(guest, `${roomUrl(slug)}messages/`).expect(403);
  });
});

/** No tag or attribute a user typed survives unescaped. */
function assertNoRawMarkup(html: string): void {
  expect(html).not.toContain('<script>alert');
  expect(html).not.toMatch(/<img src=x/);
  expect(html).not.toMatch(/"onmouseover=/);
  expect(html).not.toMatch(/'single'/);
}
