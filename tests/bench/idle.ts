// `npm run bench -- --idle N`: memory per idle socket. One codingline process; N sockets
// of N/8 users (8 is the per-user socket limit of a process), in rooms of 100 members.
// RSS and V8 heap (after a full GC, through the inspector) before the sockets, with all N
// open and quiet, and after they all closed; twice, so memory kept once (a high-water
// mark) can be told from memory kept per round (a leak).
import WebSocket from 'ws';
import type { ServerProcess } from '../support/server-process.js';
import { freePort, HeapInspector } from './inspector.js';
import { closeSockets, openSocket, summarize } from './load.js';
import { cpuSeconds, openFileLimit, rssKiB } from './measure.js';
import { inParallel, prepareServices, ROOM_CAPACITY_DEFAULT, serverEnv, signUpMembers, startServers, type Member } from './setup.js';

const SOCKETS_PER_USER = 8;
const OPEN_CONCURRENCY = 100;

/** Resolves once the process has used under 2% of a core for two half-second samples in a row (at most maxMs). */
async function quiet(pid: number, maxMs = 300_000): Promise<void> {
  const until = Date.now() + maxMs;
  let calm = 0;
  while (Date.now() < until && calm < 2) {
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    calm = cpuSeconds(pid) - before < 0.01 ? calm + 1 : 0;
  }
}

/** RSS and heap (KiB) once the server is quiet and after a full garbage collection. */
async function memory(server: ServerProcess, inspector: HeapInspector): Promise<{ rss: number; heap: number }> {
  await quiet(server.pid);
  const heap = (await inspector.heapAfterGc()) / 1024;
  return { rss: rssKiB(server.pid), heap };
}

/** Warnings and errors the server logged since `from` (its log lines are kept by the helper). */
function serverProblems(server: ServerProcess, from: number): string {
  const problems = server.logs.slice(from).filter((entry) => typeof entry.level === 'number' && entry.level >= 40);
  const describe = (entry: Record<string, unknown>) => {
    const err = entry.err as { message?: unknown } | undefined;
    const message = typeof err?.message === 'string' ? ` (${err.message.replace(/\s+/g, ' ').trim().slice(0, 160)})` : '';
    return `${String(entry.msg)}${message}`;
  };
  return problems.length === 0 ? 'none' : summarize(problems.map(describe));
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
const signedMib = (kib: number) => `${kib >= 0 ? '+' : ''}${mib(kib)}`;

/** The close code of each socket the server closed. */
const closeCodes = new WeakMap<WebSocket, number>();

interface Round {
  open: { rss: number; heap: number };
  after: { rss: number; heap: number };
  /** Sockets open once the server was quiet. */
  held: number;
  openSeconds: number;
  connectCpu: number;
  /** Why first attempts failed (refused, or closed by the server soon after opening). */
  firstFailures: string[];
  /** Sockets still failing after two more attempts. */
  failing: string[];
}

/**
 * Opens every member's sockets (100 at a time), reopens the ones refused or closed by the
 * server (twice at most, as a client reconnects), measures, closes them all, measures.
 */
async function round(server: ServerProcess, inspector: HeapInspector, members: readonly Member[], sockets: number): Promise<Round> {
  const memberOf = (k: number) => members[Math.floor(k / SOCKETS_PER_USER)]!;
  const held: (WebSocket | null)[] = new Array<WebSocket | null>(sockets).fill(null);
  const failures: string[][] = [];
  const started = performance.now();
  const cpuStarted = cpuSeconds(server.pid);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const missing = held.flatMap((ws, k) => (ws === null || ws.readyState !== WebSocket.OPEN ? [k] : []));
    if (missing.length === 0) break;
    const failed: string[] = [];
    await inParallel(missing.length, OPEN_CONCURRENCY, async (i) => {
      const k = missing[i]!;
      const outcome = await openSocket(server.url, memberOf(k).slug, memberOf(k).cookie);
      held[k] = outcome.open ? outcome.ws : null;
      if (outcome.open) outcome.ws.once('close', (code) => closeCodes.set(outcome.ws, code));
      else failed.push(outcome.reason);
    });
    // Every join sends the room a presence list: wait until that is all delivered, then
    // count the sockets the server closed meanwhile.
    await quiet(server.pid);
    for (const k of missing) {
      const ws = held[k];
      if (ws && ws.readyState !== WebSocket.OPEN) failed.push(`close ${closeCodes.get(ws) ?? '?'} after opening`);
    }
    failures.push(failed);
  }
  const openSeconds = (performance.now() - started) / 1000;
  const open = await memory(server, inspector);
  const connectCpu = cpuSeconds(server.pid) - cpuStarted;
  const opened = held.filter((ws): ws is WebSocket => ws !== null && ws.readyState === WebSocket.OPEN);
  const failing = held.flatMap((ws) => (ws === null ? ['refused'] : ws.readyState !== WebSocket.OPEN ? [`close ${closeCodes.get(ws) ?? '?'}`] : []));
  await closeSockets(held.filter((ws): ws is WebSocket => ws !== null));
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const after = await memory(server, inspector);
  return { open, after, held: opened.length, openSeconds, connectCpu, firstFailures: failures[0] ?? [], failing };
}

