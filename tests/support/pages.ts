import type { Agent } from 'supertest';

/** The CSRF token of a page, read from its `<meta name="csrf-token">`. */
export function csrfFrom(html: string): string {
  const match = /<meta name="csrf-token" content="([^"]*)">/.exec(html);
  if (!match?.[1]) throw new Error('page has no csrf-token meta');
  return match[1];
}

/** GETs a page with the agent (keeping its cookies) and returns that session's CSRF token. */
export async function csrfOf(agent: Agent, path = '/login'): Promise<string> {
  const res = await agent.get(path).set('Accept', 'text/html');
  return csrfFrom(res.text);
}

/** The session cookie's value from a response, to compare ids across logins. */
export function sessionCookie(setCookie: string | string[] | undefined): string | undefined {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return cookies.find((cookie) => cookie.startsWith('codingline.sid='))?.split(';')[0];
}
