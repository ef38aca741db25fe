/**
 * The ceiling: the smallest server that does codingline's chat job, so the capacity
 * benchmark can print codingline's figures as a ratio of what Node, `ws`, ioredis and
 * mysql2 allow on the same machine. It does only this: read the session at connect
 * (codingline's signed cookie, its session in Redis), look the room and the author up
 * once, subscribe one Redis channel per room, and for a chat frame INSERT, then PUBLISH,
 * then ack; every published room message goes to this process's sockets in the room.
 * No rate limit, presence, replay, moderation, validation beyond the frame's shape.
 * With REDIS_CLUSTER_NODES instead of REDIS_URL it does the same on a Redis Cluster, room
 * channels over sharded pub/sub (SPUBLISH, and ioredis's own sharded subscribers).
 *
 *   DATABASE_URL=… REDIS_URL=… SESSION_SECRET=… PORT=0 tsx tests/bench/ceiling-server.ts
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { WebSocket, WebSocketServer } from 'ws';
import { parseMysqlUrl } from '../../src/db/mysql-url.js';

const ROOM_PATH = /^\/ws\/rooms\/([^/?#]+)\/?$/;
const channelOf = (roomId: number) => `ceiling:room_${roomId}`;

/**
 * cookie-signature's unsign (what express-session uses): the value is `s:<id>.<mac>`, the
 * mac being HMAC-SHA256 of the id in base64 without `=` padding. The session id, or null.
 */
