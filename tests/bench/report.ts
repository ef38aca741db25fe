// The capacity benchmark's summary: one plain-text table, both systems side by side and
// codingline/ceiling as a ratio, meant to be pasted into a commit message.
import { TARGET_DELIVERIES, type RampResult, type StepResult } from './ramp.js';

export interface ReportContext {
  clients: number;
  /** Describes the run in one line (clients, senders, steps). */
  setup: string;
}

type Row = [label: string, ...cells: string[]];

const int = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '-' : Math.round(value).toLocaleString('en-US'));
const dec = (value: number | undefined, digits: number) => (value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !(b > 0) || !Number.isFinite(a) ? '-' : `${(a / b).toFixed(2)}×`);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** "0.21×, 0.26× (median 0.24×)": the sustained-capacity ratio of each round's pair of runs. */
export function sustainedRatios(rounds: readonly (readonly RampResult[])[]): string {
  const ratios = rounds.map(([a, b]) => (a?.sustained?.throughput ?? 0) / (b?.sustained?.throughput ?? NaN)).filter(Number.isFinite);
  const sorted = [...ratios].sort((x, y) => x - y);
  const middle = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : ((sorted[sorted.length / 2 - 1] ?? NaN) + (sorted[sorted.length / 2] ?? NaN)) / 2;
  return `${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')} (median ${middle.toFixed(2)}×)`;
}

/**
 * The load both systems are compared at: the lowest step at or above the target that both
 * passed, else the highest step both passed. Every ramp runs the same rates.
 */
export function commonRate(runs: readonly RampResult[], clients: number): number | undefined {
  const passed = runs.map((run) => new Set(run.steps.filter((step) => !step.failure).map((step) => step.rate)));
  const both = [...(passed[0] ?? [])].filter((rate) => passed.every((rates) => rates.has(rate))).sort((a, b) => a - b);
  return both.find((rate) => rate * clients >= TARGET_DELIVERIES) ?? both.at(-1);
}

/** The summary table for one run per system (codingline first, ceiling second when both ran). */
export function summaryTable(systems: readonly RampResult[], context: ReportContext): string {
  const common = commonRate(systems, context.clients);
  const at = (run: RampResult) => run.steps.find((step) => step.rate === common);
  const cells = (pick: (run: RampResult) => string): string[] => systems.map(pick);
  const withRatio = (label: string, value: (step: StepResult | undefined) => number | undefined, format: (v: number | undefined) => string, step: (run: RampResult) => StepResult | undefined): Row => {
    const values = systems.map((run) => value(step(run)));
    return [label, ...values.map(format), ...(systems.length === 2 ? [ratio(values[0], values[1])] : [])];
  };
  const sustained = (run: RampResult) => run.sustained ?? undefined;
  const ms = (v: number | undefined) => dec(v, 1);
  const us = (v: number | undefined) => dec(v, 2);
  const commonLabel = common === undefined ? 'no step passed by all' : `${int(common * context.clients)} deliveries/s (${int(common)} msg/s${common * context.clients >= TARGET_DELIVERIES ? ', the target load' : ', the highest step all passed'})`;
  const rows: Row[] = [
    ['', ...systems.map((run) => run.system), ...(systems.length === 2 ? [`${systems[0]!.system}/${systems[1]!.system}`] : [])],
    withRatio('sustained deliveries/s', (s) => s?.throughput, int, sustained),
    ['  at msg/s', ...cells((run) => int(run.sustained?.rate))],
    withRatio('  latency p50 ms', (s) => s?.p50, ms, sustained),
    withRatio('  latency p95 ms', (s) => s?.p95, ms, sustained),
    withRatio('  latency p99 ms', (s) => s?.p99, ms, sustained),
    withRatio('  server CPU µs/delivery', (s) => s?.serverUsPerDelivery, us, sustained),
    [`at ${commonLabel}`],
    withRatio('  latency p50 ms', (s) => s?.p50, ms, at),
    withRatio('  latency p95 ms', (s) => s?.p95, ms, at),
    withRatio('  latency p99 ms', (s) => s?.p99, ms, at),
    withRatio('  server CPU % of a core', (s) => (s ? sum(s.serverCpu) : undefined), int, at),
    withRatio('  server CPU µs/delivery', (s) => s?.serverUsPerDelivery, us, at),
    withRatio('  MariaDB CPU µs/delivery', (s) => s?.mariadbUsPerDelivery, us, at),
    withRatio('  Redis CPU µs/delivery', (s) => s?.redisUsPerDelivery, us, at),
    withRatio('  server RSS MiB (sum)', (s) => (s ? sum(s.rssMiB) : undefined), int, at),
    withRatio('  client CPU % of a core', (s) => s?.clientCpu, int, at),
    withRatio('  machine busy % (all cores)', (s) => s?.machineBusy, int, at),
  ];
  const stops = systems.map((run) => {
    const last = run.steps.at(-1);
    const late = run.lateAfterFailure > 0 ? ` (${int(run.lateAfterFailure)} of the missing arrived later)` : '';
    return `${run.system} stopped${last?.failure ? ` at ${int(last.rate)} msg/s` : ''}: ${run.stop}${late}`;
  });
  return [context.setup, table(rows), ...stops].join('\n');
}

/** Left-aligned first column, right-aligned others; a single-cell row is a heading. */
function table(rows: readonly Row[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    if (row.length === 1) continue;
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return rows
    .map((row) => (row.length === 1 ? row[0] : row.map((cell, i) => (i === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart((widths[i] ?? 0) + 2))).join('')))
    .join('\n');
}
