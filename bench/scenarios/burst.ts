/**
 * Scenario 7, burst: N valid contact-form submissions (signed `view_submission` of the modal the app really
 * opened, each from a different person who opened the form first) sent at once, each on its own connection, while
 * the fake CloudMonitor answers every call after `latencyMs` and throttles above `rateLimitPerSecond`. Measures
 * the time from the first submission until every approval message is posted (chat.postMessage to the admin
 * channel with an Approve button, as the fake Slack saw it). Target: ≤ 10 s.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { loadConfig } from '../../src/config.js';
import { ACTION_ID } from '../../src/slack/ids.js';
import { findButton } from '../../test/helpers/flow.js';
import { ADMIN_CHANNEL } from '../../test/helpers/test-bot.js';
import { captureContactModal } from '../lib/capture-modal.js';
import { startChild } from '../lib/children.js';
import { describeLogged } from '../lib/counting-log.js';
import {
  addBenchUser,
  appEnv,
  BENCH_USERS,
  benchUserId,
  startBenchCms,
  startBenchSlack,
  tempSqliteUrl,
  trimFakeSlack,
  waitQuiet,
} from '../lib/fakes.js';
import { type Figures, figure, median, percentile } from '../lib/figures.js';
import type { BenchPlan } from '../lib/plan.js';
import type { ScenarioOutcome } from '../lib/report.js';
import { signed, viewSubmissionTemplate } from '../lib/slack-payloads.js';
import { startFlags } from '../lib/start-flags.js';

/** Runs scenario 7 with its own fakes and app child. */
export async function benchBurst(
  plan: BenchPlan,
  log: (line: string) => void,
  cpuProfileDir?: string,
): Promise<ScenarioOutcome> {
  const { submissions, latencyMs, rateLimitPerSecond, deadlineSeconds } = plan.burst;
  const slack = await startBenchSlack();
  const cms = await startBenchCms({ rateLimitPerSecond });
  const env = appEnv(slack, cms, tempSqliteUrl('burst'));
  const cap = loadConfig(env).cms.callsPerSecond;
  const section = `7. Burst: ${submissions} valid contact-form submissions at once, CloudMonitor answering every call after ${latencyMs / 1000} s and throttling above ${rateLimitPerSecond} calls/s; client cap ${cap} calls/s`;
  log(`7. burst (${submissions} submissions)`);
  const child = await startChild({
    name: 'app-burst',
    entry: 'bench/app-under-test.ts',
    env,
    nodeFlags: startFlags(),
    ...(cpuProfileDir ? { cpuProfileDir } : {}),
  });
  const url = `http://127.0.0.1:${child.port}`;
  const pool = new Pool(url, { connections: submissions, pipelining: 1, keepAliveTimeout: 60_000 });
  try {
    const view = await captureContactModal(slack, child.port, benchUserId(0));
    const submit = viewSubmissionTemplate(view, 'valid');
    const requesters = Array.from(
      { length: submissions },
      (_, i) => `U0Q${i.toString(36).toUpperCase().padStart(6, '0')}`,
    );
    requesters.forEach((id, i) => addBenchUser(slack, id, BENCH_USERS + i));
    // As in real use, each person opened the form first: the app has remembered their language.
    await child.request('remember-locales', { userIds: requesters }, 120_000);
    await waitQuiet(() => slack.calls.length + cms.requests.length, 500, 10_000);
    trimFakeSlack(slack);
    cms.setLatency(latencyMs);
    await child.stats(true);

    const isApproval = (message: (typeof slack.messages)[number]) =>
      message.channel === ADMIN_CHANNEL && findButton(message, ACTION_ID.approve) !== undefined;
    const before = new Set(slack.messages.filter(isApproval).map((message) => message.ts));
    const acks: number[] = [];
    const answers = { accepted: 0, errors: 0, other: 0 };
    const t0 = Date.now();
    const sent = Promise.all(
      requesters.map(async (id, i) => {
        const request = signed(submit(id, i + 1, slack.mintTriggerId()));
        const start = performance.now();
        try {
          const response = await pool.request({
            path: request.path,
            method: request.method,
            headers: request.headers,
            body: request.body,
            headersTimeout: 30_000,
            bodyTimeout: 30_000,
          });
          const body = await response.body.text();
          if (response.statusCode !== 200) answers.other += 1;
          else if (body.includes('"response_action":"errors"')) answers.errors += 1;
          else answers.accepted += 1;
          acks.push(performance.now() - start);
        } catch {
          answers.other += 1;
        }
      }),
    );
    const postedAt: number[] = [];
    const deadline = t0 + deadlineSeconds * 1_000;
    for (;;) {
      postedAt.length = 0;
      for (const message of slack.messages) {
        if (!before.has(message.ts) && isApproval(message)) postedAt.push(message.history[0]?.at ?? Number.NaN);
      }
      if (postedAt.length >= submissions || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await sent;
    const stats = await child.stats(true);
    const window = (Date.now() - t0) / 1_000;

    acks.sort((a, b) => a - b);
    const seconds = postedAt.map((at) => (at - t0) / 1_000).sort((a, b) => a - b);
    const done = seconds.length;
    const all = done >= submissions;
    const last = seconds.at(-1) ?? null;
    const projected = done > 0 && last !== null ? (submissions * last) / done : null;
    const allPosted = figure(
      section,
      all
        ? `time until all ${submissions} approval messages were posted`
        : `time until all ${submissions} approval messages were posted (PROJECTED from ${done} in ${Math.round(window)} s)`,
      all ? last : projected,
      's',
      { op: '<=', limit: 10 },
      all ? undefined : `not reached within the ${deadlineSeconds} s deadline`,
    );
    if (!all) allPosted.met = false;
    const during = cms.requests.filter((request) => request.at >= t0);
    const byAction = new Map<string, number>();
    for (const request of during) byAction.set(request.action, (byAction.get(request.action) ?? 0) + 1);
    const callsByAction = [...byAction].map(([action, n]) => `${action} ${n}`).join(', ');

    const figures: Figures = {
      'burst.allPosted': allPosted,
      'burst.posted': figure(
        section,
        `approval messages posted within the ${Math.round(window)} s observed`,
        done,
        'count',
      ),
      'burst.firstPosted': figure(section, 'first approval message posted', seconds[0] ?? null, 's'),
      'burst.medianPosted': figure(section, 'median approval message posted', done > 0 ? median(seconds) : null, 's'),
      'burst.ackP50': figure(section, 'submission ack p50', percentile(acks, 50), 'ms'),
      'burst.ackP99': figure(section, 'submission ack p99', percentile(acks, 99), 'ms'),
      'burst.ackMax': figure(section, 'submission ack max', acks.at(-1) ?? null, 'ms'),
      'burst.acksOver3s': figure(
        section,
        'submissions acked after 3 s (Slack shows the person an error)',
        acks.filter((ms) => ms > 3_000).length,
        'count',
      ),
      'burst.accepted': figure(section, 'submissions accepted (ack without errors)', answers.accepted, 'count'),
      'burst.failed': figure(
        section,
        'submissions answered with errors or failed',
        answers.errors + answers.other,
        'count',
      ),
      'burst.throttled': figure(
        section,
        'Throttling answers from CloudMonitor',
        during.filter((request) => request.code === 'Throttling.User').length,
        'count',
      ),
      'burst.eventLoopP99': figure(section, 'app event-loop delay p99', stats.eventLoop.p99Ms, 'ms'),
    };
    const rows = [
      { label: figures['burst.allPosted']?.label ?? 'time until all posted', ids: ['burst.allPosted'] },
      { label: 'approval messages posted: first / median', ids: ['burst.firstPosted', 'burst.medianPosted'] },
      { label: figures['burst.posted']?.label ?? 'posted', ids: ['burst.posted'] },
      { label: 'submission ack p50 / p99 / max', ids: ['burst.ackP50', 'burst.ackP99', 'burst.ackMax'] },
      { label: "submissions acked after Slack's 3 s", ids: ['burst.acksOver3s'] },
      { label: 'submissions accepted / refused or failed', ids: ['burst.accepted', 'burst.failed'] },
      { label: 'Throttling answers from CloudMonitor', ids: ['burst.throttled'] },
      { label: 'app event-loop delay p99', ids: ['burst.eventLoopP99'] },
    ];
    const notes = [
      `All ${submissions} submissions were sent at once from an undici pool with one connection each; times count from the first send to each approval message's chat.postMessage arriving at the fake Slack (admin channel, with an Approve button).`,
      `CloudMonitor calls during the burst, by action: ${callsByAction || 'none'}.`,
      describeLogged(stats.log),
    ];
    return { figures, sections: [{ title: section, rows, notes }] };
  } finally {
    await pool.close().catch(() => undefined);
    await child.stop(5_000);
    await slack.close();
    await cms.close();
  }
}