export async function runIdle(sockets: number): Promise<void> {
  const limit = openFileLimit();
  if (limit < sockets + 200) {
    throw new Error(`the open-file limit (ulimit -n = ${limit}) is too low for ${sockets} sockets: raise it (ulimit -n ${sockets + 1000}) and run again`);
  }
  const users = Math.ceil(sockets / SOCKETS_PER_USER);
  const services = await prepareServices();
  const inspectPort = await freePort();
  const [server] = await startServers(serverEnv(services, { roomCapacity: ROOM_CAPACITY_DEFAULT }), 1, { nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`] });
  if (!server) throw new Error('no server started');
  const inspector = await HeapInspector.connect(inspectPort);
  try {
    const signUpStarted = performance.now();
    console.log(`signing up ${users} users through the pages (16 at a time), ${ROOM_CAPACITY_DEFAULT} to a room`);
    const members = await signUpMembers([server], users, ROOM_CAPACITY_DEFAULT, (done) => {
      if (done % 500 === 0) console.log(`  ${done} of ${users}`);
    });
    console.log(`  done in ${((performance.now() - signUpStarted) / 1000).toFixed(0)} s`);
    const before = await memory(server, inspector);
    const logsBefore = server.logs.length;
    const rounds: Round[] = [];
    for (let r = 1; r <= 2; r += 1) {
      console.log(`round ${r}: opening ${sockets} sockets, 100 at a time`);
      rounds.push(await round(server, inspector, members, sockets));
    }
    const [first, second] = rounds as [Round, Round];
    const row = (label: string, rss: string, heap: string) => `  ${label.padEnd(26)}${rss.padEnd(16)}${heap}`;
    const memoryRow = (label: string, m: { rss: number; heap: number }) => row(label, mib(m.rss), mib(m.heap));
    // Per socket: the growth from what the round started with (before, or the previous round's end).
    const perSocket = (m: { rss: number; heap: number }, from: { rss: number; heap: number }, held: number) =>
      row(`  per idle socket`, `${((m.rss - from.rss) / Math.max(1, held)).toFixed(1)} KiB`, `${((m.heap - from.heap) / Math.max(1, held)).toFixed(1)} KiB`);
    console.log(`
idle sockets: ${sockets} sockets of ${users} users (${SOCKETS_PER_USER} each) in rooms of ${ROOM_CAPACITY_DEFAULT} users, on one codingline process (pid ${server.pid}), opened 100 at a time, twice
${rounds.map((r, i) => `  round ${i + 1}: ${r.held} of ${sockets} open after ${r.openSeconds.toFixed(1)} s, server CPU ${r.connectCpu.toFixed(1)} s (accepting, presence events); first attempts failed: ${r.firstFailures.length === 0 ? 'none' : summarize(r.firstFailures)}; still failing after 2 retries: ${r.failing.length === 0 ? 'none' : summarize(r.failing)}`).join('\n')}
  server problems: ${serverProblems(server, logsBefore)} (warn/error log lines)
${row('', 'RSS', 'V8 heap after a full GC')}
${memoryRow('before', before)}
${memoryRow(`round 1, ${first.held} open`, first.open)}
${perSocket(first.open, before, first.held)}
${memoryRow('round 1, all closed', first.after)}
${memoryRow(`round 2, ${second.held} open`, second.open)}
${perSocket(second.open, first.after, second.held)}
${memoryRow('round 2, all closed', second.after)}
${row('after round 1 − before', signedMib(first.after.rss - before.rss), signedMib(first.after.heap - before.heap))}
${row('after round 2 − round 1', signedMib(second.after.rss - first.after.rss), signedMib(second.after.heap - first.after.heap))}
  client RSS ${mib(process.memoryUsage.rss() / 1024)} (this process, for reference)`);
  } finally {
    inspector.close();
    await server.stop();
    services.stop();
  }
}
