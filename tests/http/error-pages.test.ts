import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/errors/catalogue.js';
import { createRoom, enter, roomUrl, signedInAgent } from '../collab/http-helpers.js';
import { useTestApp } from '../support/app.js';
import { unique } from '../support/factories.js';

// A browser (Accept: text/html) that makes any route fail gets a Korean error page with the
// right status, never a bare 500, whether or not it is signed in.

const harness = useTestApp();
const { db } = harness;

describe('HTML error pages of every route', () => {
  it('renders the error page (or the form again) with the status of the failure', async () => {
    const owner = await signedInAgent(harness.app, db);
    const member = await signedInAgent(harness.app, db);
    const { slug } = await createRoom(db, owner);
    await enter(member, slug).expect(200);
    const missing = roomUrl(`없는-방-${unique()}`);
    const mine = roomUrl(slug);
    const page = (req: request.Test) => req.set('Accept', 'text/html');
    const form = (who: typeof owner, path: string, fields: Record<string, string> = {}) => page(who.agent.post(path)).type('form').send({ _csrf: who.csrf, ...fields });

    const cases: [string, request.Test, ErrorCode][] = [
      ['room page of a missing room', page(owner.agent.get(missing)), 'ROOM_NOT_FOUND'],
      ['history of a missing room', page(owner.agent.get(`${missing}messages/`)), 'ROOM_NOT_FOUND'],
      ['bad history cursor', page(owner.agent.get(`${mine}messages/?before=x`)), 'VALIDATION_FAILED'],
      ['enter a missing room', form(member, `${missing}enter`), 'ROOM_NOT_FOUND'],
      ['upload into a missing room', page(owner.agent.post(`${missing}images/upload/`)).attach('image', Buffer.from('x'), 'a.png'), 'ROOM_NOT_FOUND'],
      ['upload without the CSRF token', page(owner.agent.post(`${mine}images/upload/`)).attach('image', Buffer.from('x'), 'a.png'), 'CSRF_FAILED'],
      ['upload without a file', page(owner.agent.post(`${mine}images/upload/`)).field('_csrf', owner.csrf), 'NO_FILE'],
      ['upload of a non-image', page(owner.agent.post(`${mine}images/upload/`)).field('_csrf', owner.csrf).attach('image', Buffer.from('<svg/>'), 'a.png'), 'UNSUPPORTED_IMAGE'],
      ['kick by a member', form(member, `${mine}kick/`, { user_id: String(owner.user.id) }), 'NOT_OWNER'],
      ['kick without a user id', form(owner, `${mine}kick/`), 'VALIDATION_FAILED'],
      ['unban someone not banned', form(owner, `${mine}unban/`, { user_id: String(member.user.id) }), 'NOT_BANNED'],
      ['transfer to oneself', form(owner, `${mine}transfer/`, { user_id: String(owner.user.id) }), 'CANNOT_TRANSFER_TO_SELF'],
      ['the owner leaving', form(owner, `${mine}leave/`), 'OWNER_MUST_TRANSFER'],
      ['delete by a member', form(member, `${mine}delete/`), 'NOT_OWNER'],
      ['new invitation by a member', form(member, `${mine}invite/`), 'NOT_OWNER'],
      ['an unknown invitation', page(member.agent.get(`/invite/${unique()}`)), 'INVITE_INVALID'],
      ['a file of a missing room', page(member.agent.get('/media/rooms/999999999/none.webp')), 'NOT_FOUND'],
      ['logout without the CSRF token', page(member.agent.post('/logout')), 'CSRF_FAILED'],
      ['an unknown page', page(member.agent.get(`/no-such-page-${unique()}`)), 'NOT_FOUND'],
      ['an unknown page, signed out', page(request(harness.app).get(`/no-such-page-${unique()}`)), 'NOT_FOUND'],
      ['a file, signed out', page(request(harness.app).get('/media/rooms/1/none.webp')), 'NOT_FOUND'],
    ];
    for (const [what, req, code] of cases) {
      const res = await req;
      expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBe(ERROR_CATALOGUE[code].status);
      expect(res.headers['content-type'], what).toMatch(/^text\/html/);
      expect(res.text, what).toMatch(/<p class="error-message">[^<]+<\/p>/);
    }
  });

  it('shows a failed form again with its message (create room, enter with a wrong password)', async () => {
    const owner = await signedInAgent(harness.app, db);
    const guest = await signedInAgent(harness.app, db);
    const { slug } = await createRoom(db, owner, { password: 'right-pw' });
    const created = await owner.agent.post('/rooms').set('Accept', 'text/html').type('form').send({ _csrf: owner.csrf, name: '' });
    expect(created.status).toBe(400);
    expect(created.text).toContain('방 이름을 입력해 주세요.');
    const entered = await guest.agent.post(`${roomUrl(slug)}enter`).set('Accept', 'text/html').type('form').send({ _csrf: guest.csrf, password: 'wrong' });
    expect(entered.status).toBe(400);
    expect(entered.text).toContain('비밀번호가 올바르지 않습니다.');
  });
});
