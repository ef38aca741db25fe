import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { testEnv } from '../support/context.js';
import { HttpSession } from '../support/http-session.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TestSocket, type ReceivedEvent } from '../support/ws-client.js';

export interface TwoServers {
  readonly a: ServerProcess;
  readonly b: ServerProcess;
}

/**
 * Two server processes on their own ports, sharing the test MariaDB and Redis (one chat),
 * started before the file's tests and stopped after them. Read `a` and `b` inside tests.
 */
export function useTwoServers(overrides: Record<string, string> = {}): TwoServers {
  let servers: [ServerProcess, ServerProcess] | undefined;
  beforeAll(async () => {
    const env = testEnv(overrides);
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(async () => {
    await Promise.all(servers?.map((server) => server.stop()) ?? []);
  });
  const started = () => {
    if (!servers) throw new Error('useTwoServers() servers are ready only inside tests and hooks');
    return servers;
  };
  return {
    get a() {
      return started()[0];
    },
    get b() {
      return started()[1];
    },
  };
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** An owner with a fresh room and `memberCount` users who entered it, all signed up on `baseUrl`. */
export async function roomWithMembers(baseUrl: string, memberCount: number) {
  const owner = await HttpSession.signUp(baseUrl);
  const room = await owner.createRoom();
  const members: HttpSession[] = [];
  for (let i = 0; i < memberCount; i += 1) {
    const member = await HttpSession.signUp(baseUrl);
    const entered = await member.enter(room.slug);
    if (entered.status !== 200) throw new Error(`enter failed: ${entered.status}`);
    members.push(member);
  }
  return { owner, room, members };
}

/**
 * Opens a socket for `session` on `baseUrl` and waits until the server has fully set it up:
 * its own presence event came back through the bus, so its process is subscribed.
 */
export async function joinedSocket(baseUrl: string, slug: string, session: HttpSession, after?: number): Promise<TestSocket> {
  const socket = await TestSocket.open(baseUrl, slug, { cookie: session.cookie, ...(after === undefined ? {} : { after }) });
  await socket.nextOf('presence', (event) => onlineOf(event).includes(session.userId));
  return socket;
}

export const onlineOf = (event: ReceivedEvent) => event.online as number[];

/** The socket's close code; rejects when it is still open after `timeoutMs`. */
export function closeCodeWithin(socket: TestSocket, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs}ms`)), timeoutMs);
  });
  return Promise.race([socket.closed, timeout]).finally(() => clearTimeout(timer));
}

/** Chat events a socket received so far, by id. */
export const chatIds = (socket: TestSocket) => socket.events.filter((event) => event.event === 'chat').map((event) => event.id as number);

/** The session id inside a `codingline.sid` cookie: connect-redis stores it as `sess:<id>`. */
export function sessionIdOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  if (!value.startsWith('s:')) throw new Error(`not a signed session cookie: ${cookie}`);
  return value.slice(2, value.lastIndexOf('.'));
}

/**
 * Tries a WebSocket upgrade and says how it ended: `open`, or the HTTP status of a refusal
 * (the server answered the upgrade request without switching protocols).
 */
export function upgradeOutcome(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.on('open', () => {
      resolve('open');
      ws.close();
    });
    ws.on('error', (error) => reject(error));
  });
}

/** The ws:// URL of a room on a server. */
export const roomSocketUrl = (baseUrl: string, slug: string) => `${baseUrl.replace(/^http/, 'ws')}/ws/rooms/${encodeURIComponent(slug)}/`;
