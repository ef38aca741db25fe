import { expect } from 'vitest';
import type { Database } from '../../src/db/prisma.js';
import { until } from '../realtime/helpers.js';
import type { ChatClient } from './chat-client.js';

/** What one scenario measured; `lost`, `duplicates`, `phantom` and `unacknowledged` must be 0. */
export interface Figures {
  sent: number;
  acknowledged: number;
  stored: number;
  /** Chat events that reached members, counted once per (member, message). */
  delivered: number;
  /** Stored messages times members: what `delivered` must reach. */
  expected: number;
  duplicates: number;
  lost: number;
  /** Chat events received that are not stored messages of the room. */
  phantom: number;
  unacknowledged: number;
  reconnects: number;
  errors: number;
  recoveryMs: number | null;
}

/**
 * Steady chat among a room's clients, and the figures afterwards: what was sent,
 * acknowledged, stored (read from the database), delivered to every member, duplicated
 * or lost.
 */
export class ChatRun {
  private timer: NodeJS.Timeout | null = null;
  private count = 0;
  recoveryMs: number | null = null;

  constructor(readonly clients: ChatClient[], private readonly roomId: number, private readonly db: Database) {}

  /** The clients still taking part (a vanished one is not a member any more). */
  active = (): ChatClient[] => this.clients.filter((client) => !client.isGone);

  /** One message every `intervalMs`, from each active client in turn. */
  startLoad(intervalMs: number): void {
    this.timer = setInterval(() => {
      const senders = this.active();
      const sender = senders[this.count % senders.length];
      this.count += 1;
      sender?.send(`부하 ${this.count}`);
    }, intervalMs);
  }

  stopLoad(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * From the fault's end to the first new message reaching every member: a probe sent
   * (and resent) by the first active client. Recorded as the scenario's recovery time.
   */
  async measureRecovery(faultEndedAt: number, timeoutMs = 30_000): Promise<number> {
    const [sender] = this.active();
    if (!sender) throw new Error('no active client to send the probe');
    const clientId = sender.send('복구 확인');
    await until(() => {
      const id = sender.ackedId(clientId);
      return id !== null && this.active().every((client) => client.received.has(id));
    }, 'the probe message to reach every member', timeoutMs, 20).catch((error: unknown) => {
      const id = sender.ackedId(clientId);
      const states = this.active().map((client) => `user ${client.userId}: ${client.online ? 'online' : 'offline'}, ${client.connects} connects, closes [${client.closeCodes.join(' ')}], ${id !== null && client.received.has(id) ? 'has it' : 'missing'}`);
      throw new Error(`${String(error)}; probe ${id === null ? 'not acknowledged' : `stored as ${id}`}; ${states.join('; ')}`);
    });
    this.recoveryMs = Date.now() - faultEndedAt;
    return this.recoveryMs;
  }

  /** Waits until every message is acknowledged and every stored one reached every member. */
  async settle(timeoutMs = 30_000): Promise<void> {
    this.stopLoad();
    await until(async () => {
      if (this.active().some((client) => client.pending() > 0)) return false;
      const stored = await this.storedIds();
      return this.active().every((client) => stored.every((id) => client.received.has(id)));
    }, 'every message acknowledged and delivered', timeoutMs, 200).catch(() => undefined);
  }

  async figures(): Promise<Figures> {
    const members = this.active();
    const sent = this.clients.flatMap((client) => [...client.outgoing.values()]);
    const stored = await this.storedIds();
    const storedSet = new Set(stored);
    const received = members.flatMap((client) => [...client.received.keys()]);
    const delivered = received.filter((id) => storedSet.has(id)).length;
    return {
      sent: sent.length,
      acknowledged: sent.filter((item) => item.ackedId !== null).length,
      stored: stored.length,
      delivered,
      expected: stored.length * members.length,
      duplicates: members.reduce((sum, client) => sum + client.duplicates, 0),
      lost: stored.length * members.length - delivered,
      phantom: new Set(this.clients.flatMap((client) => [...client.received.keys()]).filter((id) => !storedSet.has(id))).size,
      unacknowledged: sent.filter((item) => item.ackedId === null).length,
      reconnects: this.clients.reduce((sum, client) => sum + Math.max(0, client.connects - 1), 0),
      errors: this.clients.reduce((sum, client) => sum + client.errorCodes.length, 0),
      recoveryMs: this.recoveryMs,
    };
  }

  /** Ends the scenario: waits for everything to settle, stops the clients, and counts. */
  async finish(): Promise<Figures> {
    await this.settle();
    const figures = await this.figures();
    this.stop();
    return figures;
  }

  stop(): void {
    this.stopLoad();
    for (const client of this.clients) client.stop();
  }

  /** The room's stored chat messages (system lines aside). */
  private async storedIds(): Promise<number[]> {
    const rows = await this.db.message.findMany({ where: { roomId: this.roomId, systemKind: null }, select: { id: true } });
    return rows.map((row) => row.id);
  }
}

/** Prints a scenario's figures on one line, with what else it measured, and its verdict. */
export function report(scenario: string, figures: Figures, extra: Record<string, string | number> = {}): void {
  const { sent, acknowledged, stored, delivered, expected, duplicates, lost, phantom, unacknowledged, reconnects, errors, recoveryMs } = figures;
  const pass = isWhole(figures);
  const parts = [
    `sent ${sent}`, `acknowledged ${acknowledged}`, `stored ${stored}`, `delivered ${delivered}/${expected}`,
    `duplicates ${duplicates}`, `lost ${lost}`, `phantom ${phantom}`, `unacknowledged ${unacknowledged}`,
    `reconnects ${reconnects}`, `error events ${errors}`, `recovery ${recoveryMs === null ? '-' : `${recoveryMs} ms`}`,
    ...Object.entries(extra).map(([name, value]) => `${name} ${value}`),
  ];
  console.log(`[faults] ${scenario}: ${parts.join(', ')} → ${pass ? 'PASS' : 'FAIL'}`);
}

/** Every chat scenario's pass condition: nothing lost, doubled or made up, everything acknowledged. */
const isWhole = ({ lost, duplicates, phantom, unacknowledged, acknowledged, stored }: Figures) =>
  lost === 0 && duplicates === 0 && phantom === 0 && unacknowledged === 0 && acknowledged === stored;

/** The pass condition as assertions, so a failure shows which figure broke it. */
export function expectWhole(figures: Figures): void {
  expect(figures).toMatchObject({ lost: 0, duplicates: 0, phantom: 0, unacknowledged: 0 });
  expect(figures.acknowledged).toBe(figures.stored);
}
