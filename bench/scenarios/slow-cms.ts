/**
 * Scenario 3, slow CloudMonitor: N requests are submitted, then all approved at once (signed block_actions by
 * the admin, through the app) while the fake CloudMonitor answers every call after `latencyMs` and throttles
 * above `rateLimitPerSecond`; meanwhile slash commands arrive at a steady rate. Measures the commands' ack p99,
 * the app's event-loop delay p99, the CloudMonitor calls/s that actually arrived (vs the client's cap), the time
 * until all N are registered, and the Throttling answers.
 */

import { loadConfig } from '../../src/config.js';
import { messages } from '../../src/i18n/index.js';
import { ACTION_ID } from '../../src/slack/ids.js';
import { findButton } from '../../test/helpers/flow.js';
import { buildBlockActions } from '../../test/helpers/slack-driver.js';
import { ADMIN, ADMIN_CHANNEL } from '../../test/helpers/test-bot.js';
import { captureContactModal } from '../lib/capture-modal.js';
import { startChild } from '../lib/children.js';
import {
  addBenchUser,
  appEnv,
  BENCH_USERS,
  benchUserId,
  freshUser,
  startBenchCms,
  startBenchSlack,
  tempSqliteUrl,
  trimFakeSlack,
  waitQuiet,
} from '../lib/fakes.js';
import { type Figures, figure } from '../lib/figures.js';
import { startIdleProbe } from '../lib/idle-probe.js';
import { runLoad, startLoad } from '../lib/load.js';
import type { BenchPlan } from '../lib/plan.js';
import { meanRate, peakInWindow } from '../lib/rate.js';
import type { ScenarioOutcome } from '../lib/report.js';
import { interactionBody, signed, signedCommand, viewSubmissionTemplate } from '../lib/slack-payloads.js';
import { startFlags } from '../lib/start-flags.js';

