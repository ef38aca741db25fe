import sharp from 'sharp';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { unique } from '../support/factories.js';
import { getJson, getPage, homeSections, postJson, roomUrl, signedInAgent, type SignedIn } from './http-helpers.js';

// Private rooms are reachable only through their invitation: to anyone else they answer
// exactly like a room that does not exist. (The socket side: tests/realtime/auth.test.ts.)

const harness = useTestApp();
const { db } = harness;
const signUp = () => signedInAgent(harness.app, db);

interface PrivateRoom {
  slug: string;
  invite: string;
}

async function privateRoom(owner: SignedIn, fields: Record<string, unknown> = {}): Promise<PrivateRoom> {
  const res = await postJson(owner, '/rooms', { name: `비밀방 ${unique()}`, is_private: true, ...fields }).expect(200);
  return res.body as PrivateRoom;
}

/** Everything a stranger can ask about a slug, reduced to what tells rooms apart: statuses, codes, page text. */
async function probe(stranger: SignedIn, slug: string) {
  const base = roomUrl(slug);
  const image = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer();
  const answers = {
    page: await getPage(stranger, base),
    json: await getJson(stranger, base),
    enter: await postJson(stranger, `${base}enter`, { password: 'guess' }),
    history: await getJson(stranger, `${base}messages/`),
    upload: await stranger.agent.post(`${base}images/upload/`).set('Accept', 'application/json').set('X-CSRF-Token', stranger.csrf).attach('image', image, 'a.png'),
    kick: await postJson(stranger, `${base}kick/`, { user_id: 1 }),
    leave: await postJson(stranger, `${base}leave/`),
    invite: await postJson(stranger, `${base}invite/`),
  };
  const text = (html: string) => html.replace(/<meta name="csrf-token" content="[^"]*">/, '').replace(/value="[\w-]{20,}"/g, '');
  return Object.fromEntries(
    Object.entries(answers).map(([what, res]) => [what, { status: res.status, code: (res.body as { code?: string }).code, page: what === 'page' ? text(res.text) : undefined }]),
  );
}

describe('a private room to someone without its invitation', () => {
  it('answers every request exactly as for a room that does not exist', async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const { slug } = await privateRoom(owner, { password: 'secret-pw' });
    const guessed = await probe(stranger, slug);
    const missing = await probe(stranger, `없는-방-${unique()}`);
    expect(guessed).toEqual(missing);
    expect(guessed.page).toMatchObject({ status: 404 });
    expect(guessed.enter).toMatchObject({ status: 404, code: 'ROOM_NOT_FOUND' });
    // Nothing of the room shows: no name, no enter form.
    expect(guessed.page?.page).not.toContain('비밀방');
  });

  it('does not list it, nor find it by name', async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const name = `숨은방 ${unique()}`;
    await privateRoom(owner, { name });
    for (const path of ['/', `/?q=${encodeURIComponent(name)}`]) {
      const lists = homeSections((await getPage(stranger, path).expect(200)).text);
      expect(lists.public).not.toContain(name);
      expect(lists.mine).not.toContain(name);
    }
  });
});

describe('the invitation link', () => {
  it('leads a signed-in user to the enter form, where the password still applies, then into the room', async () => {
    const owner = await signUp();
    const guest = await signUp();
    const { slug, invite } = await privateRoom(owner, { password: 'secret-pw' });
    expect(invite).toMatch(/^\/invite\/[\w-]{22,}$/);
    // ≥ 128 random bits: 22 base64url characters carry 132.
    const token = invite.slice('/invite/'.length);

    const ownerPage = await getPage(owner, roomUrl(slug)).expect(200);
    expect(ownerPage.text).toMatch(new RegExp(`id="invite-link" href="${invite}"`));

    const form = await getPage(guest, invite).expect(200);
    expect(form.text).toContain(`name="invite" value="${token}"`);
    expect(form.text).toContain('name="password"');
    await postJson(guest, `${roomUrl(slug)}enter`, { password: 'wrong', invite: token }).expect(400);
    await postJson(guest, `${roomUrl(slug)}enter`, { password: 'secret-pw', invite: token }).expect(200);
    await getPage(guest, roomUrl(slug)).expect(200);
    await getJson(guest, `${roomUrl(slug)}messages/`).expect(200);
    // A member's own invitation visit goes straight in.
    const again = await getPage(guest, invite).expect(302);
    expect(again.headers.location).toBe(roomUrl(slug));
    // Only the owner sees the link.
    expect((await getPage(guest, roomUrl(slug))).text).not.toContain('id="invite-link"');
  });

  it('sends a signed-out visitor to login and back', async () => {
    const owner = await signUp();
    const { invite } = await privateRoom(owner);
    const res = await request(harness.app).get(invite).set('Accept', 'text/html');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(invite)}`);
  });

  it('stops working when the owner makes a new one; members already in keep their access', async () => {
    const owner = await signUp();
    const member = await signUp();
    const late = await signUp();
    const { slug, invite } = await privateRoom(owner);
    const oldToken = invite.slice('/invite/'.length);
    await postJson(member, `${roomUrl(slug)}enter`, { invite: oldToken }).expect(200);

    await postJson(member, `${roomUrl(slug)}invite/`).expect(403);
    const renewed = await postJson(owner, `${roomUrl(slug)}invite/`).expect(200);
    const fresh = (renewed.body as { invite: string }).invite;
    expect(fresh).toMatch(/^\/invite\/[\w-]{22,}$/);
    expect(fresh).not.toBe(invite);

    const oldLink = await getPage(late, invite);
    expect(oldLink.status).toBe(404);
    expect((await getJson(late, invite)).body).toMatchObject({ code: 'INVITE_INVALID' });
    await postJson(late, `${roomUrl(slug)}enter`, { invite: oldToken }).expect(404);
    await getPage(member, roomUrl(slug)).expect(200);
    await postJson(late, `${roomUrl(slug)}enter`, { invite: fresh.slice('/invite/'.length) }).expect(200);
  });
});

describe('room password guessing', () => {
  it('is limited per room over all users, so throwaway accounts do not multiply the guesses', async () => {
    const owner = await signUp();
    const create = await postJson(owner, '/rooms', { name: `잠긴방 ${unique()}`, password: 'right-password' }).expect(200);
    const slug = (create.body as { slug: string }).slug;
    const statuses: number[] = [];
    // Six accounts, five wrong guesses each: within every account's own limit.
    for (let account = 0; account < 6; account += 1) {
      const guesser = await signUp();
      for (let guess = 0; guess < 5; guess += 1) statuses.push((await postJson(guesser, `${roomUrl(slug)}enter`, { password: `guess-${guess}` })).status);
    }
    expect(statuses.filter((status) => status === 400)).toHaveLength(30);
    const seventh = await signUp();
    const refused = await postJson(seventh, `${roomUrl(slug)}enter`, { password: 'another-guess' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });
});
