/**
 * Capacity benchmark (`npm run bench`; not part of `npm test`). C clients, each logged in
 * through codingline's real pages, sit in one room, split over two server processes; S of
 * them send at a rate raised step by step until a step loses a delivery or its p99 passes
 * 250 ms (twice in a row). Prints per step and in a final table: sustained deliveries/s, latency
 * percentiles, server CPU per delivery, MariaDB and Redis CPU, RSS. The same clients run
 * the same ramp against the ceiling server (tests/bench/ceiling-server.ts), the two
 * alternating step by step, so every figure is also printed as the ratio
 * codingline/ceiling.
 *
 * `--idle N` instead measures memory per idle socket with N sockets on one process.
 * Run with `--help` for the options.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runIdle } from './idle.js';
import { findPids, openFileLimit } from './measure.js';
import { rampRates, runRamps, type RampResult, type SharedPids } from './ramp.js';
import { summaryTable, sustainedRatios } from './report.js';
import { CHAT_RATE_LIMIT_MAX, prepareServices, ROOM_CAPACITY_DEFAULT, serverEnv, signUpMembers, startServers } from './setup.js';

const USAGE = `npm run bench -- [options]
  --clients C        client sockets in the one room (default 100)
  --senders S        how many of them send (default 20)
  --step-seconds T   sending time per step (default 5)
  --start-rate R     messages/s over all senders at the first step (default 100)
  --rate-step X      added per step: "100" (messages/s) or "25%" (multiplicative; default)
  --max-rate R       last step's messages/s (default 3000)
  --grace SECONDS    wait after a step's last send for its deliveries (default 1)
  --target T         both | codingline | ceiling (default both)
  --repeat N         run the (interleaved) ramps N times, the order swapped each time;
                     a summary table per round, then the ratios of all rounds (default 1)
  --redis-cluster    run codingline and the ceiling on a local Redis Cluster of three masters
                     (started for the run from the installed redis-server; sharded pub/sub)
  --cpu-prof DIR     write a CPU profile of each codingline process to DIR (node --cpu-prof;
                     open it in Chrome DevTools); profiling slows the servers, so compare
                     ratios only between runs made the same way
  --idle N           instead: memory per idle socket with N sockets on one process
  --help`;

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    senders: { type: 'string', default: '20' },
    'step-seconds': { type: 'string', default: '5' },
    'start-rate': { type: 'string', default: '100' },
    'rate-step': { type: 'string', default: '25%' },
    'max-rate': { type: 'string', default: '3000' },
    grace: { type: 'string', default: '1' },
    target: { type: 'string', default: 'both' },
    repeat: { type: 'string', default: '1' },
    'cpu-prof': { type: 'string' },
    'redis-cluster': { type: 'boolean', default: false },
    idle: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function positive(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!(number > 0)) throw new UsageError(`--${name} must be a positive number, not "${value}"`);
  return number;
}

class UsageError extends Error {}

const SYSTEMS = ['codingline', 'ceiling'] as const;

/** The MariaDB and Redis processes serving the bench (by name, narrowed by port when several run). */
function sharedPids(databaseUrl: string, redisPorts: readonly number[]): SharedPids {
  const one = (names: string[], hint: string) => {
    const matching = findPids(names, hint);
    const all = matching.length > 0 ? matching : findPids(names);
    return all.length === 1 ? all[0]! : null;
  };
  const redis = redisPorts.map((port) => one(['redis-server'], `:${port}`));
  return {
    mariadb: one(['mariadbd', 'mysqld'], `--port=${new URL(databaseUrl).port || 3306}`),
    redis: redis.every((pid) => pid !== null) ? redis : [],
  };
}

