/** How big each scenario is: the full run (a few minutes) or the CI smoke run (tiny numbers, same code paths). */
export interface BenchPlan {
  mode: 'full' | 'smoke';
  /**
   * Scenarios 1–2: concurrency levels, seconds per round, rounds per side and level, warm-up seconds per side,
   * and the longest wait after a round for the side's Slack calls to stop (ms).
   */
  paths: { concurrency: number[]; roundSeconds: number; rounds: number; warmupSeconds: number; drainMs: number };
  /** Scenario 3: approvals in flight, CloudMonitor latency (ms) and rate limit (calls/s), slash commands/s sent meanwhile, deadline (s). */
  slowCms: {
    approvals: number;
    latencyMs: number;
    rateLimitPerSecond: number;
    commandsPerSecond: number;
    deadlineSeconds: number;
  };
  /**
   * Scenario 4: registrations stored (about 1% of their reminders are due); reminders per sweep; sweeps measured;
   * whether to repeat it on a throw-away Redis (`--redis`).
   */
  storedState: { sizes: [number, number]; sweepLimit: number; sweeps: number; redis: boolean };
  /** Scenario 5: requests per batch (three batches) and start-up repetitions. */
  memory: { batch: number; starts: number };
  /** Scenario 6: slash commands per second (constant rate), seconds measured, warm-up seconds, keep-alive connections. */
  openLoop: { ratePerSecond: number; durationS: number; warmupSeconds: number; connections: number };
  /** Scenario 7: submissions sent at once, CloudMonitor latency (ms) and rate limit (calls/s), deadline (s). */
  burst: { submissions: number; latencyMs: number; rateLimitPerSecond: number; deadlineSeconds: number };
  /**
   * Scenario 8: contacts and contact groups in the fake CloudMonitor, people with a matching contact who open the
   * form, rounds of typeahead suggestions, and the fake's rate limit (calls/s per action).
   */
  scale: { contacts: number; groups: number; claimants: number; typeaheadRounds: number; rateLimitPerSecond: number };
}

/** `npm run bench`: the sizes the issue asks for (scenario 3 runs until all 500 are registered, ≈ 60 s); about 12 minutes on an idle 2-core machine (scenario 7 runs until all 500 approval messages are posted, up to 120 s). */
export const FULL_PLAN: BenchPlan = {
  mode: 'full',
  paths: { concurrency: [1, 16, 64], roundSeconds: 2, rounds: 3, warmupSeconds: 1, drainMs: 3_000 },
  slowCms: { approvals: 500, latencyMs: 2_000, rateLimitPerSecond: 20, commandsPerSecond: 50, deadlineSeconds: 90 },
  storedState: { sizes: [10_000, 100_000], sweepLimit: 50, sweeps: 6, redis: false },
  memory: { batch: 10_000, starts: 3 },
  openLoop: { ratePerSecond: 200, durationS: 30, warmupSeconds: 3, connections: 64 },
  burst: { submissions: 500, latencyMs: 2_000, rateLimitPerSecond: 20, deadlineSeconds: 120 },
  scale: { contacts: 10_000, groups: 1_000, claimants: 10, typeaheadRounds: 10, rateLimitPerSecond: 20 },
};

/** `npm run bench -- --smoke` (CI): every code path with tiny numbers; about a minute, mostly process start-up and the build. */
export const SMOKE_PLAN: BenchPlan = {
  mode: 'smoke',
  paths: { concurrency: [16], roundSeconds: 0.5, rounds: 2, warmupSeconds: 0.5, drainMs: 500 },
  slowCms: { approvals: 6, latencyMs: 300, rateLimitPerSecond: 20, commandsPerSecond: 20, deadlineSeconds: 8 },
  // A sweep of 5: both sizes have at least that many due (≈ 10 and ≈ 90), so their sweeps do the same work.
  storedState: { sizes: [300, 3_000], sweepLimit: 5, sweeps: 2, redis: false },
  memory: { batch: 100, starts: 1 },
  openLoop: { ratePerSecond: 50, durationS: 2, warmupSeconds: 0.5, connections: 16 },
  burst: { submissions: 10, latencyMs: 300, rateLimitPerSecond: 20, deadlineSeconds: 15 },
  // More than 100 groups, so a build with the typeahead shows it.
  scale: { contacts: 300, groups: 150, claimants: 2, typeaheadRounds: 1, rateLimitPerSecond: 20 },
};
