/**
 * The side-by-side measurement of scenarios 1 and 2: the app under test (A) and the bare Bolt baseline (B) take
 * the same load at each concurrency, in alternating rounds; each figure is the median over rounds, and the
 * throughput ratio is the median of the per-round ratios A/B.
 */
import type { FakeSlack } from '../../test/fakes/slack-web-api.js';
import { alternateRounds } from './ab-rounds.js';
import type { BenchChild } from './children.js';
import type { LogCounts } from './counting-log.js';
import type { EventLoopDelay } from './event-loop.js';
import { trimFakeSlack, waitQuiet } from './fakes.js';
import { type Figures, figure, median, type Target } from './figures.js';
import { type LoadResult, runLoad } from './load.js';
import type { BenchPlan } from './plan.js';
import type { Row } from './report.js';
import type { SignedRequest } from './slack-payloads.js';

/** One app under load: its child process and its own fake Slack (so each side's Slack calls are its own). */
export interface Side {
  name: 'app' | 'baseline';
  child: BenchChild;
  slack: FakeSlack;
}

/** One round of one side. */
export interface RoundResult {
  load: LoadResult;
  /** The child's event-loop delay during the load. */
  eventLoop: EventLoopDelay;
  /** What the child logged during the round and the drain after it. */
  log: LogCounts;
  /** Calls the app made to the fake Slack because of this round, by method → [ok, failed]. */
  slackCalls: Record<string, [number, number]>;
}

/** What to send and how to read the answers, per side. */
export interface PathLoad {
  build: (side: Side) => () => SignedRequest;
  onResponse?: (side: Side) => ((status: number, body: string) => void) | undefined;
  /** Also drop the fake Slack's stored messages after each round (no later update refers to them). */
  dropMessages?: boolean;
}

function countCalls(slack: FakeSlack): Record<string, [number, number]> {
  const counts: Record<string, [number, number]> = {};
  for (const call of slack.calls) {
    const entry = (counts[call.method] ??= [0, 0]);
    entry[call.ok ? 0 : 1] += 1;
  }
  return counts;
}

/**
 * Runs one load round against one side, waits for its Slack calls to stop (at most `drainMs`: work queued behind
 * the CloudMonitor cap may go on), then records and clears what its fake Slack saw.
 */
export async function measureRound(
  side: Side,
  connections: number,
  seconds: number,
  drainMs: number,
  load: PathLoad,
): Promise<RoundResult> {
  const { slack } = side;
  trimFakeSlack(slack);
  await side.child.stats(true);
  const result = await runLoad({
    url: `http://127.0.0.1:${side.child.port}`,
    connections,
    durationS: seconds,
    build: load.build(side),
    onResponse: load.onResponse?.(side),
  });
  const during = await side.child.stats(true);
  await waitQuiet(() => slack.calls.length + slack.messages.length, 300, drainMs);
  const after = await side.child.stats(true);
  const slackCalls = countCalls(slack);
  trimFakeSlack(slack);
  if (load.dropMessages) slack.messages.length = 0;
  return {
    load: result,
    eventLoop: during.eventLoop,
    log: {
      warn: during.log.warn + after.log.warn,
      error: during.log.error + after.log.error,
      recent: [...during.log.recent, ...after.log.recent].slice(-5),
    },
    slackCalls,
  };
}

/** Per concurrency, the rounds of both sides. */
export type PathRounds = Map<number, Array<{ a: RoundResult; b: RoundResult }>>;

/**
 * Warms both sides up (once, at the middle concurrency), then runs `plan.paths.rounds` alternating rounds per
 * concurrency level.
 * @param log progress lines
 */
export async function compareSides(
  app: Side,
  baseline: Side,
  plan: BenchPlan,
  load: PathLoad,
  log: (line: string) => void,
): Promise<PathRounds> {
  const rounds: PathRounds = new Map();
  const warmup = plan.paths.concurrency[Math.floor(plan.paths.concurrency.length / 2)] ?? 16;
  const { drainMs } = plan.paths;
  await measureRound(app, warmup, plan.paths.warmupSeconds, drainMs, load);
  await measureRound(baseline, warmup, plan.paths.warmupSeconds, drainMs, load);
  for (const connections of plan.paths.concurrency) {
    const pairs = await alternateRounds(
      plan.paths.rounds,
      () => measureRound(app, connections, plan.paths.roundSeconds, drainMs, load),
      () => measureRound(baseline, connections, plan.paths.roundSeconds, drainMs, load),
    );
    rounds.set(connections, pairs);
    const ratio = median(pairs.map(({ a, b }) => a.load.rps / b.load.rps));
    log(
      `  c=${connections}: app ${median(pairs.map(({ a }) => a.load.rps)).toFixed(0)} req/s, bare Bolt ${median(pairs.map(({ b }) => b.load.rps)).toFixed(0)} req/s, ratio ${ratio.toFixed(2)}`,
    );
  }
  return rounds;
}

/**
 * The figures of a path comparison: per concurrency, requests/s of each side and their ratio (target ≥ 0.8),
 * p50/p99/max ack latency of each side (`p99Target` applies to the app at `p99TargetConcurrency`), failures,
 * and the app's event-loop delay p99 under load.
 * @param prefix id prefix, e.g. `ack`
 */
