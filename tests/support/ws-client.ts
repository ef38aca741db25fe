import { once } from 'node:events';
import WebSocket from 'ws';

export interface ReceivedEvent {
  event: string;
  [key: string]: unknown;
}

/**
 * A real `ws` client that records every event, so a test can wait for the one it expects
 * (never sleep) and look at everything that came before.
 */
export class TestSocket {
  readonly events: ReceivedEvent[] = [];
  private waiters: { match: (event: ReceivedEvent) => boolean; resolve: (event: ReceivedEvent) => void }[] = [];
  closeCode: number | null = null;
  closeReason = '';
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const event = JSON.parse(data.toString()) as ReceivedEvent;
      this.events.push(event);
      for (const waiter of [...this.waiters]) {
        if (!waiter.match(event)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        resolve(code);
      });
    });
    ws.on('error', () => {});
  }

  /** Opens a room's socket; resolves once it is open (or closed right after the handshake). */
  static open(baseUrl: string, slug: string, options: { cookie?: string; origin?: string; after?: number; since?: number } = {}): Promise<TestSocket> {
    const query = options.since !== undefined ? `?since=${options.since}` : options.after !== undefined ? `?after=${options.after}` : '';
    return TestSocket.openPath(baseUrl, `/ws/rooms/${encodeURIComponent(slug)}/${query}`, options);
  }

  /** Opens the home page's socket (`/ws/me/`: the user's own events). */
  static openUser(baseUrl: string, options: { cookie?: string } = {}): Promise<TestSocket> {
    return TestSocket.openPath(baseUrl, '/ws/me/', options);
  }

  private static async openPath(baseUrl: string, path: string, options: { cookie?: string; origin?: string }): Promise<TestSocket> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.Cookie = options.cookie;
    if (options.origin) headers.Origin = options.origin;
    const socket = new TestSocket(new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers }));
    await Promise.race([once(socket.ws, 'open'), socket.closed]);
    return socket;
  }

  /** The first event (already received or still to come) that matches. */
  next(match: (event: ReceivedEvent) => boolean, timeoutMs = 5000): Promise<ReceivedEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs}ms; got ${JSON.stringify(this.events)}`)), timeoutMs);
      this.waiters.push({ match, resolve: (event) => { clearTimeout(timer); resolve(event); } });
    });
  }

  nextOf(type: string, extra: (event: ReceivedEvent) => boolean = () => true, timeoutMs?: number): Promise<ReceivedEvent> {
    return this.next((event) => event.event === type && extra(event), timeoutMs);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  close(): void {
    this.ws.close();
  }
}
