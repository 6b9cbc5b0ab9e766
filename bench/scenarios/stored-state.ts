/**
 * Scenario 4, stored state: N registrations in the store (SQLite, and with --redis a throw-away redis-server),
 * ≈1 % of their reminders due. The app's reminder sweep runs in a child process, the same number of sweeps at
 * each size (or until nothing is due). Targets:
 * the sweep's time grows with what is due, not with what is stored (a sweep of 50 at the larger size within 2×
 * of the smaller), and event-loop delay p99 < 20 ms during the sweeps.
 */
import { startChild } from '../lib/children.js';
import type { EventLoopDelay } from '../lib/event-loop.js';
import { appEnv, startBenchCms, startBenchSlack, tempSqliteUrl } from '../lib/fakes.js';
import { type Figures, figure, median } from '../lib/figures.js';
import { startIdleProbe } from '../lib/idle-probe.js';
import type { BenchPlan } from '../lib/plan.js';
import { startBenchRedis } from '../lib/redis-server.js';
import type { Row, ScenarioOutcome, Section } from '../lib/report.js';
import { DUE_EVERY, type PopulateResult, type SweepResult } from '../lib/stored-state-protocol.js';

const SECTION = '4. Stored state: reminder sweep with ≈1 % of reminders due';

/** `10k`, `100k`, `300`. */
function short(n: number): string {
  return n >= 1_000 && n % 1_000 === 0 ? `${n / 1_000}k` : String(n);
}

/** Runs scenario 4 with its own fakes and children (and, with plan.storedState.redis, a throw-away redis-server). */
export async function benchStoredState(
  plan: BenchPlan,
  log: (line: string) => void,
  cpuProfileDir?: string,
): Promise<ScenarioOutcome> {
  const [small, large] = plan.storedState.sizes;
  const figures: Figures = {};
  const sections: Section[] = [];
  const slack = await startBenchSlack();
  const cms = await startBenchCms();
  const idle = await startIdleProbe();
  const redis = plan.storedState.redis
    ? await startBenchRedis().catch((error: unknown) => {
        log(`  redis-server did not start: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      })
    : undefined;
  let firstRun: { size: number; populated: PopulateResult } | undefined;
  try {
    const backends: Array<{ name: 'sqlite' | 'redis'; title: string; url: (size: number, db: number) => string }> = [
      {
        name: 'sqlite',
        title: 'SQLite (file in the OS temp directory)',
        url: (size) => tempSqliteUrl(`state-${size}`),
      },
    ];
    if (redis)
      backends.push({
        name: 'redis',
        title: 'Redis (throw-away redis-server on 127.0.0.1)',
        url: (_size, db) => `${redis.url}/${db}`,
      });
    for (const backend of backends) {
      const runs: StoredStateRun[] = [];
      for (const [db, size] of [small, large].entries()) {
        log(`4. stored state: ${backend.name}, ${size} registrations`);
        const child = await startChild({
          name: `state-${backend.name}-${size}`,
          entry: 'bench/stored-state-child.ts',
          nodeFlags: ['--expose-gc'],
          env: appEnv(slack, cms, backend.url(size, db)),
          ...(cpuProfileDir ? { cpuProfileDir } : {}),
        });
        try {
          const populated = await child.request<PopulateResult>('populate', { registrations: size }, 300_000);
          for (const { userId, contactName } of populated.due) {
            slack.addUser({ id: userId, name: contactName, email: `${contactName}@example.com` });
            cms.seedContact({
              Name: contactName,
              Desc: 'Bench person (via Slack)',
              Lang: 'en',
              Channels: { Mail: `${contactName.replace('_', '')}@example.com` },
            });
          }
          await idle.stats(true);
          const swept = await child.request<SweepResult>(
            'sweep',
            { limit: plan.storedState.sweepLimit, maxSweeps: plan.storedState.sweeps },
            300_000,
          );
          const floor = (await idle.stats(true)).eventLoop;
          runs.push({ size, populated, swept, floor });
          firstRun ??= { size, populated };
          log(
            `  populated in ${populated.seconds.toFixed(1)} s (${populated.rows} rows); ${swept.handled.reduce((a, b) => a + b, 0)} reminders handled in ${swept.sweepMs.length} sweeps, ${(swept.totalMs / 1000).toFixed(1)} s`,
          );
        } finally {
          await child.stop(10_000);
        }
        slack.messages.length = 0;
        slack.calls.length = 0;
      }
      sections.push(storedStateSection(backend.name, backend.title, runs, plan.storedState.sweepLimit, figures));
    }
    if (!redis) {
      sections.push({
        title: `${SECTION}: Redis`,
        rows: [],
        notes: [
          plan.storedState.redis
            ? 'Skipped: no redis-server on PATH (or it did not start). Install Redis; the bench starts its own throw-away server.'
            : 'Not run: add --redis (npm run bench -- --redis) to repeat this on a throw-away redis-server from PATH (about 1.5 min more).',
        ],
      });
    }
    const first = sections[0];
    const sample = firstRun;
    const rowsPerRegistration = sample ? Math.round(sample.populated.rows / sample.size) : undefined;
    if (first) {
      first.notes.push(
        `Dataset: each registration is the ${rowsPerRegistration ?? '?'} rows (values, index entries, leases) the app's own code writes for a request submitted, approved and registered with Mail pending: request, registered contact, audit entries, leases, and reminders at REMINDER_DELAYS (1h, 1d, 3d); every ${DUE_EVERY}rd registration is 90 min old, so its 1 h reminder is due (≈1 % of reminders). The same number of sweeps runs at both sizes.`,
        `A sweep is sweepReminders(deps, ${plan.storedState.sweepLimit}) as the app's reminder loop calls it: per due reminder a lease, reads, DescribeContactList (fake CloudMonitor; client cap lifted to 1000 calls/s so the store's cost shows, with the default 10/s a sweep of 50 takes ≈5 s at any size), a DM (fake Slack) and the writes that retire it. The store is bulk-loaded on a second connection/client in the store's own layout, calibrated on and read back through the Store API (row by row through the Store API, 100k registrations would take minutes here).`,
      );
    }
    return { figures, sections };
  } finally {
    await idle.stop();
    await redis?.stop();
    await slack.close();
    await cms.close();
  }
}

