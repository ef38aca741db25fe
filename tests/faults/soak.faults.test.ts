import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, HeapInspector } from '../bench/inspector.js';
import { rssKiB } from '../bench/measure.js';
import { roomWithMembers } from '../realtime/helpers.js';
import { testDatabase } from '../support/context.js';
import type { HttpSession } from '../support/http-session.js';
import { ChatClient } from './chat-client.js';
import { expectWhole, report, type ChatRun } from './chat-run.js';
import { chatRoom, hold, startTopology, type Topology } from './topology.js';

// Steady chat for SOAK_MINUTES (3 in CI; `SOAK_MINUTES=30 npm run test:faults` for the long
// run) while other clients keep joining and leaving a second room, then: heap and RSS flat,
// and no socket, timer, listener or Redis connection left behind.
const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);
const WARM_UP_MS = 30_000;
const db = testDatabase();
let topology: Topology;
let inspectors: HeapInspector[];

beforeAll(async () => {
  const ports = [await freePort(), await freePort()];
  topology = await startTopology(6395, {}, ports.map((port) => [`--inspect=127.0.0.1:${port}`]));
  inspectors = await Promise.all(ports.map((port) => HeapInspector.connect(port)));
});
afterAll(async () => {
  for (const inspector of inspectors ?? []) inspector.close();
  await topology?.stop();
  await db.$disconnect();
});

interface Sample {
  heapMiB: number;
  rssMiB: number;
  fds: number;
  /** Node's active handles and requests by type (TCPSocketWrap, Timeout, …). */
  resources: Record<string, number>;
  /** Listeners on the process object, where a per-socket listener would pile up. */
  processListeners: number;
}

async function sample(index: number): Promise<Sample> {
  const server = topology.servers[index]!;
  const inspector = inspectors[index]!;
  const heap = await inspector.heapAfterGc();
  const resources = await inspector.evaluate<Record<string, number>>(
    'process.getActiveResourcesInfo().reduce((counts, type) => (counts[type] = (counts[type] ?? 0) + 1, counts), {})',
  );
  const processListeners = await inspector.evaluate<number>('process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0)');
  return {
    heapMiB: heap / 1024 / 1024,
    rssMiB: rssKiB(server.pid) / 1024,
    fds: readdirSync(`/proc/${server.pid}/fd`).length,
    resources,
    processListeners,
  };
}

const redisClients = async () => String(await topology.admin.call('CLIENT', 'LIST')).trim().split('\n').length;

/** Members of a second room who come and go: one joins every second and leaves 1.5 s later. */
function churn(members: HttpSession[], slug: string): { stop(): Promise<void>; visits: () => number } {
  const present = new Set<ChatClient>();
  let visits = 0;
  const timer = setInterval(() => {
    const session = members[visits % members.length]!;
    const client = new ChatClient(session, slug, () => topology.urls(), visits);
    visits += 1;
    present.add(client);
    client.start();
    setTimeout(() => {
      if (client.online) client.send('잠깐 들렀어요');
    }, 700);
    setTimeout(() => {
      client.stop();
      present.delete(client);
    }, 1500);
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      await hold(1600);
    },
    visits: () => visits,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

describe(`soak: ${MINUTES} minutes of steady chat with clients joining and leaving`, () => {
  it('keeps heap and RSS flat and leaves no socket, timer, listener or Redis connection behind', { timeout: (MINUTES * 60 + 180) * 1000 }, async () => {
    const run: ChatRun = await chatRoom(topology, db, 4);
    const { room: busy, members } = await roomWithMembers(topology.urls()[0]!, 6);
    run.startLoad(250);
    let comings = churn(members, busy.slug);
    await hold(WARM_UP_MS);
    await comings.stop();
    const before = [await sample(0), await sample(1)];
    const clientsBefore = await redisClients();
    const startedVisits = comings.visits();
    comings = churn(members, busy.slug);
    const series: string[] = [];
    const end = Date.now() + MINUTES * 60_000;
    while (Date.now() < end) {
      await hold(Math.min(60_000, end - Date.now()));
      const now = [await sample(0), await sample(1)];
      series.push(now.map((s) => `${round(s.heapMiB)}/${round(s.rssMiB)}`).join(' '));
    }
    await comings.stop();
    await run.settle();
    const after = [await sample(0), await sample(1)];
    const clientsAfter = await redisClients();
    const figures = await run.figures();
    run.stop();

    const growth = after.map((s, i) => ({
      heapMiB: round(s.heapMiB - before[i]!.heapMiB),
      rssMiB: round(s.rssMiB - before[i]!.rssMiB),
      fds: s.fds - before[i]!.fds,
      sockets: (s.resources.TCPSocketWrap ?? 0) - (before[i]!.resources.TCPSocketWrap ?? 0),
      timers: (s.resources.Timeout ?? 0) - (before[i]!.resources.Timeout ?? 0),
      listeners: s.processListeners - before[i]!.processListeners,
    }));
    report(`soak ${MINUTES} min`, figures, {
      'visits to the second room': startedVisits + comings.visits(),
      'heap after GC MiB (A, B)': `${before.map((s) => round(s.heapMiB)).join(', ')} → ${after.map((s) => round(s.heapMiB)).join(', ')}`,
      'RSS MiB': `${before.map((s) => round(s.rssMiB)).join(', ')} → ${after.map((s) => round(s.rssMiB)).join(', ')}`,
      'heap/RSS each minute': series.join('; '),
      'growth (fds, sockets, timers, process listeners)': growth.map((g) => `${g.fds}, ${g.sockets}, ${g.timers}, ${g.listeners}`).join(' | '),
      'Redis connections': `${clientsBefore} → ${clientsAfter}`,
    });

    expectWhole(figures);
    for (const g of growth) {
      expect(g.heapMiB).toBeLessThan(8);
      expect(g.rssMiB).toBeLessThan(64);
      expect(g.fds).toBeLessThanOrEqual(2);
      expect(g.sockets).toBeLessThanOrEqual(2);
      expect(g.timers).toBeLessThanOrEqual(2);
      expect(g.listeners).toBeLessThanOrEqual(0);
    }
    expect(clientsAfter).toBe(clientsBefore);
  });
});
