/**
 * The most events in any window of `windowMs` (sliding, not aligned to whole seconds): the figure a per-second
 * rate cap must stay under.
 * @param times event times in ms, any order
 */
export function peakInWindow(times: readonly number[], windowMs = 1_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** Events per second between the first and the last event (0 for fewer than two events). */
export function meanRate(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const first = Math.min(...times);
  const last = Math.max(...times);
  return last > first ? ((times.length - 1) * 1_000) / (last - first) : 0;
}
