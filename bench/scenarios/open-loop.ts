/**
 * Scenario 6, open loop: signed `/alert-contact` slash commands at a constant rate (200/s for 30 s in the full
 * run), each from a person who never used the bot, against the real app over HTTP with the fake Slack. Targets:
 * ack p99 < 20 ms, and every modal opened within Slack's 3 s of its command (views.open reaching the fake Slack
 * within 3 s of the command's scheduled send time; a trigger_id is valid for 3 s,
 * https://docs.slack.dev/interactivity/handling-user-interaction#modals).
 */

import { BLOCK_ID } from '../../src/slack/ids.js';
import type { FakeSlack } from '../../test/fakes/slack-web-api.js';
import { startChild } from '../lib/children.js';
import { describeLogged } from '../lib/counting-log.js';
import {
  appEnv,
  freshUser,
  startBenchCms,
  startBenchSlack,
  tempSqliteUrl,
  trimFakeSlack,
  waitQuiet,
} from '../lib/fakes.js';
import { type Figures, figure, percentile } from '../lib/figures.js';
import { runOpenLoop } from '../lib/open-loop.js';
import type { BenchPlan } from '../lib/plan.js';
import type { ScenarioOutcome } from '../lib/report.js';
import { signed, slashCommandBody } from '../lib/slack-payloads.js';
import { startFlags } from '../lib/start-flags.js';

/** Slack's window from a command to views.open with its trigger_id, ms. */
const TRIGGER_LIFETIME_MS = 3_000;

/** The first views.open of one command as the fake Slack saw it: when, accepted or not, and whether it was the contact form itself or a loading placeholder filled in later. */
interface Arrival {
  at: number;
  ok: boolean;
  form: boolean;
  error?: string;
}

/**
 * Collects, per trigger_id, when the first views.open with it reached the fake Slack (epoch ms) and whether the
 * fake accepted it (a late one gets `expired_trigger_id`), then drops the calls the fake recorded and views last
 * changed over a minute ago (so a long run does not grow this process). Recent views are kept: the app may still
 * views.update them (a loading modal filled in later).
 */
function harvestViewsOpen(slack: FakeSlack, arrivals: Map<string, Arrival>): void {
  for (const call of slack.calls) {
    if (call.method !== 'views.open') continue;
    const trigger = typeof call.args.trigger_id === 'string' ? call.args.trigger_id : undefined;
    if (trigger === undefined || arrivals.has(trigger)) continue;
    const form = JSON.stringify(call.args.view ?? '').includes(`"${BLOCK_ID.contactName}"`);
    arrivals.set(trigger, {
      at: call.at,
      ok: call.ok,
      form,
      ...(call.ok ? {} : { error: call.error ?? String(call.status) }),
    });
  }
  slack.calls.length = 0;
  slack.ephemerals.length = 0;
  slack.responseUrlPosts.length = 0;
  // A view's hash starts with the epoch second of its last change.
  const old = Date.now() / 1_000 - 60;
  for (const [id, view] of slack.views) if (Number.parseFloat(view.hash) < old) slack.views.delete(id);
}

