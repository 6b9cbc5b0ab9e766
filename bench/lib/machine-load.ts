/**
 * How busy the machine was apart from the benchmark (Linux /proc; undefined elsewhere). A benchmark on a shared
 * machine measures its neighbours too, so the run reports what else used the CPU.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** CPU seconds since boot: all CPUs busy, and this process plus its exited children (Linux clock ticks → s). */
interface CpuSnapshot {
  machineBusyS: number;
  benchS: number;
  at: number;
}

/** Clock ticks per second of /proc (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function snapshot(): CpuSnapshot | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait.
    const busy = cpu.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
    // /proc/self/stat: fields after the command name; utime, stime, cutime, cstime are fields 14–17.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const own = (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
    return { machineBusyS: busy / TICKS_PER_SECOND, benchS: own / TICKS_PER_SECOND, at: Date.now() };
  } catch {
    return undefined;
  }
}

/** What else ran during a period, in CPU cores on average. */
export interface OtherLoad {
  /** Average cores used by processes other than the benchmark and its children. */
  otherCores: number;
  /** Average cores used by the benchmark (this process and its finished children). */
  benchCores: number;
  cores: number;
}

/**
 * Starts watching; `stop()` returns the average load by others and by the benchmark since the start. Children
 * still running at `stop()` count as "other", so call it after they have exited.
 */
export function watchMachineLoad(): { stop(): OtherLoad | undefined; loadAverage(): number | undefined } {
  const start = snapshot();
  return {
    stop() {
      const end = snapshot();
      if (!start || !end || end.at <= start.at) return undefined;
      const seconds = (end.at - start.at) / 1_000;
      const machine = (end.machineBusyS - start.machineBusyS) / seconds;
      const bench = (end.benchS - start.benchS) / seconds;
      return { otherCores: Math.max(0, machine - bench), benchCores: bench, cores: cpus().length };
    },
    loadAverage() {
      try {
        return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
      } catch {
        return undefined;
      }
    },
  };
}
