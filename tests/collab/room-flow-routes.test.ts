import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { unique } from '../support/factories.js';
import { bannedIds, formOf, getPage, homeSections, memberItems, roomItem, signedInAgent, submit, type SignedIn } from './http-helpers.js';

// The acceptance flow through the pages alone: every step submits a form found on
// the page the user is looking at (plain form posts, no JSON), follows the redirect by
// hand and reads the next page.

const harness = useTestApp();
const { db } = harness;


const OWNER_BADGE = '<span class="badge owner">방장</span>';

/** Follows a 303 by hand and answers the page it leads to. */
async function follow(who: SignedIn, res: { status: number; headers: Record<string, string> }, expected: string): Promise<string> {
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(expected);
  const page = await getPage(who, expected);
  expect(page.status).toBe(200);
  return page.text;
}

describe('rooms through the pages alone', () => {
  it('one user creates a password room, another enters it, and the owner kicks, unbans and hands it over', async () => {
    const [owner, guest] = await Promise.all([signedInAgent(harness.app, db), signedInAgent(harness.app, db)]);
    const name = `금요 스터디 ${unique()}`;
    const password = '열려라 참깨';

    // The owner fills in the home page's form.
    const home = (await getPage(owner, '/').expect(200)).text;
    const created = await submit(owner, formOf(home, '/rooms'), { name, topic: '알고리즘', capacity: '3', password });
    const slug = `금요-스터디-${name.split(' ')[2]}`;
    const base = `/rooms/${encodeURIComponent(slug)}`;
    let ownerPage = await follow(owner, created, `${base}/`);
    const heading = /<h1>([\s\S]*?)<\/h1>/.exec(ownerPage)?.[1] ?? '';
    expect(heading).toContain('class="lock"');
    expect(heading.endsWith(` ${name}`)).toBe(true);
    expect(memberItems(ownerPage).get(owner.user.id)).toContain(OWNER_BADGE);
    expect(memberItems(ownerPage).size).toBe(1);

    // The guest finds it on their home page, locked, with one of three places taken.
    const guestHome = (await getPage(guest, '/').expect(200)).text;
    const listed = roomItem(homeSections(guestHome).public, slug) ?? '';
    expect(listed).toContain('class="lock"');
    expect(listed).toContain('1 / 3명');
    const enterForm = formOf(guestHome, `${base}/enter`);
    const wrong = await submit(guest, enterForm, { password: '틀린 비밀번호' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('비밀번호가 올바르지 않습니다.');
    let guestPage = await follow(guest, await submit(guest, enterForm, { password }), `${base}/`);
    let members = memberItems(guestPage);
    expect([...members.keys()]).toEqual([owner.user.id, guest.user.id]);
    expect(members.get(owner.user.id)).toContain(OWNER_BADGE);
    expect(members.get(guest.user.id)).not.toContain(OWNER_BADGE);
    expect(guestPage).not.toContain('/kick/');
    expect(guestPage).not.toContain('/delete/');

    // The owner sees the guest with controls, and kicks them.
    ownerPage = (await getPage(owner, `${base}/`).expect(200)).text;
    ownerPage = await follow(owner, await submit(owner, formOf(ownerPage, `${base}/kick/`, guest.user.id)), `${base}/`);
    expect(memberItems(ownerPage).has(guest.user.id)).toBe(false);
    expect(bannedIds(ownerPage)).toEqual([guest.user.id]);

    // The guest is out, even with the right password.
    const shut = await getPage(guest, `${base}/`);
    expect(shut.status).toBe(403);
    expect(shut.text).toContain('이 채팅방에서 강퇴되어 입장할 수 없습니다.');
    const refused = await submit(guest, enterForm, { password });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('이 채팅방에서 강퇴되어 입장할 수 없습니다.');

    // The owner lifts the ban from the banned list; the guest enters again with the password.
    ownerPage = await follow(owner, await submit(owner, formOf(ownerPage, `${base}/unban/`, guest.user.id)), `${base}/`);
    expect(bannedIds(ownerPage)).toBeNull();
    expect(memberItems(ownerPage).has(guest.user.id)).toBe(false);
    const homeAgain = (await getPage(guest, '/').expect(200)).text;
    guestPage = await follow(guest, await submit(guest, formOf(homeAgain, `${base}/enter`), { password }), `${base}/`);
    expect(memberItems(guestPage).has(guest.user.id)).toBe(true);

    // The owner hands the room over; the badge and the controls move with it.
    ownerPage = (await getPage(owner, `${base}/`).expect(200)).text;
    ownerPage = await follow(owner, await submit(owner, formOf(ownerPage, `${base}/transfer/`, guest.user.id)), `${base}/`);
    members = memberItems(ownerPage);
    expect(members.get(guest.user.id)).toContain(OWNER_BADGE);
    expect(members.get(owner.user.id)).not.toContain(OWNER_BADGE);
    expect(ownerPage).not.toContain('/kick/');
    guestPage = (await getPage(guest, `${base}/`).expect(200)).text;
    expect(formOf(guestPage, `${base}/kick/`, owner.user.id).fields.user_id).toBe(String(owner.user.id));
    formOf(guestPage, `${base}/delete/`);

    // Both home pages agree on who owns it.
    const ownersList = roomItem(homeSections((await getPage(guest, '/')).text).mine, slug) ?? '';
    expect(ownersList).toContain(OWNER_BADGE);
    expect(ownersList).toContain('2 / 3명');
    expect(roomItem(homeSections((await getPage(owner, '/')).text).mine, slug)).not.toContain(OWNER_BADGE);
  });
});
