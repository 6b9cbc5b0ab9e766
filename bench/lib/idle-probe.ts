import { type BenchChild, startChild } from './children.js';

/**
 * Starts bench/idle-child.ts, a process with nothing to do. Read its event-loop delay over the same period as an
 * app's: what it shows is the machine's share (scheduling, other processes), not the app's.
 */
export function startIdleProbe(): Promise<BenchChild> {
  return startChild({ name: 'idle', entry: 'bench/idle-child.ts' });
}
