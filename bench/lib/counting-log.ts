/** What an app under test logged during a period. */
export interface LogCounts {
  warn: number;
  error: number;
  /** `msg` of the last few error/warn lines (already scrubbed by the app's logger), newest last. */
  recent: string[];
  /** How many error/warn lines had each `msg` (the first {@link DISTINCT_MESSAGES} distinct ones). */
  byMessage?: Record<string, number>;
}

/** Distinct messages counted in {@link LogCounts.byMessage}; later new ones are counted only in the totals. */
const DISTINCT_MESSAGES = 20;

/**
 * A pino destination that keeps no lines, only counts warn (40) and error/fatal (≥ 50) lines and the last few
 * messages, so a benchmark can show "the app logged N errors" without the cost of writing logs anywhere.
 */
export function createCountingLog(keep = 5): { write(line: string): void; read(reset?: boolean): LogCounts } {
  let counts: LogCounts = { warn: 0, error: 0, recent: [], byMessage: {} };
  return {
    write(line: string) {
      const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
      if (level < 40) return;
      if (level >= 50) counts.error += 1;
      else counts.warn += 1;
      const msg = /"msg":"((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line.slice(0, 200);
      counts.recent.push(msg);
      const byMessage = (counts.byMessage ??= {});
      if (byMessage[msg] !== undefined || Object.keys(byMessage).length < DISTINCT_MESSAGES)
        byMessage[msg] = (byMessage[msg] ?? 0) + 1;
      if (counts.recent.length > keep) counts.recent.shift();
    },
    read(reset = false) {
      const result = { ...counts, recent: [...counts.recent], byMessage: { ...counts.byMessage } };
      if (reset) counts = { warn: 0, error: 0, recent: [], byMessage: {} };
      return result;
    },
  };
}

/**
 * One sentence for a scenario's notes: "N errors and M warnings logged (message ×count; …)", each distinct
 * message with how often it came (or the last few messages when the counts are not there).
 */
export function describeLogged(log: LogCounts): string {
  const counted = Object.entries(log.byMessage ?? {}).sort((a, b) => b[1] - a[1]);
  const detail = counted.length > 0 ? counted.map(([msg, n]) => `${msg} ×${n}`).join('; ') : log.recent.join(' | ');
  return `${log.error} errors and ${log.warn} warnings logged${detail ? ` (${detail})` : ''}.`;
}
