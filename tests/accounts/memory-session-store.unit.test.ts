import type { SessionData } from 'express-session';
import { describe, expect, it, vi } from 'vitest';
import { MemorySessionStore } from '../../src/accounts/memory-session-store.js';
import { asError } from '../../src/errors/as-error.js';

const MINUTE = 60_000;

/** A stored session whose cookie expires at `expiresAt` (ms), as express-session writes it. */
const sessionUntil = (expiresAt: number, extra: Partial<SessionData> = {}) =>
  ({ cookie: { originalMaxAge: null, expires: new Date(expiresAt), httpOnly: true, path: '/' }, ...extra }) as unknown as SessionData;

const get = (store: MemorySessionStore, sid: string) =>
  new Promise<SessionData | null | undefined>((resolve, reject) => store.get(sid, (error, data) => (error ? reject(asError(error)) : resolve(data))));
const set = (store: MemorySessionStore, sid: string, data: SessionData) => new Promise<void>((resolve) => store.set(sid, data, () => resolve()));
const touch = (store: MemorySessionStore, sid: string, data: SessionData) => new Promise<void>((resolve) => store.touch(sid, data, () => resolve()));

describe('MemorySessionStore', () => {
  it('returns a copy of a session until its cookie expires', async () => {
    let now = 0;
    const store = new MemorySessionStore({ defaultTtlMs: 30 * MINUTE, now: () => now });
    await set(store, 'a', sessionUntil(30 * MINUTE, { csrfToken: 'token' }));
    const read = await get(store, 'a');
    expect(read?.csrfToken).toBe('token');
    if (read) read.csrfToken = 'changed by a request';
    expect((await get(store, 'a'))?.csrfToken).toBe('token');
    now = 30 * MINUTE;
    expect(await get(store, 'a')).toBeNull();
    expect(store.size).toBe(0);
    store.close();
  });

  it('extends a session on touch, and uses the default lifetime for a cookie without expiry', async () => {
    let now = 0;
    const store = new MemorySessionStore({ defaultTtlMs: 10 * MINUTE, now: () => now });
    await set(store, 'a', sessionUntil(30 * MINUTE));
    now = 20 * MINUTE;
    await touch(store, 'a', sessionUntil(50 * MINUTE));
    now = 40 * MINUTE;
    expect(await get(store, 'a')).not.toBeNull();
    await set(store, 'b', { cookie: { originalMaxAge: null } } as unknown as SessionData);
    now = 50 * MINUTE;
    expect(await get(store, 'b')).toBeNull();
    store.close();
  });

  it('sweeps expired sessions that are never read again, on its own timer', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const store = new MemorySessionStore({ defaultTtlMs: 30 * MINUTE, now: () => now, sweepEveryMs: MINUTE });
      // A loop of GET /login: one visitor session each, never read again.
      for (let i = 0; i < 1000; i += 1) store.set(`visitor-${i}`, sessionUntil(30 * MINUTE));
      store.set('member', sessionUntil(14 * 24 * 60 * MINUTE));
      expect(store.size).toBe(1001);
      now = 30 * MINUTE;
      vi.advanceTimersByTime(MINUTE);
      expect(store.size).toBe(1);
      store.destroy('member');
      expect(store.size).toBe(0);
      store.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
