// The load generator: every client socket lives in this process; a few of them send chat
// frames on a fixed schedule and every socket counts what it receives. Kept cheap so the
// generator is not what saturates first: frames are never JSON-parsed, the send time and
// the step travel in the message text (`b <step> <seq> <sentAtMs>`) and are found with
// indexOf on the raw frame.
import WebSocket from 'ws';
import { LatencyHistogram } from './measure.js';

const CHAT_MARK = Buffer.from('"message":"b ');
const ACK_PREFIX = Buffer.from('{"event":"ack","client_id":"b');
const ERROR_PREFIX = Buffer.from('{"event":"error"');
const QUOTE = 0x22;
const SEND_TICK_MS = 2;

/** What one socket attempt came to: open, closed by the server (code), or failed (error). */
export type SocketOutcome = { ws: WebSocket; open: true } | { ws: WebSocket; open: false; reason: string };

/** Opens one room socket as a plain client would (no compression, no UTF-8 check of what arrives). */
export function openSocket(baseUrl: string, slug: string, cookie: string): Promise<SocketOutcome> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/ws/rooms/${encodeURIComponent(slug)}/`;
  const ws = new WebSocket(url, { headers: { Cookie: cookie }, perMessageDeflate: false, skipUTF8Validation: true });
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, open: true }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ws, open: false, reason: `HTTP ${res.statusCode}` });
      ws.terminate();
    });
    ws.once('close', (code) => resolve({ ws, open: false, reason: `close ${code}` }));
    ws.on('error', (error) => resolve({ ws, open: false, reason: error.message }));
  });
}

/** Counters of one step, filled by the receiving sockets. */
export interface StepCounts {
  id: number;
  /** Messages sent × clients: every socket receives every message, the sender's own included. */
  expected: number;
  delivered: number;
  acks: number;
  errors: Map<string, number>;
  latency: LatencyHistogram;
  /** Deliveries that came after the step was evaluated (counted as lost then). */
  late: number;
}

export interface StepRun {
  counts: StepCounts;
  sent: number;
  /** Seconds the sending took (the schedule's length unless this process fell behind). */
  sendSeconds: number;
}

// Step ids are unique over the whole run: messages of both systems share the database,
// and `client_id` must be unique per user.
let lastStepId = 0;

/** C client sockets in one room, the first S of which send. */
export class LoadClients {
  private readonly steps = new Map<number, StepCounts & { evaluated: boolean }>();
  private current: (StepCounts & { evaluated: boolean }) | null = null;
  private complete: (() => void) | null = null;
  /** performance.now() of the last frame received, to wait for quiet. */
  lastFrameAt = 0;

  private constructor(readonly sockets: WebSocket[]) {
    for (const ws of sockets) ws.on('message', (data: Buffer) => this.receive(data));
  }

  /**
   * Opens socket i to urls[i % urls.length] with members[i]'s session; throws naming the
   * failures unless every one opens.
   */
  static async open(urls: readonly string[], members: readonly { cookie: string; slug: string }[]): Promise<LoadClients> {
    const outcomes = await Promise.all(members.map((member, i) => openSocket(urls[i % urls.length]!, member.slug, member.cookie)));
    const failed = outcomes.filter((outcome) => !outcome.open);
    if (failed.length > 0) {
      for (const { ws } of outcomes) ws.terminate();
      throw new Error(`${failed.length} of ${outcomes.length} sockets did not open: ${summarize(failed.map((f) => (f.open ? '' : f.reason)))}`);
    }
    return new LoadClients(outcomes.map(({ ws }) => ws));
  }

  /**
   * Sends `rate` messages/s for `seconds`, spread round-robin over the first `senders`
   * sockets, then waits until every socket has every message or `graceSeconds` pass.
   */
  async runStep({ rate, seconds, senders, graceSeconds }: { rate: number; seconds: number; senders: number; graceSeconds: number }): Promise<StepRun> {
    const id = (lastStepId += 1);
    const counts = { id, expected: 0, delivered: 0, acks: 0, errors: new Map<string, number>(), latency: new LatencyHistogram(), late: 0, evaluated: false };
    this.steps.set(id, counts);
    this.steps.delete(id - 3);
    this.current = counts;
    const total = Math.round(rate * seconds);
    const from = this.sockets.slice(0, senders);
    const started = performance.now();
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
        for (; sent < due; sent += 1) {
          const text = `b ${id} ${sent} ${performance.now().toFixed(3)}`;
          from[sent % from.length]!.send(`{"action":"chat","message":"${text}","client_id":"b${id}-${sent}"}`);
          counts.expected += this.sockets.length;
        }
        if (sent < total) return;
        clearInterval(timer);
        resolve();
      }, SEND_TICK_MS);
    });
    const sendSeconds = (performance.now() - started) / 1000;
    if (counts.delivered < counts.expected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceSeconds * 1000);
        this.complete = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.complete = null;
    counts.evaluated = true;
    return { counts, sent, sendSeconds };
  }

  /** Waits until nothing has arrived for `quietMs` (at most `maxMs`): late deliveries are counted. */
  async settle(quietMs: number, maxMs: number): Promise<void> {
    const until = performance.now() + maxMs;
    while (performance.now() < until && performance.now() - this.lastFrameAt < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): Promise<void> {
    return closeSockets(this.sockets);
  }

  private receive(data: Buffer): void {
    this.lastFrameAt = performance.now();
    const chat = data.indexOf(CHAT_MARK);
    if (chat >= 0) return this.delivered(data, chat + CHAT_MARK.length);
    if (data.indexOf(ACK_PREFIX) === 0) {
      const step = this.steps.get(Number(data.toString('latin1', ACK_PREFIX.length, data.indexOf(0x2d, ACK_PREFIX.length))));
      if (step) step.acks += 1;
      return;
    }
    if (data.indexOf(ERROR_PREFIX) === 0 && this.current) {
      const code = /"code":"([^"]*)"/.exec(data.toString())?.[1] ?? 'unknown';
      this.current.errors.set(code, (this.current.errors.get(code) ?? 0) + 1);
    }
  }

  private delivered(data: Buffer, start: number): void {
    const text = data.toString('latin1', start, data.indexOf(QUOTE, start));
    const first = text.indexOf(' ');
    const step = this.steps.get(Number(text.slice(0, first)));
    if (!step) return;
    if (step.evaluated) {
      step.late += 1;
      return;
    }
    step.latency.record(performance.now() - Number(text.slice(text.indexOf(' ', first + 1) + 1)));
    step.delivered += 1;
    if (step.delivered === step.expected && this.complete && step === this.current) this.complete();
  }
}

/** Closes the sockets and resolves once each has closed (or 10 s have passed). */
export async function closeSockets(sockets: readonly WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map((ws) => {
      if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
      const closed = new Promise((resolve) => ws.once('close', resolve));
      ws.close();
      return Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }),
  );
}

/** "12× close 4429, 3× HTTP 401": how many failed for each reason. */
export function summarize(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count}× ${reason}`).join(', ');
}
