import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { bannedIds, createRoom, enter, getJson, postForms, postJson, roomUrl, signedInAgent } from './http-helpers.js';

// GET /rooms/<slug>/staff-view/: the parts of the room page a member who just became staff
// lacks, for their role now; ordinary members and outsiders are refused.
const harness = useTestApp();
const { db } = harness;

interface StaffView {
  ok: boolean;
  role: string;
  html: string;
}

/** The actions of the forms in the view's member-row template, without the room's path. */
const templateActions = (html: string) => {
  const template = /<template id="member-template">([\s\S]*?)<\/template>/.exec(html)?.[1] ?? '';
  return postForms(template).map((form) => form.action.replace(/^.*\/rooms\/[^/]+/, ''));
};

describe('the staff view', () => {
  it('answers a moderator the controls of a moderator and the banned list, the owner all of the owner’s, and refuses members', async () => {
    const signUp = () => signedInAgent(harness.app, db);
    const [owner, mod, member, kicked] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
    const { slug } = await createRoom(db, owner, { is_private: true });
    const invite = (await db.room.findUniqueOrThrow({ where: { slug }, select: { inviteToken: true } })).inviteToken ?? '';
    for (const who of [mod, member, kicked]) expect((await postJson(who, `${roomUrl(slug)}enter`, { invite })).status).toBe(200);
    expect((await postJson(owner, `${roomUrl(slug)}moderators/`, { user_id: mod.user.id })).status).toBe(200);
    expect((await postJson(owner, `${roomUrl(slug)}kick/`, { user_id: kicked.user.id })).status).toBe(200);
    const path = `${roomUrl(slug)}staff-view/`;

    const refused = await getJson(member, path).expect(403);
    expect(refused.body).toMatchObject({ ok: false, code: 'NOT_OWNER' });

    const modView = (await getJson(mod, path).expect(200)).body as StaffView;
    expect(modView).toMatchObject({ ok: true, role: 'moderator' });
    expect(templateActions(modView.html)).toEqual(['/kick/', '/mute/', '/unmute/']);
    expect(bannedIds(modView.html)).toEqual([kicked.user.id]);
    expect(modView.html).toContain(`action="${roomUrl(slug)}unban/"`);
    expect(modView.html).toContain('<details class="notice-compose">');
    expect(modView.html).toContain(`action="${roomUrl(slug)}notice/clear/"`);
    expect(modView.html).toContain('class="pin"');
    expect(modView.html).not.toContain('id="delete-form"');
    expect(modView.html).not.toContain('id="settings-dialog"');
    expect(modView.html).not.toContain('id="invite-link"');
    expect(modView.html).toContain(`name="_csrf" value="${mod.csrf}"`);

    // After a handover the new owner's view is the owner's; the old owner is a member.
    expect((await postJson(owner, `${roomUrl(slug)}transfer/`, { user_id: member.user.id })).status).toBe(200);
    const ownerView = (await getJson(member, path).expect(200)).body as StaffView;
    expect(ownerView.role).toBe('owner');
    expect(templateActions(ownerView.html)).toEqual(['/transfer/', '/moderators/', '/moderators/remove/', '/kick/', '/mute/', '/unmute/']);
    for (const part of ['id="delete-form"', 'id="open-settings"', 'id="settings-dialog"', `href="/invite/${invite}"`]) expect(ownerView.html).toContain(part);
    expect(bannedIds(ownerView.html)).toEqual([kicked.user.id]);
    expect((await getJson(owner, path).expect(403)).body).toMatchObject({ code: 'NOT_OWNER' });
  });

  it('hides a private room from outsiders and refuses the banned', async () => {
    const signUp = () => signedInAgent(harness.app, db);
    const [owner, outsider, kicked] = await Promise.all([signUp(), signUp(), signUp()]);
    const { slug } = await createRoom(db, owner);
    expect((await enter(kicked, slug)).status).toBe(200);
    expect((await postJson(owner, `${roomUrl(slug)}kick/`, { user_id: kicked.user.id })).status).toBe(200);
    expect((await getJson(kicked, `${roomUrl(slug)}staff-view/`).expect(403)).body).toMatchObject({ code: 'BANNED' });
    expect((await getJson(outsider, `${roomUrl(slug)}staff-view/`).expect(403)).body).toMatchObject({ code: 'NO_ACCESS' });
    const hidden = await createRoom(db, owner, { is_private: true });
    expect((await getJson(outsider, `${roomUrl(hidden.slug)}staff-view/`).expect(404)).body).toMatchObject({ code: 'ROOM_NOT_FOUND' });
  });
});
