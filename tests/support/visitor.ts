import { randomInt } from 'node:crypto';
import { SESSION_COOKIE } from '../../src/accounts/session.js';
import { csrfFrom } from './pages.js';

/**
 * A fresh IPv6 /64 of the documentation range (2001:db8::/32) for one test, so counters
 * keyed on the client address never meet another test's; `prefix(n)` is its n-th host.
 */
export function freshNetwork(): { prefix: string; host(n: number): string } {
  const prefix = `2001:db8:${randomInt(0x10000).toString(16)}:${randomInt(0x10000).toString(16)}`;
  return { prefix, host: (n) => `${prefix}:${(n & 0xffff).toString(16)}:${randomInt(0x10000).toString(16)}:0:1` };
}

/** What a JSON answer of the app says. */
export interface Answer {
  status: number;
  body: { ok: boolean; code?: string; error?: string; next?: string; retryAfterSeconds?: number };
  retryAfter: string | null;
}

/**
 * A browser talking to a running server (one trusted proxy hop: TRUST_PROXY_HOPS=1) from
 * a client address of the test's choosing, sent as X-Forwarded-For. It keeps its session
 * cookie and CSRF token; posts are AJAX (JSON answers).
 */
export class Visitor {
  cookie = '';
  csrf = '';

  private constructor(
    readonly baseUrl: string,
    public address: string,
  ) {}

  /** Opens `page` (default /login) to get a session and its CSRF token. */
  static async at(baseUrl: string, address: string, page = '/login'): Promise<Visitor> {
    const visitor = new Visitor(baseUrl, address);
    const res = await visitor.request(page, { headers: { Accept: 'text/html' } });
    visitor.csrf = csrfFrom(await res.text());
    return visitor;
  }

  async post(path: string, form: Record<string, string>): Promise<Answer> {
    const res = await this.request(path, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': this.csrf },
      body: new URLSearchParams(form),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'], retryAfter: res.headers.get('retry-after') };
  }

  /** After a login or sign-up: the home page's token, for further posts. */
  async refreshCsrf(page = '/'): Promise<void> {
    this.csrf = csrfFrom(await (await this.request(page, { headers: { Accept: 'text/html' } })).text());
  }

  private async request(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    const res = await fetch(this.baseUrl + path, {
      ...init,
      headers: { ...init.headers, Cookie: this.cookie, 'X-Forwarded-For': this.address },
      redirect: 'manual',
    });
    const set = res.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
    if (set) this.cookie = set.split(';')[0] ?? '';
    return res;
  }
}

/** How many answers had each status/code, e.g. `{ '400 INVALID_CREDENTIALS': 5, '429 TOO_MANY_ATTEMPTS': 195 }`. */
export function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, body } of answers) {
    const label = `${status} ${body.code ?? 'OK'}`;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
