import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { createRoom, enter, formOf, getPage, memberItems, postForms, postJson, roomItem, roomUrl, signedInAgent, submit } from './http-helpers.js';

// The room page shows each viewer only the staff controls they may use.
const harness = useTestApp();
const { db } = harness;

/** The actions of the forms in one member's row. */
const actionsIn = (row: string | undefined) => postForms(row ?? '').map((form) => form.action.replace(/^.*\/rooms\/[^/]+/, ''));

describe('moderators on the room page', () => {
  it('gives the owner every control, a moderator kick and mute on ordinary members, a member none', async () => {
    const [owner, mod, member] = await Promise.all([signedInAgent(harness.app, db), signedInAgent(harness.app, db), signedInAgent(harness.app, db)]);
    const { slug } = await createRoom(db, owner);
    for (const who of [mod, member]) expect((await enter(who, slug)).status).toBe(200);

    // The owner appoints through the form of the moderator's row.
    const ownerPage = (await getPage(owner, roomUrl(slug)).expect(200)).text;
    const appointed = await submit(owner, formOf(ownerPage, `${roomUrl(slug)}moderators/`, mod.user.id));
    expect(appointed.status).toBe(303);

    const ownerRows = memberItems((await getPage(owner, roomUrl(slug))).text);
    expect(ownerRows.get(mod.user.id)).toContain('<span class="badge moderator">부방장</span>');
    expect(actionsIn(ownerRows.get(mod.user.id))).toEqual(['/transfer/', '/moderators/', '/moderators/remove/', '/kick/', '/mute/', '/unmute/']);
    expect(actionsIn(ownerRows.get(owner.user.id))).toEqual([]);

    expect(roomItem((await getPage(mod, '/')).text, slug)).toContain('<span class="badge moderator">부방장</span>');
    const modRows = memberItems((await getPage(mod, roomUrl(slug))).text);
    expect(modRows.get(owner.user.id)).toContain('<span class="badge owner">방장</span>');
    expect(actionsIn(modRows.get(member.user.id))).toEqual(['/kick/', '/mute/', '/unmute/']);
    expect(actionsIn(modRows.get(owner.user.id))).toEqual([]);
    expect(actionsIn(modRows.get(mod.user.id))).toEqual([]);

    const memberPage = (await getPage(member, roomUrl(slug))).text;
    for (const row of memberItems(memberPage).values()) expect(actionsIn(row)).toEqual([]);
    expect(memberPage).not.toContain('/moderators/');

    // The moderator's page lists the banned users they may unban.
    expect((await postJson(mod, `${roomUrl(slug)}kick/`, { user_id: member.user.id })).status).toBe(200);
    expect((await getPage(mod, roomUrl(slug))).text).toContain(`data-banned-user-id="${member.user.id}"`);
  });
});
