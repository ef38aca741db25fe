import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { createSequence } from '../../src/client/room/sequence.js';
import { CLOSE } from '../../src/realtime/close-codes.js';
import type { HttpSession } from '../support/http-session.js';

const RESEND_MS = 2000;

interface Outgoing {
  text: string;
  ackedId: number | null;
}

/**
 * One member of a room as the browser client behaves (src/client/room): a socket that
 * reconnects with backoff and `?since=<the highest seq it has everything up to>` (kept by
 * the page's own sequence module, which also reconnects when a gap stays open), trying the
 * other process when its own is gone; messages sent with a `client_id` and resent until
 * acknowledged. It records everything a fault scenario counts: acks, chat events received
 * (per message id), duplicates, error codes, reconnects.
 */
export class ChatClient {
  /** Chat events received, by message id: how many times. */
  readonly received = new Map<number, number>();
  readonly outgoing = new Map<string, Outgoing>();
  readonly errorCodes: string[] = [];
  readonly closeCodes: number[] = [];
  /** The user ids of the last presence list received. */
  presence: number[] = [];
  /** A message id sent again on one connection, or replayed although its seq was at or below `?since`. */
  duplicates = 0;
  connects = 0;
  online = false;
  private readonly sequence = createSequence(0, () => this.socket?.close(CLOSE.catchUp, 'catching up'));
  private socket: WebSocket | null = null;
  private stopped = false;
  /** Vanished: no longer a member of the run (its user may still be in the room). */
  isGone = false;
  private retry = 0;
  private resender: NodeJS.Timeout | null = null;

  /**
   * `servers()` lists the live processes' URLs; the client prefers the one at `home`
   * (modulo their number) and moves on to the next when a connection fails.
   */
  constructor(readonly session: HttpSession, private readonly slug: string, private readonly servers: () => string[], private home: number) {}

  get userId(): number {
    return this.session.userId;
  }

  start(): void {
    this.connect();
    this.resender = setInterval(() => this.resendPending(), RESEND_MS);
  }

  /** Sends a new message; it is resent until acknowledged. Returns its client_id. */
  send(text: string): string {
    const clientId = randomUUID();
    this.outgoing.set(clientId, { text, ackedId: null });
    this.transmit(clientId, text);
    return clientId;
  }

  ackedId(clientId: string): number | null {
    return this.outgoing.get(clientId)?.ackedId ?? null;
  }

  pending(): number {
    return [...this.outgoing.values()].filter((item) => item.ackedId === null).length;
  }

  /** Stops reconnecting and resending, and closes the socket. */
  stop(): void {
    this.stopped = true;
    if (this.resender) clearInterval(this.resender);
    this.socket?.close();
  }

  /** Drops the socket without a close handshake and stops, like a browser tab that vanished. */
  vanish(): void {
    this.stopped = true;
    this.isGone = true;
    if (this.resender) clearInterval(this.resender);
    this.socket?.terminate();
  }

  private connect(): void {
    if (this.stopped) return;
    const urls = this.servers();
    const base = urls[this.home % urls.length];
    // No process is up right now: ask again shortly.
    if (base === undefined) return void setTimeout(() => this.connect(), 200);
    const since = this.sequence.upTo();
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/ws/rooms/${encodeURIComponent(this.slug)}/?since=${since}`, { headers: { Cookie: this.session.cookie } });
    this.socket = socket;
    const seenHere = new Set<number>();
    socket.on('open', () => {
      this.connects += 1;
      this.retry = 0;
      this.online = true;
      this.resendPending();
    });
    socket.on('message', (data: Buffer) => this.receive(JSON.parse(data.toString()) as Record<string, unknown>, since, seenHere));
    socket.on('error', () => {});
    socket.on('unexpected-response', (request) => request.destroy());
    socket.on('close', (code) => this.closed(socket, code));
  }

  private closed(socket: WebSocket, code: number): void {
    if (this.socket !== socket) return;
    this.online = false;
    this.socket = null;
    this.closeCodes.push(code);
    if (this.stopped || code === CLOSE.noAccess || code === CLOSE.notLoggedIn) return;
    // The process may be gone: the next attempt goes to the next one.
    if (code !== CLOSE.reconnect && code !== CLOSE.catchUp) this.home += 1;
    this.retry += 1;
    setTimeout(() => this.connect(), Math.min(2000, 100 * 2 ** Math.min(this.retry, 5)) * (0.5 + Math.random() / 2));
  }

  private receive(event: Record<string, unknown>, since: number, seenHere: Set<number>): void {
    if (typeof event.seq === 'number') this.sequence.seen(event.seq);
    if (event.event === 'chat' && typeof event.id === 'number') {
      const id = event.id;
      if (seenHere.has(id) || (typeof event.seq === 'number' && event.seq <= since)) this.duplicates += 1;
      seenHere.add(id);
      this.received.set(id, (this.received.get(id) ?? 0) + 1);
    } else if (event.event === 'ack' && typeof event.client_id === 'string') {
      const item = this.outgoing.get(event.client_id);
      if (item) item.ackedId = event.id as number;
    } else if (event.event === 'presence' && Array.isArray(event.online)) {
      this.presence = event.online as number[];
    } else if (event.event === 'error') {
      this.errorCodes.push(String(event.code));
    }
  }

  private resendPending(): void {
    for (const [clientId, item] of this.outgoing) if (item.ackedId === null) this.transmit(clientId, item.text);
  }

  private transmit(clientId: string, text: string): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify({ action: 'chat', message: text, client_id: clientId }));
  }
}