export function pathFigures(
  prefix: string,
  section: string,
  rounds: PathRounds,
  options: { ratioTarget: Target; p99Target?: Target; p99TargetConcurrency?: number },
): { figures: Figures; rows: Row[] } {
  const figures: Figures = {};
  const rows: Row[] = [];
  for (const [c, pairs] of rounds) {
    const pick = (side: 'a' | 'b', read: (round: RoundResult) => number) =>
      median(pairs.map((pair) => read(pair[side])));
    const sum = (side: 'a' | 'b', read: (round: RoundResult) => number) =>
      pairs.reduce((total, pair) => total + read(pair[side]), 0);
    const id = (name: string) => `${prefix}.c${c}.${name}`;
    figures[id('app.rps')] = figure(
      section,
      `c=${c} app requests/s`,
      pick('a', (r) => r.load.rps),
      'req/s',
    );
    figures[id('baseline.rps')] = figure(
      section,
      `c=${c} bare Bolt requests/s`,
      pick('b', (r) => r.load.rps),
      'req/s',
    );
    figures[id('ratio')] = figure(
      section,
      `c=${c} throughput app / bare Bolt`,
      median(pairs.map(({ a, b }) => a.load.rps / b.load.rps)),
      '×',
      options.ratioTarget,
    );
    const p99Target = c === options.p99TargetConcurrency ? options.p99Target : undefined;
    for (const [side, name] of [
      ['a', 'app'],
      ['b', 'baseline'],
    ] as const) {
      figures[id(`${name}.p50`)] = figure(
        section,
        `c=${c} ${name} p50`,
        pick(side, (r) => r.load.p50Ms),
        'ms',
      );
      figures[id(`${name}.p99`)] = figure(
        section,
        `c=${c} ${name} p99`,
        pick(side, (r) => r.load.p99Ms),
        'ms',
        side === 'a' ? p99Target : undefined,
      );
      figures[id(`${name}.max`)] = figure(
        section,
        `c=${c} ${name} max`,
        pick(side, (r) => r.load.maxMs),
        'ms',
      );
      figures[id(`${name}.failures`)] = figure(
        section,
        `c=${c} ${name} failed requests (all rounds)`,
        sum(side, (r) => r.load.failures),
        'count',
      );
    }
    figures[id('app.eventLoopP99')] = figure(
      section,
      `c=${c} app event-loop delay p99 under load`,
      pick('a', (r) => r.eventLoop.p99Ms),
      'ms',
    );
    rows.push(
      { label: `c=${c}: requests/s, app / bare Bolt`, ids: [id('app.rps'), id('baseline.rps')] },
      { label: `c=${c}: throughput ratio app ÷ bare Bolt (median of ${pairs.length} rounds)`, ids: [id('ratio')] },
      { label: `c=${c}: ack latency app, p50 / p99 / max`, ids: [id('app.p50'), id('app.p99'), id('app.max')] },
      {
        label: `c=${c}: ack latency bare Bolt, p50 / p99 / max`,
        ids: [id('baseline.p50'), id('baseline.p99'), id('baseline.max')],
      },
      { label: `c=${c}: failed requests, app / bare Bolt`, ids: [id('app.failures'), id('baseline.failures')] },
      { label: `c=${c}: app event-loop delay p99 under load`, ids: [id('app.eventLoopP99')] },
    );
  }
  return { figures, rows };
}

/** Sum over every round of one side of a Slack method's [ok, failed] calls. */
export function slackCallTotals(rounds: PathRounds, side: 'a' | 'b', method: string): [number, number] {
  let ok = 0;
  let failed = 0;
  for (const pairs of rounds.values()) {
    for (const pair of pairs) {
      const [good, bad] = pair[side].slackCalls[method] ?? [0, 0];
      ok += good;
      failed += bad;
    }
  }
  return [ok, failed];
}

/** Web API calls one side made per request sent, by method (e.g. "users.info 1.00, views.open 1.00"). */
export function slackCallsPerRequest(rounds: PathRounds, side: 'a' | 'b'): string {
  const totals = new Map<string, number>();
  for (const pairs of rounds.values()) {
    for (const pair of pairs)
      for (const [method, [ok, failed]] of Object.entries(pair[side].slackCalls))
        totals.set(method, (totals.get(method) ?? 0) + ok + failed);
  }
  const sent = sentTotal(rounds, side);
  if (sent === 0) return 'none';
  return (
    [...totals]
      .sort((x, y) => y[1] - x[1])
      .map(([method, count]) => `${method} ${(count / sent).toFixed(2)}`)
      .join(', ') || 'none'
  );
}

/** Sum over every round of one side of log warn/error counts, and the last messages seen. */
export function logTotals(rounds: PathRounds, side: 'a' | 'b'): LogCounts {
  const total: LogCounts = { warn: 0, error: 0, recent: [] };
  for (const pairs of rounds.values()) {
    for (const pair of pairs) {
      total.warn += pair[side].log.warn;
      total.error += pair[side].log.error;
      total.recent = [...total.recent, ...pair[side].log.recent].slice(-3);
    }
  }
  return total;
}

/** Requests sent over every round of one side (including those in flight when a round ended). */
export function sentTotal(rounds: PathRounds, side: 'a' | 'b'): number {
  let total = 0;
  for (const pairs of rounds.values()) for (const pair of pairs) total += pair[side].load.sent;
  return total;
}