/** Most calls in flight at the fake at once, each lasting from its arrival for `latencyMs`. */
function maxInFlight(arrivals: readonly number[], latencyMs: number): number {
  const events = arrivals
    .flatMap((at) => [[at, 1] as const, [at + latencyMs, -1] as const])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let most = 0;
  for (const [, change] of events) most = Math.max(most, (current += change));
  return most;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Runs scenario 3 with its own fakes and app child. */
export async function benchSlowCms(
  plan: BenchPlan,
  log: (line: string) => void,
  cpuProfileDir?: string,
): Promise<ScenarioOutcome> {
  const { approvals, latencyMs, rateLimitPerSecond, commandsPerSecond, deadlineSeconds } = plan.slowCms;
  const slack = await startBenchSlack();
  const cms = await startBenchCms({ rateLimitPerSecond });
  const env = appEnv(slack, cms, tempSqliteUrl('slow-cms'));
  if (process.env.BENCH_CMS_CONCURRENCY) env.BENCH_CMS_CONCURRENCY = process.env.BENCH_CMS_CONCURRENCY;
  // The cap the app applies (CMS_CALLS_PER_SECOND, its default unless set here), and how its admin message says
  // "registered" (the fallback text ends with the status word, in ADMIN_LANGUAGE).
  const config = loadConfig(env);
  const cap = config.cms.callsPerSecond;
  const registeredSuffix = `: ${messages(config.adminLanguage).approval.statusWord.registered}`;
  const section = `3. Slow CloudMonitor: ${approvals} approvals in flight, every call answered after ${latencyMs / 1000} s, throttled above ${rateLimitPerSecond} calls/s; client cap ${cap} calls/s`;
  log(`3. slow CloudMonitor (${approvals} approvals)`);
  const child = await startChild({
    name: 'app-slow-cms',
    entry: 'bench/app-under-test.ts',
    env,
    nodeFlags: startFlags(),
    ...(cpuProfileDir ? { cpuProfileDir } : {}),
  });
  const idle = await startIdleProbe();
  try {
    const url = `http://127.0.0.1:${child.port}`;
    // N pending requests, from N people, through the app.
    const view = await captureContactModal(slack, child.port, benchUserId(0));
    const submit = viewSubmissionTemplate(view, 'valid');
    const requesters = Array.from(
      { length: approvals },
      (_, i) => `U0P${i.toString(36).toUpperCase().padStart(6, '0')}`,
    );
    requesters.forEach((id, i) => addBenchUser(slack, id, BENCH_USERS + i));
    let next = 0;
    const setupStarted = Date.now();
    await runLoad({
      url,
      connections: 16,
      amount: approvals,
      build: () => signed(submit(requesters[next] as string, next++, slack.mintTriggerId())),
    });
    // Each new contact is posted first, then looked up in CloudMonitor (DescribeContactList, at most `cap` calls/s).
    const approvalMessages = await slack.waitFor(
      () => {
        const posted = slack.messages.filter(
          (message) => message.channel === ADMIN_CHANNEL && findButton(message, ACTION_ID.approve),
        );
        return posted.length >= approvals ? posted : undefined;
      },
      30_000 + (approvals / cap) * 1_500,
    );
    // The lookups go on after the posts; start only when they are all done and CloudMonitor is idle too.
    await slack.waitFor(
      () => cms.requestsFor('DescribeContactList').length >= approvals,
      30_000 + (approvals / cap) * 1_500,
    );
    await waitQuiet(() => slack.calls.length + cms.requests.length, 1_000, 30_000);
    const postedSeconds = (Date.now() - setupStarted) / 1_000;
    trimFakeSlack(slack);
    cms.setLatency(latencyMs);

    // Approve all at once, and keep slash commands coming meanwhile.
    await Promise.all([child.stats(true), idle.stats(true)]);
    const t0 = Date.now();
    let clicked = 0;
    const clicks = runLoad({
      url,
      connections: 16,
      amount: approvals,
      build: () => {
        const message = approvalMessages[clicked++ % approvalMessages.length];
        if (!message) throw new Error('no approval message');
        const button = findButton(message, ACTION_ID.approve);
        if (!button) throw new Error(`approval message ${message.ts} has no Approve button`);
        return signed(
          interactionBody(
            buildBlockActions({
              user: { id: ADMIN },
              action: { action_id: button.action_id, block_id: button.block_id, value: button.value },
              container: { type: 'message', channel_id: message.channel, message_ts: message.ts },
              message,
              triggerId: slack.mintTriggerId(),
              responseUrl: slack.mintResponseUrl({ channel: message.channel, messageTs: message.ts }),
            }),
          ),
        );
      },
    });
    const commands = startLoad({
      url,
      connections: 16,
      overallRate: commandsPerSecond,
      durationS: deadlineSeconds,
      build: () => signedCommand(slack, freshUser(slack)),
    });
    const registeredAt = new Map<string, number>();
    const deadline = t0 + deadlineSeconds * 1_000;
    while (registeredAt.size < approvals && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      for (const message of approvalMessages) {
        if (registeredAt.has(message.ts)) continue;
        const version = message.history.find((entry) => entry.text?.endsWith(registeredSuffix));
        if (version) registeredAt.set(message.ts, version.at);
      }
      // The fake Slack keeps every call; only messages are needed here.
      if (slack.calls.length > 20_000) trimFakeSlack(slack);
    }
    commands.stop();
    const commandResult = await commands.done;
    const clickResult = await clicks;
    const [stats, floor] = await Promise.all([child.stats(true), idle.stats(true)]);
    const window = (Date.now() - t0) / 1_000;

    const calls = cms.requests.filter((request) => request.at >= t0).map((request) => request.at);
    const done = registeredAt.size;
    const lastAt = Math.max(t0, ...registeredAt.values());
    const allSeconds = done === approvals ? (lastAt - t0) / 1_000 : null;
    const projected = done > 0 ? (approvals * (lastAt - t0)) / done / 1_000 : null;

    const figures: Figures = {
      'slow.commandAckP99': figure(
        section,
        'slash-command ack p99 meanwhile (CO-corrected)',
        commandResult.correctedP99Ms,
        'ms',
        { op: '<', limit: 50 },
      ),
      'slow.commandAckP99raw': figure(section, 'slash-command ack p99 meanwhile (raw)', commandResult.p99Ms, 'ms'),
      'slow.commandAckMax': figure(section, 'slash-command ack max meanwhile', commandResult.maxMs, 'ms'),
      'slow.approveAckP99': figure(section, 'Approve click ack p99', clickResult.p99Ms, 'ms'),
      'slow.eventLoopP99': figure(section, 'app event-loop delay p99', stats.eventLoop.p99Ms, 'ms', {
        op: '<',
        limit: 20,
      }),
      'slow.eventLoopMax': figure(section, 'app event-loop delay max', stats.eventLoop.maxMs, 'ms'),
      'slow.idleEventLoopP99': figure(
        section,
        'idle process on this machine, same period: event-loop delay p99',
        floor.eventLoop.p99Ms,
        'ms',
      ),
      'slow.cmsPeakCallsPerSecond': figure(
        section,
        'CloudMonitor calls in any 1 s window (peak)',
        peakInWindow(calls),
        'calls/s',
        { op: '<=', limit: cap },
      ),
      'slow.cmsMeanCallsPerSecond': figure(section, 'CloudMonitor calls/s (mean)', meanRate(calls), 'calls/s'),
      'slow.cmsInFlight': figure(
        section,
        'CloudMonitor calls in flight at once (most)',
        maxInFlight(calls, latencyMs),
        'count',
      ),
      'slow.registered': figure(section, `registered within the ${Math.round(window)} s observed`, done, 'count'),
      'slow.timeToAllRegistered': figure(
        section,
        allSeconds !== null
          ? `time until all ${approvals} registered`
          : `time until all ${approvals} registered (PROJECTED from ${done} in ${Math.round(window)} s)`,
        allSeconds ?? projected,
        's',
        undefined,
        allSeconds === null ? `not reached within the ${deadlineSeconds} s deadline` : undefined,
      ),
      'slow.throttled': figure(section, 'Throttling answers received', cms.stats.throttled, 'count'),
      'slow.approvalsPostedSeconds': figure(
        section,
        `before: ${approvals} submissions until all were posted for approval and looked up in CloudMonitor (CloudMonitor answering at once)`,
        postedSeconds,
        's',
      ),
      'slow.commandFailures': figure(section, 'slash commands failed', commandResult.failures, 'count'),
      'slow.clickFailures': figure(section, 'approve clicks failed', clickResult.failures, 'count'),
    };
    const rows = [
      {
        label: 'slash-command ack p99 meanwhile: CO-corrected / raw',
        ids: ['slow.commandAckP99', 'slow.commandAckP99raw'],
      },
      { label: 'slash-command ack max meanwhile', ids: ['slow.commandAckMax'] },
      { label: 'Approve click ack p99', ids: ['slow.approveAckP99'] },
      { label: 'app event-loop delay p99 / max', ids: ['slow.eventLoopP99', 'slow.eventLoopMax'] },
      {
        label: 'floor: an idle process on this machine, event-loop delay p99 over the same period',
        ids: ['slow.idleEventLoopP99'],
      },
      {
        label: 'CloudMonitor calls/s arriving: peak in any 1 s / mean',
        ids: ['slow.cmsPeakCallsPerSecond', 'slow.cmsMeanCallsPerSecond'],
      },
      { label: 'CloudMonitor calls in flight at once (most, at the fake)', ids: ['slow.cmsInFlight'] },
      { label: figures['slow.registered']?.label ?? 'registered', ids: ['slow.registered'] },
      {
        label: figures['slow.timeToAllRegistered']?.label ?? 'time until all registered',
        ids: ['slow.timeToAllRegistered'],
      },
      { label: 'Throttling answers received', ids: ['slow.throttled'] },
      {
        label: figures['slow.approvalsPostedSeconds']?.label ?? 'approval messages posted',
        ids: ['slow.approvalsPostedSeconds'],
      },
      {
        label: 'failed requests: slash commands / Approve clicks',
        ids: ['slow.commandFailures', 'slow.clickFailures'],
      },
    ];
    const notes = [
      `Slash commands from first-time users at ${commandsPerSecond}/s over 16 connections (open loop; autocannon corrects p99 for coordinated omission) from the first Approve click until all were registered or ${deadlineSeconds} s.`,
      `Each approval makes 2 CloudMonitor calls (PutContact, then DescribeContactList for the DM). With ${latencyMs / 1000} s per call, k calls in flight allow at most k ÷ ${latencyMs / 1000} calls/s; the cap is CMS_CALLS_PER_SECOND (${cap}), counted here on arrival at the fake over any 1 s window.`,
      `Before the approvals, each of the ${approvals} submissions was posted for approval and then looked up with DescribeContactList (whether the name exists): ${postedSeconds.toFixed(0)} s for all of them with CloudMonitor answering at once, paced by the client's cap. Lookups and PutContact share one queue, where approvals' writes go first.`,
      `CloudMonitor calls from the first click on, by action: ${
        Object.entries(countBy(cms.requests.filter((request) => request.at >= t0).map((request) => request.action)))
          .map(([action, n]) => `${action} ${n}`)
          .join(', ') || 'none'
      }.`,
      `${stats.log.error} errors and ${stats.log.warn} warnings logged${stats.log.recent.length > 0 ? ` (last: ${stats.log.recent.join(' | ')})` : ''}.`,
    ];
    return { figures, sections: [{ title: section, rows, notes }] };
  } finally {
    await Promise.all([child.stop(5_000), idle.stop()]);
    await slack.close();
    await cms.close();
  }
}
