import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import { WebSocketServer, type WebSocket } from 'ws';
import { readRequestSession, type RequestSession } from '../accounts/session.js';
import type { Logger } from '../logging/logger.js';
import { clientAddressKey, requestAddress } from '../http/client-address.js';
import { CLOSE } from './close-codes.js';
import { runConnection, type ConnectionDeps, type UpgradeContext } from './connection.js';
import { runUserConnection } from './user-connection.js';

const ROOM_PATH = /^\/ws\/rooms\/([^/?#]+)\/?$/;
/** The home page's socket: the user's own events only. */
const USER_PATH = /^\/ws\/me\/?$/;
/** Chat frames are small; ws's default of 100 MiB would let one client exhaust memory. */
export const MAX_FRAME_BYTES = 16 * 1024;

export interface UpgradeDeps extends ConnectionDeps {
  sessionParser: RequestHandler;
  /** Origins allowed besides the request's own. */
  allowedOrigins: readonly string[];
  /** Reverse-proxy hops whose X-Forwarded-* headers are trusted (TRUST_PROXY_HOPS). */
  trustProxyHops: number;
  logger: Logger;
}

/** An upgrade refused before the handshake: its HTTP status, and for a 429 when to retry. */
type Refusal = { status: 429; retryAfterSeconds: number } | { status: 503 };

/**
 * Accepts WebSockets on the HTTP server's port at /ws/rooms/<slug>/ and /ws/me/, like ws's
 * express-session example: refuse foreign origins and unknown paths with a complete HTTP
 * answer, limit upgrades per client address and per user, read the same session as the
 * pages, then hand the socket to runConnection.
 */
export function attachWebSockets(server: Server, deps: UpgradeDeps): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, clientTracking: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const onSocketError = (error: Error) => deps.logger.debug({ err: error }, 'socket error during upgrade');
    socket.on('error', onSocketError);
    const url = new URL(req.url ?? '/', 'http://upgrade.invalid');
    const slug = roomSlugOf(url.pathname);
    const isUserSocket = USER_PATH.test(url.pathname);
    if (slug === null && !isUserSocket) return refuse(socket, 400, 'Bad Request');
    if (!originAllowed(req, deps)) return refuse(socket, 403, 'Forbidden');

    admit(req, deps).then(
      (admitted) => {
        if ('status' in admitted) return refuseWith(socket, admitted);
        socket.removeListener('error', onSocketError);
        if (slug === null) return wss.handleUpgrade(req, socket, head, (ws) => accepted(ws, () => runUserConnection(ws, admitted, deps, socket), deps));
        const context = upgradeContext(admitted, slug, url.searchParams);
        wss.handleUpgrade(req, socket, head, (ws) => accepted(ws, () => runConnection(ws, context, deps, socket), deps));
      },
      // Redis (sessions, limits) is unreachable: "try again", not "not logged in".
      (error: unknown) => {
        deps.logger.warn({ err: error }, 'WebSocket upgrade could not read the session or the limits');
        refuseWith(socket, { status: 503 });
      },
    ).catch((error: unknown) => deps.logger.error({ err: error }, 'WebSocket upgrade failed'));
  });
  return wss;
}

/**
 * Runs an accepted socket. Called with a closure over only what the socket needs, not the
 * upgrade request and its session (kilobytes per socket, for hours).
 */
function accepted(ws: WebSocket, run: () => Promise<void>, deps: UpgradeDeps): void {
  // First listener: ws emits 'error' for protocol violations (reserved bits, bad UTF-8,
  // oversized frames); without a listener that would kill the process.
  ws.on('error', (error) => deps.logger.debug({ err: error }, 'WebSocket protocol error'));
  run().catch((error: unknown) => {
    deps.logger.error({ err: error }, 'WebSocket connection failed');
    ws.close(CLOSE.serverError, 'server error');
  });
}

/**
 * The upgrade limits, before the handshake and before anything else is read: per client
 * address first (no session needed), then per signed-in user. Both counters are shared
 * by every process. Resolves with the session, or with the refusal to answer.
 */
async function admit(req: IncomingMessage, deps: UpgradeDeps): Promise<RequestSession | Refusal> {
  const { perAddress, perUser, windowSeconds } = deps.config.upgradeRate;
  const address = clientAddressKey(requestAddress(req, deps.trustProxyHops));
  const byAddress = await deps.rateLimiter.hit(`ws-upgrade:address:${address}`, perAddress, windowSeconds);
  if (!byAddress.allowed) return { status: 429, retryAfterSeconds: byAddress.retryAfterSeconds };
  const session = await readRequestSession(deps.sessionParser, req);
  if (session.userId === null) return session;
  const byUser = await deps.rateLimiter.hit(`ws-upgrade:user:${session.userId}`, perUser, windowSeconds);
  if (!byUser.allowed) return { status: 429, retryAfterSeconds: byUser.retryAfterSeconds };
  return session;
}

function roomSlugOf(pathname: string): string | null {
  const match = ROOM_PATH.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

function upgradeContext({ sessionId, userId }: RequestSession, slug: string, query: URLSearchParams): UpgradeContext {
  const number = (name: string) => {
    const value = query.get(name);
    return value !== null && /^\d{1,10}$/.test(value) ? Number(value) : null;
  };
  // ?since= (sequence numbers) covers edits, deletions and reactions; ?after= (ids) only messages.
  const since = number('since');
  return { slug, userId, sessionId, resume: since !== null ? { by: 'seq', from: since } : { by: 'id', from: number('after') } };
}

/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin, and it must be this
 * server's own (same host as the request) or a configured one. Non-browser clients send none.
 */
function originAllowed(req: IncomingMessage, deps: Pick<UpgradeDeps, 'allowedOrigins' | 'trustProxyHops'>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (deps.allowedOrigins.includes(origin)) return true;
  try {
    const host = (deps.trustProxyHops > 0 ? firstForwarded(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host;
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function firstForwarded(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(',')[0]?.trim() || undefined;
}

function refuseWith(socket: Duplex, refusal: Refusal): void {
  if (refusal.status === 503) return refuse(socket, 503, 'Service Unavailable');
  refuse(socket, 429, 'Too Many Requests', [`Retry-After: ${refusal.retryAfterSeconds}`]);
}

function refuse(socket: Duplex, status: number, text: string, headers: string[] = []): void {
  const head = [`HTTP/1.1 ${status} ${text}`, 'Connection: close', 'Content-Type: text/plain', `Content-Length: ${text.length}`, ...headers];
  socket.end(`${head.join('\r\n')}\r\n\r\n${text}`);
}