/** Runs scenario 6 with its own fakes and app child. */
export async function benchOpenLoop(
  plan: BenchPlan,
  log: (line: string) => void,
  cpuProfileDir?: string,
): Promise<ScenarioOutcome> {
  const { ratePerSecond, durationS, warmupSeconds, connections } = plan.openLoop;
  const section = `6. Open loop: ${ratePerSecond} signed /alert-contact per second for ${durationS} s (constant rate), each from a first-time user → ack and views.open`;
  log(`6. open loop (${ratePerSecond}/s for ${durationS} s)`);
  const slack = await startBenchSlack();
  const cms = await startBenchCms();
  const child = await startChild({
    name: 'app-open-loop',
    entry: 'bench/app-under-test.ts',
    env: appEnv(slack, cms, tempSqliteUrl('open-loop')),
    nodeFlags: startFlags(),
    ...(cpuProfileDir ? { cpuProfileDir } : {}),
  });
  try {
    const url = `http://127.0.0.1:${child.port}`;
    const sentAt = new Map<string, number>();
    const build = (scheduledAt: number) => {
      const triggerId = slack.mintTriggerId();
      sentAt.set(triggerId, scheduledAt);
      return signed(slashCommandBody({ userId: freshUser(slack), triggerId, responseUrl: slack.mintResponseUrl() }));
    };
    // Warm-up at the same rate (JIT, connections, SQLite pages); not counted.
    await runOpenLoop({ url, ratePerSecond, durationS: warmupSeconds, connections, build });
    await waitQuiet(() => slack.calls.length, 500, 10_000);
    sentAt.clear();
    trimFakeSlack(slack);
    await child.stats(true);

    const cmsBefore = cms.requests.length;
    const arrivals = new Map<string, Arrival>();
    const harvester = setInterval(() => harvestViewsOpen(slack, arrivals), 500);
    // The app's heap every 2 s (a backlog shows as a heap that keeps growing).
    const heap: Array<{ s: number; mb: number }> = [];
    const measuredFrom = Date.now();
    let sampling = false;
    const sampler = setInterval(() => {
      if (sampling) return;
      sampling = true;
      child
        .stats(false)
        .then((sample) => heap.push({ s: (Date.now() - measuredFrom) / 1_000, mb: sample.heapUsedBytes / 1024 ** 2 }))
        .catch(() => undefined)
        .finally(() => {
          sampling = false;
        });
    }, 2_000);
    let result: Awaited<ReturnType<typeof runOpenLoop>>;
    try {
      result = await runOpenLoop({ url, ratePerSecond, durationS, connections, build });
      // A views.open later than 3 s after the last command is over the limit anyway; wait a little past it.
      const lastDue = Math.max(...sentAt.values());
      const arrived = () => [...sentAt.keys()].filter((trigger) => arrivals.has(trigger)).length;
      while (arrived() < sentAt.size && Date.now() < lastDue + TRIGGER_LIFETIME_MS + 2_000) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      clearInterval(harvester);
      clearInterval(sampler);
      harvestViewsOpen(slack, arrivals);
    }
    // The app may have died under the load (e.g. out of heap with production's --max-old-space-size): report what was measured and why the rest is missing.
    let crashed: string | undefined;
    const stats = await child.stats(true).catch((error: unknown) => {
      crashed = error instanceof Error ? error.message : String(error);
      return undefined;
    });

    // Per command: how long until its views.open reached the fake Slack (whatever the answer), and whether the modal opened in time.
    const delays: number[] = [];
    const errors = new Map<string, number>();
    let missing = 0;
    let over = 0;
    let placeholders = 0;
    for (const [trigger, at] of sentAt) {
      const arrival = arrivals.get(trigger);
      if (arrival === undefined) {
        missing += 1;
        over += 1;
        continue;
      }
      const delay = arrival.at - at;
      delays.push(delay);
      if (arrival.ok && !arrival.form) placeholders += 1;
      if (!arrival.ok) errors.set(arrival.error ?? 'error', (errors.get(arrival.error ?? 'error') ?? 0) + 1);
      if (delay > TRIGGER_LIFETIME_MS || !arrival.ok) over += 1;
    }
    delays.sort((a, b) => a - b);
    const cmsByAction = new Map<string, number>();
    for (const request of cms.requests.slice(cmsBefore))
      cmsByAction.set(request.action, (cmsByAction.get(request.action) ?? 0) + 1);
    const failedOpens = [...errors.values()].reduce((sum, n) => sum + n, 0);

    const figures: Figures = {
      'open.ackP50': figure(section, 'ack p50', result.p50Ms, 'ms'),
      'open.ackP99': figure(section, 'ack p99', result.p99Ms, 'ms', { op: '<', limit: 20 }),
      'open.ackMax': figure(section, 'ack max', result.maxMs, 'ms'),
      'open.ackP99FromSchedule': figure(
        section,
        "ack p99 from the scheduled send time (adds the generator's lateness)",
        result.scheduledP99Ms,
        'ms',
      ),
      'open.ackMaxFromSchedule': figure(section, 'ack max from the scheduled send time', result.scheduledMaxMs, 'ms'),
      'open.modalP99': figure(section, 'command → views.open at the fake Slack, p99', percentile(delays, 99), 'ms'),
      'open.modalMax': figure(
        section,
        'command → views.open at the fake Slack, max',
        delays.at(-1) ?? null,
        'ms',
        { op: '<', limit: TRIGGER_LIFETIME_MS },
        missing > 0 ? `${missing} commands got no views.open at all (not in the max)` : undefined,
      ),
      'open.modalsOver3s': figure(
        section,
        'commands whose modal did not open within 3 s (views.open late, refused or never made)',
        over,
        'count',
        { op: '<=', limit: 0 },
      ),
      'open.modalsRefused': figure(
        section,
        'views.open refused by the fake Slack (expired_trigger_id when late)',
        failedOpens,
        'count',
      ),
      'open.modalsMissing': figure(section, 'commands with no views.open at all', missing, 'count'),
      'open.placeholderShare': figure(
        section,
        'modals opened as a loading placeholder (the form filled in later with views.update)',
        sentAt.size > 0 ? (100 * placeholders) / sentAt.size : null,
        '%',
      ),
      'open.sent': figure(section, 'commands sent', result.sent, 'count'),
      'open.achievedRate': figure(section, 'commands sent per second (achieved)', result.achievedRate, 'req/s'),
      'open.failures': figure(section, 'commands failed (non-2xx, errors, timeouts)', result.failures, 'count'),
      'open.sendLagP99': figure(section, 'generator lateness p99 (this process)', result.sendLagP99Ms, 'ms'),
      'open.eventLoopP99': figure(
        section,
        'app event-loop delay p99',
        stats?.eventLoop.p99Ms ?? null,
        'ms',
        undefined,
        crashed ? 'the app died during the run' : undefined,
      ),
      'open.eventLoopMax': figure(section, 'app event-loop delay max', stats?.eventLoop.maxMs ?? null, 'ms'),
    };
    const rows = [
      {
        label: 'ack p50 / p99 / max (from the release to the connection pool)',
        ids: ['open.ackP50', 'open.ackP99', 'open.ackMax'],
      },
      {
        label: 'ack p99 / max from the scheduled send time',
        ids: ['open.ackP99FromSchedule', 'open.ackMaxFromSchedule'],
      },
      { label: 'command → views.open at the fake Slack: p99 / max', ids: ['open.modalP99', 'open.modalMax'] },
      {
        label: 'modals not opened within 3 s / of them views.open refused / never called',
        ids: ['open.modalsOver3s', 'open.modalsRefused', 'open.modalsMissing'],
      },
      {
        label: 'modals opened as a loading placeholder, filled in later with views.update',
        ids: ['open.placeholderShare'],
      },
      { label: 'commands sent / failed', ids: ['open.sent', 'open.failures'] },
      { label: 'achieved rate', ids: ['open.achievedRate'] },
      { label: 'generator lateness p99 (how late commands left this process)', ids: ['open.sendLagP99'] },
      { label: 'app event-loop delay p99 / max', ids: ['open.eventLoopP99', 'open.eventLoopMax'] },
    ];
    const notes = [
      `Open loop: a timer in the load generator releases command i at t0 + i/${ratePerSecond} s whether or not earlier ones were answered, over an undici keep-alive pool of ${connections} connections (bench/lib/open-loop.ts). The ack target is on latency from the release to the pool (waiting for a connection counts against the app); from the scheduled time it also includes the generator's lateness (its process runs the fake Slack too), and a late generator releases commands in bursts, which is harder on the app, not easier. autocannon's overallRate was not used: it keeps one request in flight per connection and defers the next send when the app stalls (coordinated omission). ${warmupSeconds} s warm-up at the same rate first, not counted.`,
      `Modal time, conservatively: from the command's scheduled send time to the first successful views.open with its trigger_id arriving at the fake Slack (which runs in the load-generator process); the fake refuses a trigger_id older than 3 s. views.open refused: ${failedOpens}${failedOpens > 0 ? ` (${[...errors].map(([error, n]) => `${error} ${n}`).join(', ')})` : ''}.`,
      stats
        ? describeLogged(stats.log)
        : `THE APP DIED during the run (first failed command ${result.firstFailureS.toFixed(1)} s after the first was due); the commands after its death failed (counted above) and their modals count as not opened: ${/FATAL ERROR[^\n]*/.exec(crashed ?? '')?.[0] ?? (crashed ?? '').slice(-300)}`,
      `CloudMonitor calls that reached the fake from the first measured command until the end: ${[...cmsByAction].map(([action, n]) => `${action} ${n}`).join(', ') || 'none'} (client cap CMS_CALLS_PER_SECOND, 10/s by default).`,
      `App heap used (MB) every 2 s from the start: ${heap.map((sample) => `${sample.s.toFixed(0)} s ${sample.mb.toFixed(0)}`).join(', ') || 'no sample'}; the app runs with production's flags (${startFlags().join(' ')}).`,
    ];
    return { figures, sections: [{ title: section, rows, notes }] };
  } finally {
    await child.stop(5_000);
    await slack.close();
    await cms.close();
  }
}
