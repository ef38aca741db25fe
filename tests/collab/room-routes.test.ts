import bcrypt from 'bcrypt';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { unique } from '../support/factories.js';
import { createRoom, enter, getPage, homeSections, postForm, postFormAjax, postJson, roomItem, roomUrl, signedInAgent } from './http-helpers.js';

// Home and POST /rooms over HTTP, against MariaDB and Redis.

const harness = useTestApp();
const { db } = harness;
const signUp = () => signedInAgent(harness.app, db);


describe('GET /', () => {
  it('lists my rooms and the public rooms with member counts and a lock on password rooms', async () => {
    const [owner, guest, visitor] = await Promise.all([signUp(), signUp(), signUp()]);
    const tag = unique();
    const open = await createRoom(db, owner, { name: `열린방 ${tag}`, capacity: 5 });
    const locked = await createRoom(db, owner, { name: `잠긴방 ${tag}`, password: 'secret-pw' });
    expect((await enter(guest, open.slug)).status).toBe(200);

    const mine = homeSections((await getPage(owner, '/').expect(200)).text);
    const ownedItem = roomItem(mine.mine, open.slug) ?? '';
    expect(ownedItem).toContain('<span class="count">2 / 5명</span>');
    expect(ownedItem).toContain('<span class="badge owner">방장</span>');
    expect(roomItem(mine.public, open.slug)).toBeUndefined();

    const theirs = homeSections((await getPage(visitor, '/').expect(200)).text);
    expect(roomItem(theirs.mine, open.slug)).toBeUndefined();
    const openItem = roomItem(theirs.public, open.slug) ?? '';
    expect(openItem).toContain(`열린방 ${tag}`);
    expect(openItem).toContain('<span class="count">2 / 5명</span>');
    expect(openItem).not.toContain('class="lock"');
    const lockedItem = roomItem(theirs.public, locked.slug) ?? '';
    expect(lockedItem).toContain('class="lock"');
    expect(lockedItem).toContain('aria-label="비밀번호가 있는 방"');
    expect(lockedItem).toContain('<span class="count">1 / 10명</span>');
    expect(lockedItem).toContain('name="password"');
    expect(lockedItem).toContain(`action="${roomUrl(locked.slug)}enter"`);
  });

  it('searches by name with ?q= and never lists private rooms to others', async () => {
    const [owner, visitor] = await Promise.all([signUp(), signUp()]);
    const tag = unique();
    const wanted = await createRoom(db, owner, { name: `파이썬 ${tag}` });
    const other = await createRoom(db, owner, { name: `자바 ${tag}` });
    const hidden = await createRoom(db, owner, { name: `파이썬 비밀 ${tag}`, is_private: true });

    const found = homeSections((await getPage(visitor, `/?q=${encodeURIComponent(`파이썬 ${tag}`)}`).expect(200)).text);
    expect(roomItem(found.public, wanted.slug)).toBeDefined();
    expect(roomItem(found.public, other.slug)).toBeUndefined();
    const everything = (await getPage(visitor, `/?q=${tag}`).expect(200)).text;
    expect(roomItem(everything, other.slug)).toBeDefined();
    expect(roomItem(everything, hidden.slug)).toBeUndefined();
    expect(everything).not.toContain(`파이썬 비밀 ${tag}`);

    const ownersView = homeSections((await getPage(owner, `/?q=${tag}`).expect(200)).text);
    expect(roomItem(ownersView.mine, hidden.slug)).toContain('<span class="badge">비공개</span>');
    const none = (await getPage(visitor, `/?q=${unique()}`).expect(200)).text;
    expect(none).toContain('검색 결과가 없습니다.');
  });

  it('sends visitors to the login page with next', async () => {
    const res = await request(harness.app).get('/?q=x').set('Accept', 'text/html');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/?q=x')}`);
  });
});

