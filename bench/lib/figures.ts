/** A comparison a figure is held to, e.g. `{ op: '<', limit: 50 }` for "p99 < 50 ms". */
export interface Target {
  op: '<' | '<=' | '>=' | '>';
  limit: number;
}

/**
 * One reported number, as written to results.json: `{ value, unit, target, met }` (the shape), plus
 * where it is shown. `value` is null when the figure could not be measured (the note says why); `target` and
 * `met` are null for figures reported without a target.
 */
export interface Figure {
  value: number | null;
  unit: string;
  target: string | null;
  met: boolean | null;
  /** Table section, e.g. "1. Ack path". */
  section: string;
  /** What was measured, in words. */
  label: string;
  /** Why a value is missing or what limits it. */
  note?: string;
}

/** `< 50`, `>= 0.8`: the target as text, in the form results.json uses. */
export function targetText(target: Target): string {
  return `${target.op} ${target.limit}`;
}

/** Whether `value` meets `target`. */
export function meets(value: number, target: Target): boolean {
  switch (target.op) {
    case '<':
      return value < target.limit;
    case '<=':
      return value <= target.limit;
    case '>=':
      return value >= target.limit;
    case '>':
      return value > target.limit;
  }
}

/**
 * Builds a {@link Figure}; `met` is computed from the value and the target (null without either).
 * @param value the measurement in `unit`, or null when not measured
 */
export function figure(
  section: string,
  label: string,
  value: number | null,
  unit: string,
  target?: Target,
  note?: string,
): Figure {
  const finite = value !== null && Number.isFinite(value) ? value : null;
  return {
    value: finite === null ? null : round(finite),
    unit,
    target: target ? targetText(target) : null,
    met: target && finite !== null ? meets(finite, target) : null,
    section,
    label,
    ...(note ? { note } : {}),
  };
}

/** Rounds to 3 significant decimals for readable JSON (ms values keep 0.001 ms). */
function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value * 10) / 10 : Math.round(value * 1000) / 1000;
}

/** Median of a non-empty list (mean of the two middle values for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The q-th percentile (0–100) of a list, nearest-rank on the sorted values; NaN for an empty list.
 * @param sorted values sorted ascending
 */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The figures of one run, keyed by a stable id such as `ack.c16.app.p99`. */
export type Figures = Record<string, Figure>;
