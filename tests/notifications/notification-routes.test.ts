import type { Express } from 'express';
import request from 'supertest';
import webpush from 'web-push';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, useTestApp } from '../support/app.js';
import { testConfig } from '../support/context.js';
import { buildUser, buildRoom } from '../support/factories.js';
import { createRoom, enter, getJson, postFormAjax, postJson, roomUrl, signedInAgent } from '../collab/http-helpers.js';

// The notification settings and push subscription routes on the real app and database:
// stored server-side, so they follow the user to every session.

const harness = useTestApp();
const { db } = harness;
const PUSH_SERVICE = 'https://push.example.test';
let pushApp: Express;
const vapid = webpush.generateVAPIDKeys();
beforeAll(() => {
  const config = testConfig({ VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:ops@example.com', PUSH_SERVICE_ORIGINS: PUSH_SERVICE });
  pushApp = buildTestApp({ db, redis: harness.redis, config });
});
const subscription = (endpoint: string) => ({ endpoint, expirationTime: null, keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) } });

describe('GET|POST /notifications/settings/', () => {
  it('starts with sound off and browser notifications on; a change is kept for every session', async () => {
    const user = await signedInAgent(harness.app, db);
    expect((await getJson(user, '/notifications/settings/').expect(200)).body).toEqual({ ok: true, sound: false, browser: true, vapidPublicKey: null });
    expect((await postJson(user, '/notifications/settings/', { sound: true }).expect(200)).body).toEqual({ ok: true, sound: true, browser: true });
    expect((await postFormAjax(user, '/notifications/settings', { browser: 'off' }).expect(200)).body).toEqual({ ok: true, sound: true, browser: false });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.user.id }, select: { notifySound: true, notifyBrowser: true } })).toEqual({ notifySound: true, notifyBrowser: false });
  });

  it('refuses an empty change or a value that is not yes or no', async () => {
    const user = await signedInAgent(harness.app, db);
    expect((await postJson(user, '/notifications/settings/', {}).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'form' });
    expect((await postJson(user, '/notifications/settings/', { sound: 'loud' }).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'sound' });
  });

  it('is for signed-in users only', async () => {
    const res = await request(harness.app).get('/notifications/settings/').set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'LOGIN_REQUIRED' });
  });
});

describe('GET|POST /rooms/<slug>/notifications/', () => {
  it("sets the member's level in the room (mentions by default)", async () => {
    const [owner, member] = await Promise.all([signedInAgent(harness.app, db), signedInAgent(harness.app, db)]);
    const room = await createRoom(db, owner);
    await enter(member, room.slug).expect(200);
    expect((await getJson(member, `${roomUrl(room.slug)}notifications/`).expect(200)).body).toEqual({ ok: true, level: 'mentions' });
    expect((await postJson(member, `${roomUrl(room.slug)}notifications/`, { level: 'all' }).expect(200)).body).toEqual({ ok: true, level: 'all' });
    expect((await getJson(member, `${roomUrl(room.slug)}notifications`).expect(200)).body).toEqual({ ok: true, level: 'all' });
    // The owner's level is their own.
    expect((await getJson(owner, `${roomUrl(room.slug)}notifications/`).expect(200)).body).toEqual({ ok: true, level: 'mentions' });
  });

  it('refuses a bad level, a non-member, and hides a private room', async () => {
    const [owner, stranger] = await Promise.all([signedInAgent(harness.app, db), signedInAgent(harness.app, db)]);
    const open = await createRoom(db, owner);
    expect((await postJson(owner, `${roomUrl(open.slug)}notifications/`, { level: 'loud' }).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'level' });
    expect((await postJson(stranger, `${roomUrl(open.slug)}notifications/`, { level: 'all' }).expect(403)).body).toMatchObject({ code: 'NO_ACCESS' });
    const hidden = await createRoom(db, owner, { is_private: true });
    expect((await postJson(stranger, `${roomUrl(hidden.slug)}notifications/`, { level: 'all' }).expect(404)).body).toMatchObject({ code: 'ROOM_NOT_FOUND' });
  });
});

describe('POST /notifications/subscriptions/ and …/remove/', () => {
  it('answers PUSH_DISABLED when no VAPID keys are configured', async () => {
    const user = await signedInAgent(harness.app, db);
    expect((await postJson(user, '/notifications/subscriptions/', subscription(`${PUSH_SERVICE}/a`)).expect(404)).body).toMatchObject({ code: 'PUSH_DISABLED' });
  });

  it('stores one subscription per browser; the browser moves to whoever subscribed it last', async () => {
    const [first, second] = await Promise.all([signedInAgent(pushApp, db), signedInAgent(pushApp, db)]);
    expect((await getJson(first, '/notifications/settings/').expect(200)).body).toMatchObject({ vapidPublicKey: vapid.publicKey });
    const endpoint = `${PUSH_SERVICE}/send/${Date.now()}`;
    expect((await postJson(first, '/notifications/subscriptions/', subscription(endpoint)).expect(200)).body).toEqual({ ok: true });
    expect((await postJson(first, '/notifications/subscriptions/', subscription(endpoint)).expect(200)).body).toEqual({ ok: true });
    expect(await db.pushSubscription.count({ where: { endpoint } })).toBe(1);
    await postJson(second, '/notifications/subscriptions/', subscription(endpoint)).expect(200);
    expect(await db.pushSubscription.findMany({ where: { endpoint }, select: { userId: true } })).toEqual([{ userId: second.user.id }]);
    // Only the owner of a subscription removes it.
    expect((await postJson(first, '/notifications/subscriptions/remove/', { endpoint }).expect(200)).body).toEqual({ ok: true, removed: false });
    expect((await postJson(second, '/notifications/subscriptions/remove/', { endpoint }).expect(200)).body).toEqual({ ok: true, removed: true });
    expect(await db.pushSubscription.count({ where: { endpoint } })).toBe(0);
  });

  it('refuses endpoints of other services (the server would POST there) and malformed keys', async () => {
    const user = await signedInAgent(pushApp, db);
    for (const endpoint of ['http://127.0.0.1:6379/', 'https://push.example.test.evil.com/x', 'http://push.example.test/x']) {
      expect((await postJson(user, '/notifications/subscriptions/', subscription(endpoint)).expect(400)).body).toMatchObject({ code: 'PUSH_ENDPOINT_REFUSED', field: 'endpoint' });
    }
    const bad = { endpoint: `${PUSH_SERVICE}/x`, keys: { p256dh: 'short', auth: 'a'.repeat(22) } };
    expect((await postJson(user, '/notifications/subscriptions/', bad).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'keys' });
    expect((await postJson(user, '/notifications/subscriptions/', { endpoint: 'not a url' }).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'endpoint' });
  });
});

describe('the schema', () => {
  it('deletes settings and subscriptions with their member and user', async () => {
    const owner = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    await db.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: owner.id } }, data: { notifyLevel: 'none' } });
    await db.pushSubscription.create({ data: { userId: owner.id, endpoint: `${PUSH_SERVICE}/${owner.id}`, endpointHash: `h${owner.id}`.padEnd(64, '0'), p256dh: 'k', auth: 'a' } });
    await db.room.delete({ where: { id: room.id } });
    expect(await db.roomMember.count({ where: { roomId: room.id } })).toBe(0);
    await db.user.delete({ where: { id: owner.id } });
    expect(await db.pushSubscription.count({ where: { userId: owner.id } })).toBe(0);
  });
});