export function unsignSessionCookie(value: string, secret: string): string | null {
  if (!value.startsWith('s:')) return null;
  const signed = value.slice(2);
  const id = signed.slice(0, signed.lastIndexOf('.'));
  const expected = Buffer.from(`${id}.${createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '')}`);
  const given = Buffer.from(signed);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

interface Member {
  roomId: number;
  user: { id: number; name: string; avatar: string | null };
}

/**
 * The ceiling stores chat rows as the original app did (an auto-increment id, no per-room
 * sequence number): a table of its own, so codingline's numbering stays out of its way.
 */
const TABLE = 'bench_ceiling_messages';
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  room_id INT NOT NULL,
  user_id INT NOT NULL,
  content TEXT NULL,
  client_id VARCHAR(64) NULL,
  created_at DATETIME(3) NOT NULL,
  INDEX (room_id, id)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

/** Pub/sub and the session read, on one Redis or on a cluster (sharded pub/sub). */
interface CeilingRedis {
  get(key: string): Promise<string | null>;
  publish(channel: string, message: string): Promise<unknown>;
  subscribe(channel: string): Promise<unknown>;
  onMessage(handler: (channel: string, message: string) => void): void;
  quit(): Promise<unknown>;
}

function connectRedis(redisUrl: string | undefined, clusterNodes: string | undefined): CeilingRedis {
  const report = (error: Error) => console.error(`redis: ${error.message}`);
  if (clusterNodes) {
    const nodes = clusterNodes.split(',').map((node) => ({ host: node.slice(0, node.lastIndexOf(':')), port: Number(node.slice(node.lastIndexOf(':') + 1)) }));
    const redis = new Cluster(nodes);
    const subscriber = new Cluster(nodes, { shardedSubscribers: true });
    for (const connection of [redis, subscriber]) connection.on('error', report);
    return {
      get: (key) => redis.get(key),
      publish: (channel, message) => redis.spublish(channel, message),
      subscribe: (channel) => subscriber.ssubscribe(channel),
      onMessage: (handler) => subscriber.on('smessage', handler),
      quit: () => Promise.all([redis.quit(), subscriber.quit()]),
    };
  }
  const redis = new Redis(redisUrl ?? '');
  const subscriber = new Redis(redisUrl ?? '');
  for (const connection of [redis, subscriber]) connection.on('error', report);
  return {
    get: (key) => redis.get(key),
    publish: (channel, message) => redis.publish(channel, message),
    subscribe: (channel) => subscriber.subscribe(channel),
    onMessage: (handler) => subscriber.on('message', handler),
    quit: () => Promise.all([redis.quit(), subscriber.quit()]),
  };
}

function main(): void {
  const { DATABASE_URL, REDIS_URL, REDIS_CLUSTER_NODES, SESSION_SECRET, PORT } = process.env;
  if (!DATABASE_URL || !(REDIS_URL || REDIS_CLUSTER_NODES) || !SESSION_SECRET) throw new Error('DATABASE_URL, REDIS_URL (or REDIS_CLUSTER_NODES) and SESSION_SECRET are required');
  const secret = SESSION_SECRET;
  // The same pool size as codingline's Prisma adapter.
  const db = mysql.createPool({ ...parseMysqlUrl(DATABASE_URL), connectionLimit: 10 });
  const redis = connectRedis(REDIS_URL, REDIS_CLUSTER_NODES);
  const rooms = new Map<number, Set<WebSocket>>();

  redis.onMessage((channel, raw) => {
    const sockets = rooms.get(Number(channel.slice(channel.lastIndexOf('_') + 1)));
    for (const socket of sockets ?? []) if (socket.readyState === WebSocket.OPEN) socket.send(raw);
  });

  /** Who is connecting, from the session cookie: null when nobody is signed in. */
  async function sessionUser(cookieHeader: string | undefined): Promise<number | null> {
    const cookie = cookieValue(cookieHeader, 'codingline.sid');
    const sessionId = cookie === null ? null : unsignSessionCookie(cookie, secret);
    if (sessionId === null) return null;
    const raw = await redis.get(`sess:${sessionId}`);
    const user = raw === null ? undefined : (JSON.parse(raw) as { passport?: { user?: unknown } }).passport?.user;
    return typeof user === 'number' ? user : null;
  }

  async function member(slug: string, userId: number): Promise<Member | null> {
    const [rows] = await db.execute<mysql.RowDataPacket[]>(
      'SELECT r.id AS roomId, u.username, u.display_name AS displayName, u.avatar FROM rooms r JOIN users u ON u.id = ? WHERE r.slug = ?',
      [userId, slug],
    );
    const row = rows[0] as { roomId: number; username: string; displayName: string | null; avatar: string | null } | undefined;
    return row ? { roomId: row.roomId, user: { id: userId, name: row.displayName ?? row.username, avatar: row.avatar } } : null;
  }

  async function chat(socket: WebSocket, who: Member, data: Buffer): Promise<void> {
    const frame = JSON.parse(data.toString()) as { action?: unknown; message?: unknown; client_id?: unknown };
    if (frame.action !== 'chat' || typeof frame.message !== 'string') return;
    const text = frame.message.trim();
    if (text === '') return;
    const clientId = typeof frame.client_id === 'string' ? frame.client_id : null;
    const createdAt = new Date();
    const [result] = await db.execute<mysql.ResultSetHeader>(
      `INSERT INTO ${TABLE} (room_id, user_id, content, client_id, created_at) VALUES (?, ?, ?, ?, ?)`,
      [who.roomId, who.user.id, text, clientId, createdAt],
    );
    const id = result.insertId;
    await redis.publish(channelOf(who.roomId), JSON.stringify({ event: 'chat', id, user: who.user, ts: createdAt.toISOString(), message: text }));
    if (clientId !== null && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ event: 'ack', client_id: clientId, id }));
  }

  async function accept(socket: WebSocket, who: Member): Promise<void> {
    const sockets = rooms.get(who.roomId) ?? new Set<WebSocket>();
    if (!rooms.has(who.roomId)) {
      rooms.set(who.roomId, sockets);
      await redis.subscribe(channelOf(who.roomId));
    }
    sockets.add(socket);
    // One frame at a time per socket, as codingline: a user's messages are stored in the order sent.
    let frames = Promise.resolve();
    socket.on('message', (data: Buffer) => {
      frames = frames.then(() => chat(socket, who, data)).catch((error: unknown) => console.error(`chat failed: ${String(error)}`));
    });
    socket.on('close', () => sockets.delete(socket));
  }

  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: 16 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const slug = ROOM_PATH.exec(new URL(req.url ?? '/', 'http://upgrade.invalid').pathname)?.[1];
    if (slug === undefined) return socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    sessionUser(req.headers.cookie)
      .then((userId) => (userId === null ? null : member(decodeURIComponent(slug), userId)))
      .then((who) => {
        if (who === null) return socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        wss.handleUpgrade(req, socket, head, (ws) => {
          ws.on('error', () => ws.terminate());
          accept(ws, who).catch(() => ws.close(1011, 'server error'));
        });
      })
      .catch(() => socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n'));
  });

  const listen = () =>
    server.listen(Number(PORT ?? 0), () => {
      const { port } = server.address() as AddressInfo;
      // The line tests/support/server-process.ts waits for.
      console.log(JSON.stringify({ msg: `ceiling listening on http://localhost:${port}`, port, pid: process.pid }));
    });
  db.query(CREATE_TABLE).then(listen, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
  const stop = () => {
    server.close();
    for (const sockets of rooms.values()) for (const socket of sockets) socket.terminate();
    Promise.all([redis.quit(), db.end()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
