import { type ELDHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Event-loop delay over a period, in ms (the sampling interval already subtracted). */
export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Samples taken (about one per {@link RESOLUTION_MS}). */
  samples: number;
}

/** Sampling interval of the histogram, ms. Node records the whole interval, so this is subtracted from each value. */
export const RESOLUTION_MS = 10;

/**
 * Starts `perf_hooks.monitorEventLoopDelay` for this process. A sample is the time between two ticks of a
 * {@link RESOLUTION_MS} timer; the delay reported is that time minus the interval (as under-pressure and clinic do).
 * @returns read(reset): the delay since the last reset; reset() clears the histogram
 */
export function startEventLoopMonitor(): { read(reset?: boolean): EventLoopDelay; reset(): void } {
  const histogram: ELDHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const delay = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return {
    read(reset = false) {
      const empty = histogram.count === 0;
      const result: EventLoopDelay = {
        p50Ms: empty ? 0 : delay(histogram.percentile(50)),
        p99Ms: empty ? 0 : delay(histogram.percentile(99)),
        maxMs: empty ? 0 : delay(histogram.max),
        meanMs: empty ? 0 : delay(histogram.mean),
        samples: histogram.count,
      };
      if (reset) histogram.reset();
      return result;
    },
    reset() {
      histogram.reset();
    },
  };
}