async function capacity(): Promise<void> {
  const clients = Math.round(positive('clients', args.clients));
  const senders = Math.min(clients, Math.round(positive('senders', args.senders)));
  const stepSeconds = positive('step-seconds', args['step-seconds']);
  const graceSeconds = positive('grace', args.grace);
  const repeat = Math.round(positive('repeat', args.repeat));
  const maxRate = positive('max-rate', args['max-rate']);
  const systems = args.target === 'both' ? SYSTEMS : SYSTEMS.filter((system) => system === args.target);
  if (systems.length === 0) throw new UsageError(`--target must be both, codingline or ceiling`);
  // Each sender's share must stay under the chat limit the servers get (per user per second).
  if (maxRate / senders >= CHAT_RATE_LIMIT_MAX * 0.9) throw new UsageError(`--max-rate ${maxRate} over ${senders} senders passes the chat limit of ${CHAT_RATE_LIMIT_MAX}/s per user: add senders`);
  const startRate = positive('start-rate', args['start-rate']);
  const rates = (() => {
    try {
      return rampRates(startRate, args['rate-step'] ?? '', maxRate, clients);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  })();
  if (openFileLimit() < clients + 100) throw new UsageError(`the open-file limit (ulimit -n = ${openFileLimit()}) is too low for ${clients} sockets`);

  const services = await prepareServices({ redisCluster: args['redis-cluster'] });
  const env = serverEnv(services, { roomCapacity: clients });
  const profile = args['cpu-prof'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-prof'])}`];
  const codingline = await startServers(env, 2, { nodeArgs: profile });
  const running = [...codingline];
  try {
    console.log(`signing up ${clients} users through the pages, one room of capacity ${clients}${clients > ROOM_CAPACITY_DEFAULT ? ` (ROOM_CAPACITY_MAX=${env.ROOM_CAPACITY_MAX})` : ''}`);
    const members = await signUpMembers(codingline, clients, clients);
    const ceiling = systems.includes('ceiling') ? await startServers(env, 2, { script: 'tests/bench/ceiling-server.ts' }) : [];
    running.push(...ceiling);
    const serversOf = { codingline, ceiling };
    const shared = sharedPids(services.databaseUrl, services.redisPorts);
    const redisAt = services.redisEnv.REDIS_URL || `cluster ${services.redisEnv.REDIS_CLUSTER_NODES}`;
    console.log(
      `measuring CPU and RSS of: codingline pids ${codingline.map((s) => s.pid).join(', ')}` +
        `${ceiling.length ? `; ceiling pids ${ceiling.map((s) => s.pid).join(', ')}` : ''}` +
        `; mariadbd ${shared.mariadb ?? 'not found (not measured)'}; redis-server ${shared.redis.length > 0 ? shared.redis.join(', ') : 'not found (not measured)'} (${redisAt})` +
        `; clients: this process ${process.pid}`,
    );
    console.log(`ramp (msg/s over ${senders} senders; × ${clients} clients = deliveries/s): ${rates.join(' ')}`);

    const rounds: RampResult[][] = [];
    for (let round = 0; round < repeat; round += 1) {
      const order = round % 2 === 0 ? systems : [...systems].reverse();
      console.log(`\n${repeat > 1 ? `round ${round + 1}: ` : ''}${order.join(' and ')}, step by step: ${clients} clients over 2 processes each, ${senders} senders, ${stepSeconds} s per step`);
      const results = await runRamps(order.map((name) => ({ name, servers: serversOf[name] })), members, shared, { rates, stepSeconds, senders, graceSeconds });
      // codingline first in the table, whatever the order of the round.
      rounds.push(systems.map((system) => results.find((run) => run.system === system)).filter((run) => run !== undefined));
    }

    // A table per round: the two systems of a round met the same machine, so their ratio holds.
    const setup = `capacity: ${clients} clients in one room over 2 processes${args['redis-cluster'] ? ' on a 3-master Redis Cluster' : ''}, ${senders} senders, ${stepSeconds} s steps (${args['rate-step']}), p99 limit 250 ms`;
    for (const [round, results] of rounds.entries()) {
      console.log(`\n${summaryTable(results, { clients, setup: repeat > 1 ? `round ${round + 1} of ${repeat}, ${setup}` : setup })}`);
    }
    if (repeat > 1 && systems.length === 2) console.log(`\nsustained deliveries/s, codingline/ceiling, per round: ${sustainedRatios(rounds)}`);
  } finally {
    await Promise.all(running.map((server) => server.stop()));
    services.stop();
  }
}

async function main(): Promise<void> {
  if (args.help) return console.log(USAGE);
  if (args.idle !== undefined) return runIdle(Math.round(positive('idle', args.idle)));
  await capacity();
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error);
  process.exit(1);
});
