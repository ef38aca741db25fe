// What the benchmarks read from the machine: CPU time and memory of processes (from
// /proc, so any process can be measured without its cooperation) and latency
// percentiles (a fixed-bucket histogram, so recording a delivery costs one increment).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (`getconf CLK_TCK`, normally 100). */
export const CLOCK_TICKS: number = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime in clock ticks from the text of /proc/<pid>/stat. */
export function cpuTicksOfStat(stat: string): number {
  // The command name (field 2) is in parentheses and may contain spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the whole line; fields[0] is field 3 (state).
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU seconds (user + system) a process has used so far; NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    return cpuTicksOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Resident memory (VmRSS) in KiB; NaN once the process is gone. */
export function rssKiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/**
 * The processes named one of `names` (as in /proc/<pid>/comm) whose command line contains
 * `cmdlineHint` when given, e.g. the redis-server of one port among several.
 */
export function findPids(names: readonly string[], cmdlineHint?: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!names.includes(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdlineHint === undefined || cmdline.includes(cmdlineHint)) found.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

/** Busy and total clock ticks of all the machine's cores so far (/proc/stat), to see what else ran. */
export function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  // idle and iowait are fields 4 and 5 of the cpu line.
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/** A named set of processes whose CPU use is measured over an interval. */
export class CpuMeter {
  private start: number[] = [];
  private startedAt = 0;
  private machineAt = machineTicks();

  constructor(readonly pids: readonly number[]) {}

  begin(): void {
    this.startedAt = performance.now();
    this.machineAt = machineTicks();
    this.start = this.pids.map(cpuSeconds);
  }

  /**
   * CPU seconds each process used since begin(), the wall-clock seconds elapsed, and how
   * busy the whole machine was meanwhile (% of all its cores: other work shows here).
   */
  end(): { cpu: number[]; wall: number; machineBusy: number } {
    const machine = machineTicks();
    return {
      cpu: this.pids.map((pid, i) => cpuSeconds(pid) - (this.start[i] ?? NaN)),
      wall: (performance.now() - this.startedAt) / 1000,
      machineBusy: ((machine.busy - this.machineAt.busy) / Math.max(1, machine.total - this.machineAt.total)) * 100,
    };
  }
}

const BUCKET_MS = 0.05;
const BUCKETS = 200_000; // up to 10 s; slower deliveries land in the last bucket

/** Latencies in 0.05 ms buckets up to 10 s: O(1) to record, percentiles exact to the bucket. */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;

  record(ms: number): void {
    const bucket = Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)));
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.count += 1;
    if (ms > this.max) this.max = ms;
  }

  /** The latency (ms, the bucket's upper edge) below which p % of the recorded ones lie; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return bucket === BUCKETS - 1 ? this.max : (bucket + 1) * BUCKET_MS;
    }
    return this.max;
  }
}

/** The file-descriptor limit this process runs under (its children inherit it). */
export function openFileLimit(): number {
  try {
    const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return limit === 'unlimited' ? Infinity : Number(limit);
  } catch {
    return NaN;
  }
}
