// The ramps: open each system's clients, warm up, then raise the rate step by step until a
// step loses a delivery or its p99 passes the limit, measuring every process's CPU.
import type { ServerProcess } from '../support/server-process.js';
import { LoadClients, type StepRun } from './load.js';
import { CpuMeter, rssKiB } from './measure.js';

export const P99_LIMIT_MS = 250;
const PAUSE_BEFORE_STEP_MS = 1000;
/** The load the issue's targets are stated at. */
export const TARGET_DELIVERIES = 64_000;

export interface RampOptions {
  rates: readonly number[];
  stepSeconds: number;
  senders: number;
  graceSeconds: number;
}

/** The processes whose CPU is measured besides the servers (null: not found). */
export interface SharedPids {
  mariadb: number | null;
  /** One redis-server, or a cluster's masters (their CPU is added up); empty: not found. */
  redis: number[];
}

export interface StepResult {
  rate: number;
  sent: number;
  expected: number;
  delivered: number;
  /** Deliveries per second of sending. */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Per server process, % of one core. */
  serverCpu: number[];
  /** µs of server CPU (all processes) per delivered event. */
  serverUsPerDelivery: number;
  mariadbCpu: number;
  redisCpu: number;
  mariadbUsPerDelivery: number;
  redisUsPerDelivery: number;
  /** This process (the clients), % of one core. */
  clientCpu: number;
  /** The whole machine, % of all cores: what the measured processes and everything else used. */
  machineBusy: number;
  rssMiB: number[];
  /** Why the step failed; null when it passed. */
  failure: string | null;
}

export interface RampResult {
  system: string;
  steps: StepResult[];
  /** The last step that passed. */
  sustained: StepResult | null;
  /** Why the ramp stopped. */
  stop: string;
  /** Deliveries of the failed step that arrived after its evaluation. */
  lateAfterFailure: number;
}

/**
 * The rates (messages/s over all senders) of the ramp: from start by `step` ("100" adds,
 * "25%" multiplies) up to max, plus the target load (64,000 deliveries/s over `clients`)
 * so both systems are measured exactly there.
 */
export function rampRates(start: number, step: string, max: number, clients: number): number[] {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(step)?.[1];
  const added = Number(step);
  if (percent === undefined && !(added > 0)) throw new Error(`--rate-step must be like 100 or 25%, not "${step}"`);
  const next = percent === undefined ? (rate: number) => rate + added : (rate: number) => Math.round(rate * (1 + Number(percent) / 100));
  const rates = new Set<number>();
  for (let rate = start; rate <= max; rate = Math.max(rate + 1, next(rate))) rates.add(rate);
  const target = Math.round(TARGET_DELIVERIES / clients);
  if (target >= start && target <= max) rates.add(target);
  return [...rates].sort((a, b) => a - b);
}

export interface System {
  name: string;
  servers: readonly ServerProcess[];
}

/**
 * Runs the systems' ramps interleaved step by step (at each rate every system still
 * running takes its turn, the order swapping at each rate), so that both meet the same
 * machine: on a shared machine conditions change within a minute, and two ramps run one
 * after the other were seen at 85% and 15% machine load. Client i of each system talks
 * to its server i % servers.length. A system stops at its first step that fails twice.
 */
export async function runRamps(systems: readonly System[], members: readonly { cookie: string; slug: string }[], shared: SharedPids, options: RampOptions): Promise<RampResult[]> {
  const ramps: SystemRamp[] = [];
  try {
    for (const system of systems) ramps.push(await SystemRamp.open(system, members, shared, options));
    for (const [index, rate] of options.rates.entries()) {
      const running = ramps.filter((ramp) => ramp.stop === null);
      if (running.length === 0) break;
      for (const ramp of index % 2 === 0 ? running : running.reverse()) await ramp.step(rate);
    }
    return ramps.map((ramp) => ramp.result());
  } finally {
    await Promise.all(ramps.map((ramp) => ramp.clients.close()));
  }
}

/** One system's clients and the steps measured so far. */
class SystemRamp {
  readonly steps: StepResult[] = [];
  stop: string | null = null;
  private late = 0;
  private readonly meter: CpuMeter;

  private constructor(readonly system: System, readonly clients: LoadClients, shared: SharedPids, private readonly options: RampOptions) {
    this.meter = new CpuMeter([...system.servers.map((server) => server.pid), shared.mariadb ?? -1, ...shared.redis]);
  }