/** One size on one backend: what populate and sweep returned, and an idle process's event-loop delay meanwhile. */
interface StoredStateRun {
  size: number;
  populated: PopulateResult;
  swept: SweepResult;
  floor: EventLoopDelay;
}

function storedStateSection(
  backend: 'sqlite' | 'redis',
  title: string,
  runs: StoredStateRun[],
  sweepLimit: number,
  figures: Figures,
): Section {
  const section = `${SECTION}: ${title}`;
  const rows: Row[] = [];
  const notes: string[] = [];
  const ids = (name: string) => runs.map((run) => `state.${backend}.${short(run.size)}.${name}`);
  for (const run of runs) {
    const id = (name: string) => `state.${backend}.${short(run.size)}.${name}`;
    const { swept, populated } = run;
    // A full sweep handles `sweepLimit`; the last one of a drain is partial, so it is left out when there are others.
    const full = swept.sweepMs.filter((_, k) => swept.handled[k] === sweepLimit);
    const handled = swept.handled.reduce((a, b) => a + b, 0);
    figures[id('sweepMs')] = figure(
      section,
      `${short(run.size)} stored: one sweep (median)`,
      median(full.length > 0 ? full : swept.sweepMs),
      'ms',
    );
    figures[id('perReminderMs')] = figure(
      section,
      `${short(run.size)} stored: time per due reminder`,
      handled > 0 ? swept.totalMs / handled : null,
      'ms',
    );
    figures[id('handled')] = figure(section, `${short(run.size)} stored: due reminders handled`, handled, 'count');
    figures[id('eventLoopP99')] = figure(
      section,
      `${short(run.size)} stored: event-loop delay p99 during the sweeps`,
      swept.eventLoop.p99Ms,
      'ms',
      { op: '<', limit: 20 },
    );
    figures[id('eventLoopMax')] = figure(
      section,
      `${short(run.size)} stored: event-loop delay max during the sweeps`,
      swept.eventLoop.maxMs,
      'ms',
    );
    figures[id('idleEventLoopP99')] = figure(
      section,
      `${short(run.size)} stored: idle process, event-loop delay p99 meanwhile`,
      run.floor.p99Ms,
      'ms',
    );
    figures[id('populateSeconds')] = figure(
      section,
      `${short(run.size)} stored: time to populate`,
      populated.seconds,
      's',
    );
    if (swept.errorsLogged > 0)
      notes.push(
        `${short(run.size)}: ${swept.errorsLogged} warnings/errors logged during the sweeps (last: ${swept.recentErrors.join(' | ')}).`,
      );
    if (handled !== Math.min(populated.due.length, sweepLimit * swept.sweepMs.length))
      notes.push(
        `${short(run.size)}: ${handled} reminders handled in ${swept.sweepMs.length} sweeps, ${populated.due.length} were due.`,
      );
  }
  const [small, large] = runs;
  if (small && large) {
    const ratioId = `state.${backend}.sweepRatio`;
    const a = figures[`state.${backend}.${short(small.size)}.sweepMs`]?.value ?? null;
    const b = figures[`state.${backend}.${short(large.size)}.sweepMs`]?.value ?? null;
    figures[ratioId] = figure(
      section,
      `sweep time ${short(large.size)} ÷ ${short(small.size)}`,
      a && b ? b / a : null,
      '×',
      { op: '<=', limit: 2 },
    );
    const sizes = `${short(small.size)} / ${short(large.size)}`;
    rows.push(
      { label: `one sweep of ${sweepLimit} due reminders (median), ${sizes} stored`, ids: ids('sweepMs') },
      { label: `sweep time ${short(large.size)} ÷ ${short(small.size)} stored`, ids: [ratioId] },
      { label: `time per due reminder, ${sizes}`, ids: ids('perReminderMs') },
      {
        label: `due reminders handled (of ${small.populated.due.length} / ${large.populated.due.length} due), ${sizes}`,
        ids: ids('handled'),
      },
      { label: `event-loop delay p99 during the sweeps, ${sizes}`, ids: ids('eventLoopP99') },
      { label: `event-loop delay max during the sweeps, ${sizes}`, ids: ids('eventLoopMax') },
      { label: `floor: an idle process, event-loop delay p99 meanwhile, ${sizes}`, ids: ids('idleEventLoopP99') },
      { label: `time to populate, ${sizes}`, ids: ids('populateSeconds') },
    );
  }
  return { title: section, rows, notes };
}
