/** What an app under test logged during a period. */
export interface LogCounts {
  warn: number;
  error: number;
  /** `msg` of the last few error/warn lines (already scrubbed by the app's logger), newest last. */
  recent: string[];
}

/**
 * A pino destination that keeps no lines, only counts warn (40) and error/fatal (≥ 50) lines and the last few
 * messages, so a benchmark can show "the app logged N errors" without the cost of writing logs anywhere.
 */
export function createCountingLog(keep = 5): { write(line: string): void; read(reset?: boolean): LogCounts } {
  let counts: LogCounts = { warn: 0, error: 0, recent: [] };
  return {
    write(line: string) {
      const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
      if (level < 40) return;
      if (level >= 50) counts.error += 1;
      else counts.warn += 1;
      const msg = /"msg":"((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line.slice(0, 200);
      counts.recent.push(msg);
      if (counts.recent.length > keep) counts.recent.shift();
    },
    read(reset = false) {
      const result = { ...counts, recent: [...counts.recent] };
      if (reset) counts = { warn: 0, error: 0, recent: [] };
      return result;
    },
  };
}
