import session, { type SessionData } from 'express-session';

type Callback = (error?: unknown) => void;

export interface MemorySessionStoreOptions {
  /** Lifetime of a session whose cookie has no expiry (express-session always sets one here). */
  defaultTtlMs: number;
  now?: () => number;
  sweepEveryMs?: number;
}

/**
 * The session store of single-process mode (no Redis). express-session's own MemoryStore
 * never removes an expired session unless that same id is read again, so every visitor's
 * session would stay in memory for good; this one expires each session with its cookie,
 * as connect-redis does with the key's TTL, and sweeps expired ones on an unref'd timer.
 * Sessions are kept as JSON text, so a request never shares objects with the store.
 */
export class MemorySessionStore extends session.Store {
  private readonly sessions = new Map<string, { json: string; expiresAt: number }>();
  private readonly now: () => number;
  private readonly defaultTtlMs: number;
  private readonly timer: NodeJS.Timeout;

  constructor({ defaultTtlMs, now = Date.now, sweepEveryMs = 60_000 }: MemorySessionStoreOptions) {
    super();
    this.defaultTtlMs = defaultTtlMs;
    this.now = now;
    this.timer = setInterval(() => this.sweep(), sweepEveryMs);
    this.timer.unref();
  }

  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    const entry = this.live(sid);
    const data = entry ? (JSON.parse(entry.json) as SessionData) : null;
    setImmediate(() => callback(null, data));
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    this.sessions.set(sid, { json: JSON.stringify(data), expiresAt: this.expiryOf(data) });
    if (callback) setImmediate(callback);
  }

  override touch(sid: string, data: SessionData, callback?: Callback): void {
    const entry = this.live(sid);
    if (entry) entry.expiresAt = this.expiryOf(data);
    if (callback) setImmediate(callback);
  }

  override destroy(sid: string, callback?: Callback): void {
    this.sessions.delete(sid);
    if (callback) setImmediate(callback);
  }

  /** Drops every expired session. */
  sweep(): void {
    const time = this.now();
    for (const [sid, entry] of this.sessions) if (entry.expiresAt <= time) this.sessions.delete(sid);
  }

  /** Sessions held right now, expired ones not yet swept included. */
  get size(): number {
    return this.sessions.size;
  }

  /** Stops the sweeping timer. */
  close(): void {
    clearInterval(this.timer);
  }

  private live(sid: string) {
    const entry = this.sessions.get(sid);
    if (entry && entry.expiresAt > this.now()) return entry;
    this.sessions.delete(sid);
    return undefined;
  }

  /** When the session's cookie expires (its maxAge, as set by the login), like connect-redis's TTL. */
  private expiryOf(data: SessionData): number {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires).getTime() : this.now() + this.defaultTtlMs;
  }
}
