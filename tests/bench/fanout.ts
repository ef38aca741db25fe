/**
 * Fan-out benchmark: one room, users spread over two server processes sharing Redis and
 * MariaDB, a few of them chatting at a steady rate. Prints delivery latency (send to
 * receipt on every other socket), throughput and the servers' memory. Figures, not
 * assertions: run it before and after a change to the real-time path.
 *
 *   npm run bench -- [--users 60] [--senders 10] [--messages 50] [--rate 100]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseMysqlUrl, withDatabase } from '../../src/db/mysql-url.js';
import { migrate } from '../../src/db/migrations/runner.js';
import { ensureDatabase, ensureServices, serviceUrls } from '../../src/tooling/services.js';
import { HttpSession } from '../support/http-session.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/ws-client.js';

const root = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '60' },
    senders: { type: 'string', default: '10' },
    messages: { type: 'string', default: '50' },
    rate: { type: 'string', default: '100' },
  },
});
const USERS = Number(args.users);
const SENDERS = Math.min(Number(args.senders), USERS);
const MESSAGES = Number(args.messages);
const RATE = Number(args.rate);

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function prepareServices(): Promise<{ env: Record<string, string>; stop: () => void }> {
  const configured = serviceUrls(root);
  const urls = { ...configured, redisUrl: configured.redisUrl ?? 'redis://127.0.0.1:6379' };
  const started = await ensureServices(urls, root, (line) => console.log(`services: ${line}`));
  const databaseUrl = withDatabase(urls.databaseUrl, `${parseMysqlUrl(urls.databaseUrl).database}_bench`);
  await ensureDatabase(databaseUrl, { fresh: true });
  await migrate({ databaseUrl, migrationsDir: path.join(root, 'prisma/migrations') });
  const redisUrl = new URL(urls.redisUrl);
  redisUrl.pathname = '/14';
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl.toString(),
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough',
    // The lowest cost production accepts; the benchmark signs up its 60 clients once.
    BCRYPT_COST: '10',
    CHAT_RATE_LIMIT: '1000',
    // Every benchmark client signs up from 127.0.0.1.
    SIGNUP_RATE_LIMIT: '100000',
    ROOM_CREATE_RATE_LIMIT: '100000',
    // All benchmark sockets come from this machine's one address.
    WS_UPGRADE_ADDRESS_RATE_LIMIT: '1000000',
    MEDIA_ROOT: path.join(root, '.services', 'bench-media'),
  };
  return { env, stop: () => started.forEach((instance) => instance.stop()) };
}

async function main(): Promise<void> {
  const services = await prepareServices();
  const servers: [ServerProcess, ServerProcess] = await Promise.all([startServerProcess(services.env), startServerProcess(services.env)]);
  const serverFor = (index: number) => servers[index % 2] ?? servers[0];
  try {
    const owner = await HttpSession.signUp(servers[0].url);
    const room = await owner.createRoom({ capacity: String(Math.max(2, Math.min(100, USERS))) });
    const people = [owner];
    for (let i = 1; i < USERS; i += 1) {
      const user = await HttpSession.signUp(serverFor(i).url);
      await user.enter(room.slug);
      people.push(user);
    }
    const sockets = await Promise.all(people.map((person, i) => TestSocket.open(serverFor(i).url, room.slug, { cookie: person.cookie })));
    await Promise.all(sockets.map((socket) => socket.nextOf('presence', (event) => (event.online as number[]).length === USERS, 30_000)));
    const rssBefore = servers.map((server) => rssMiB(server.pid));

    const latencies: number[] = [];
    const expected = SENDERS * MESSAGES * (USERS - 1);
    let received = 0;
    let finish: () => void = () => {};
    const allReceived = new Promise<void>((resolve) => {
      finish = resolve;
    });
    sockets.forEach((socket, index) => {
      socket.ws.on('message', (data) => {
        const event = JSON.parse(data.toString()) as { event: string; user?: { id: number }; message?: string };
        if (event.event !== 'chat' || event.user?.id === people[index]!.userId) return;
        latencies.push(performance.now() - Number(event.message?.split(' ')[1]));
        received += 1;
        if (received === expected) finish();
      });
    });

    const started = performance.now();
    const total = SENDERS * MESSAGES;
    for (let n = 0; n < total; n += 1) {
      const due = started + (n * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sockets[n % SENDERS]!.send({ action: 'chat', message: `bench ${performance.now()}`, client_id: `bench-${n}` });
    }
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 30_000));
    await Promise.race([allReceived, timeout]);
    const elapsed = (performance.now() - started) / 1000;
    const rssAfter = servers.map((server) => rssMiB(server.pid));
    latencies.sort((a, b) => a - b);

    console.log(`\ncodingline fan-out: ${USERS} sockets in one room over 2 processes, ${SENDERS} senders × ${MESSAGES} messages at ${RATE}/s`);
    console.log(`  delivered        ${received} of ${expected} (${((received / expected) * 100).toFixed(2)}%) in ${elapsed.toFixed(1)} s`);
    console.log(`  deliveries/s     ${(received / elapsed).toFixed(0)}`);
    console.log(`  latency p50      ${ms(percentile(latencies, 50))}`);
    console.log(`  latency p95      ${ms(percentile(latencies, 95))}`);
    console.log(`  latency p99      ${ms(percentile(latencies, 99))}`);
    console.log(`  latency max      ${ms(latencies.at(-1) ?? NaN)}`);
    console.log(`  server RSS (MiB) ${rssBefore.map((v) => v.toFixed(0)).join(' / ')} before, ${rssAfter.map((v) => v.toFixed(0)).join(' / ')} after`);
    for (const socket of sockets) socket.close();
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