describe('POST /rooms', () => {
  it('creates the room and its owner membership, and redirects a form to the encoded Korean slug', async () => {
    const owner = await signUp();
    const tag = unique();
    const res = await postForm(owner, '/rooms', { name: `파이썬 스터디 ${tag}`, topic: '매주 금요일', capacity: '7' });
    expect(res.status).toBe(303);
    const slug = `파이썬-스터디-${tag}`;
    expect(res.headers.location).toBe(`/rooms/${encodeURIComponent(slug)}/`);
    const room = await db.room.findUniqueOrThrow({ where: { slug }, include: { members: true } });
    expect(room).toMatchObject({ name: `파이썬 스터디 ${tag}`, topic: '매주 금요일', capacity: 7, isPrivate: false, passwordHash: null });
    expect(room.members).toEqual([expect.objectContaining({ userId: owner.user.id, role: 'owner', isBanned: false })]);
    const page = await getPage(owner, res.headers.location ?? '').expect(200);
    expect(page.text).toContain(`파이썬 스터디 ${tag}`);

    const again = await postJson(owner, '/rooms', { name: `파이썬 스터디 ${tag}` });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ok: true, next: `/rooms/${encodeURIComponent(`${slug}-2`)}/`, slug: `${slug}-2` });
  });

  it('accepts the same fields as a JSON body or a form body', async () => {
    const owner = await signUp();
    const json = await postJson(owner, '/rooms', { name: `json ${unique()}`, topic: '주제', capacity: 4, password: '열려라 참깨', is_private: true });
    const form = await postFormAjax(owner, '/rooms', { name: `form ${unique()}`, topic: '주제', capacity: '4', password: '열려라 참깨', is_private: 'on' });
    for (const res of [json, form]) {
      expect(res.status, res.text).toBe(200);
      const body = res.body as { ok: boolean; slug: string; next: string };
      expect(body).toMatchObject({ ok: true, next: roomUrl(body.slug) });
      const room = await db.room.findUniqueOrThrow({ where: { slug: body.slug } });
      expect(room).toMatchObject({ topic: '주제', capacity: 4, isPrivate: true });
      expect(await bcrypt.compare('열려라 참깨', room.passwordHash ?? '')).toBe(true);
    }
  });

  it('re-renders home with the Korean message beside the field and the typed values (400)', async () => {
    const owner = await signUp();
    const blank = await postForm(owner, '/rooms', { name: '   ', topic: '남겨 둘 주제' });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('<p class="field-error" id="name-error" role="alert">방 이름을 입력해 주세요.</p>');
    expect(blank.text).toContain('value="남겨 둘 주제"');
    const crowded = await postForm(owner, '/rooms', { name: '방', capacity: '1', password: 'not-kept-pw' });
    expect(crowded.status).toBe(400);
    expect(crowded.text).toContain('정원은 2명에서 1000명 사이의 정수로 입력해 주세요.');
    expect(crowded.text).not.toContain('not-kept-pw');
    expect(await db.room.count({ where: { createdById: owner.user.id } })).toBe(0);
  });

  it('answers JSON validation errors with the field and VALIDATION_FAILED', async () => {
    const owner = await signUp();
    const res = await postJson(owner, '/rooms', { name: '', capacity: 10 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: '방 이름을 입력해 주세요.', code: 'VALIDATION_FAILED', field: 'name' });
  });

  it('refuses a password longer than 72 bytes and takes one of exactly 72', async () => {
    const owner = await signUp();
    const tooLong = await postJson(owner, '/rooms', { name: `긴 비밀번호 ${unique()}`, password: '가'.repeat(25) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', field: 'password' });
    expect((tooLong.body as { error: string }).error).toContain('72바이트');
    const form = await postForm(owner, '/rooms', { name: '방', password: '가'.repeat(25) });
    expect(form.status).toBe(400);
    expect(form.text).toContain('id="password-error"');
    expect(await db.room.count({ where: { createdById: owner.user.id } })).toBe(0);

    const { slug } = await createRoom(db, owner, { password: '가'.repeat(24) });
    const guest = await signUp();
    expect((await enter(guest, slug, '가'.repeat(24))).status).toBe(200);
  });

  it('refuses a post without the CSRF token and creates nothing', async () => {
    const owner = await signUp();
    const name = `csrf ${unique()}`;
    const form = await owner.agent.post('/rooms').type('form').send({ name });
    expect(form.status).toBe(403);
    expect(form.text).toContain('보안 토큰이 없거나 만료되었습니다.');
    const json = await owner.agent.post('/rooms').set('Accept', 'application/json').set('X-CSRF-Token', 'forged').send({ name });
    expect(json.status).toBe(403);
    expect(json.body).toMatchObject({ ok: false, code: 'CSRF_FAILED' });
    expect(await db.room.count({ where: { name } })).toBe(0);
  });
});