  static async open(system: System, members: readonly { cookie: string; slug: string }[], shared: SharedPids, options: RampOptions): Promise<SystemRamp> {
    const clients = await LoadClients.open(system.servers.map((server) => server.url), members);
    try {
      await warmUp(clients, options);
    } catch (error) {
      await clients.close();
      throw new Error(`${system.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return new SystemRamp(system, clients, shared, options);
  }

  /**
   * Measures one rate. A step fails only when it fails twice in a row: on a shared
   * machine one stall elsewhere (the shared database flushing, another test suite) can
   * fail a step.
   */
  async step(rate: number): Promise<void> {
    const first = await this.measure(rate);
    const { result, late } = first.result.failure ? await this.measure(rate) : first;
    this.steps.push(result);
    if (!result.failure) return;
    this.stop = result.failure;
    this.late = late;
  }

  result(): RampResult {
    const passed = this.steps.filter((step) => !step.failure);
    return { system: this.system.name, steps: this.steps, sustained: passed.at(-1) ?? null, stop: this.stop ?? 'reached --max-rate', lateAfterFailure: this.late };
  }

  private async measure(rate: number): Promise<{ result: StepResult; late: number }> {
    const { clients, meter, options, system } = this;
    // Every step starts after a quiet second, so that what the previous step (often the
    // other system's) left running, the database writing back or a late GC, lands less on it.
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BEFORE_STEP_MS));
    meter.begin();
    const client = process.cpuUsage();
    const run = await clients.runStep({ rate, seconds: options.stepSeconds, senders: options.senders, graceSeconds: options.graceSeconds });
    const { cpu, wall, machineBusy } = meter.end();
    const clientUsage = process.cpuUsage(client);
    const result = { ...stepResult(run, rate, cpu, wall, (clientUsage.user + clientUsage.system) / 1e6, system.servers, options), machineBusy };
    console.log(`  ${system.name.padEnd(10)} ${stepLine(result)}`);
    // Late deliveries of a failed step are counted, and must not load the next step.
    if (result.failure) await clients.settle(1000, 10_000);
    return { result, late: run.counts.late };
  }
}

/**
 * One message per sender, which every client must get (the room is subscribed on every
 * process), then 2 s at the first rate, not counted, so the first step does not measure
 * the JIT compiling the hot paths.
 */
async function warmUp(clients: LoadClients, options: RampOptions): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const { counts } = await clients.runStep({ rate: options.senders, seconds: 1, senders: options.senders, graceSeconds: 5 });
    if (counts.delivered === counts.expected && counts.errors.size === 0) break;
    const errors = [...counts.errors].map(([code, n]) => `${n}× ${code}`).join(', ');
    if (attempt === 3) throw new Error(`warm-up: ${counts.delivered} of ${counts.expected} delivered${errors ? `, errors ${errors}` : ''}`);
  }
  await clients.runStep({ rate: options.rates[0] ?? options.senders, seconds: 2, senders: options.senders, graceSeconds: 5 });
  await clients.settle(500, 5000);
}

function stepResult(run: StepRun, rate: number, cpu: number[], wall: number, clientCpu: number, servers: readonly ServerProcess[], options: RampOptions): Omit<StepResult, 'machineBusy'> {
  const { counts } = run;
  const serverCpu = cpu.slice(0, servers.length);
  const [mariadb = NaN, ...redisNodes] = cpu.slice(servers.length);
  const redis = redisNodes.length === 0 ? NaN : redisNodes.reduce((sum, value) => sum + value, 0);
  const delivered = Math.max(1, counts.delivered);
  const serverTotal = serverCpu.reduce((sum, value) => sum + value, 0);
  const p99 = counts.latency.percentile(99);
  const lost = counts.expected - counts.delivered;
  const errors = [...counts.errors].map(([code, n]) => `${n}× ${code}`).join(', ');
  const behind = run.sendSeconds > options.stepSeconds * 1.1 ? ` (sending took ${run.sendSeconds.toFixed(1)} s: the client fell behind)` : '';
  let failure: string | null = null;
  if (errors) failure = `errors: ${errors}`;
  else if (lost > 0) failure = `${lost} of ${counts.expected} deliveries missing ${options.graceSeconds} s after the last send${behind}`;
  else if (p99 > P99_LIMIT_MS) failure = `p99 ${p99.toFixed(0)} ms > ${P99_LIMIT_MS} ms${behind}`;
  return {
    rate,
    sent: run.sent,
    expected: counts.expected,
    delivered: counts.delivered,
    throughput: counts.delivered / run.sendSeconds,
    p50: counts.latency.percentile(50),
    p95: counts.latency.percentile(95),
    p99,
    max: counts.latency.max,
    serverCpu: serverCpu.map((seconds) => (seconds / wall) * 100),
    serverUsPerDelivery: (serverTotal / delivered) * 1e6,
    mariadbCpu: (mariadb / wall) * 100,
    redisCpu: (redis / wall) * 100,
    mariadbUsPerDelivery: (mariadb / delivered) * 1e6,
    redisUsPerDelivery: (redis / delivered) * 1e6,
    clientCpu: (clientCpu / wall) * 100,
    rssMiB: servers.map((server) => rssKiB(server.pid) / 1024),
    failure,
  };
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** One line per step, printed as the ramp goes. */
export function stepLine(step: StepResult): string {
  return [
    `${fixed(step.rate).padStart(5)} msg/s`,
    `${fixed(step.throughput).padStart(7)} deliveries/s`,
    `p50/95/99 ${fixed(step.p50, 1)}/${fixed(step.p95, 1)}/${fixed(step.p99, 1)} ms`,
    `server CPU ${step.serverCpu.map((v) => `${fixed(v)}%`).join('+')} = ${fixed(step.serverUsPerDelivery, 2)} µs/delivery`,
    `mariadb ${fixed(step.mariadbCpu)}%`,
    `redis ${fixed(step.redisCpu)}%`,
    `client ${fixed(step.clientCpu)}%`,
    `machine ${fixed(step.machineBusy)}%`,
    `RSS ${step.rssMiB.map((v) => fixed(v)).join('/')} MiB`,
    step.failure ? `FAIL: ${step.failure}` : 'ok',
  ].join('  ');
}
