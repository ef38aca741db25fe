/** A caller's page size held within [min, max]; anything not a finite number means max. */
export function clampPageSize(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return max;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
