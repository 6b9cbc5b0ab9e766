/**
 * Scenario 1, ack path: signed `/alert-contact` slash commands (HTTP mode, fresh trigger_id and response_url per
 * request) against the app and against the bare Bolt baseline, at each concurrency. Targets: throughput ≥ 0.8×
 * the baseline; app p99 ack < 50 ms at concurrency 16.
 */
import {
  compareSides,
  logTotals,
  pathFigures,
  type Side,
  sentTotal,
  slackCallsPerRequest,
  slackCallTotals,
} from '../lib/compare-sides.js';
import { freshUser } from '../lib/fakes.js';
import { figure } from '../lib/figures.js';
import type { BenchPlan } from '../lib/plan.js';
import type { ScenarioOutcome } from '../lib/report.js';
import { signed, slashCommandBody } from '../lib/slack-payloads.js';

const SECTION = '1. Ack path: signed /alert-contact → ack (HTTP mode, fake Slack), app vs bare Bolt 5';

/** Runs scenario 1 on an already started app/baseline pair. */
export async function benchAckPath(
  plan: BenchPlan,
  app: Side,
  baseline: Side,
  log: (line: string) => void,
): Promise<ScenarioOutcome> {
  log('1. ack path');
  // Every command from someone who never used the bot (nothing cached about them), as during an incident.
  const build =
    ({ slack }: Side) =>
    () =>
      signed(
        slashCommandBody({
          userId: freshUser(slack),
          triggerId: slack.mintTriggerId(),
          responseUrl: slack.mintResponseUrl(),
        }),
      );
  const rounds = await compareSides(app, baseline, plan, { build }, log);
  const { figures, rows } = pathFigures('ack', SECTION, rounds, {
    ratioTarget: { op: '>=', limit: 0.8 },
    p99Target: { op: '<', limit: 50 },
    p99TargetConcurrency: 16,
  });

  const notes: string[] = [];
  for (const [side, name] of [
    ['a', 'app'],
    ['b', 'baseline'],
  ] as const) {
    const sent = sentTotal(rounds, side);
    const [opened, failed] = slackCallTotals(rounds, side, 'views.open');
    figures[`ack.${name}.modalsOpened`] = figure(
      SECTION,
      `${name}: modals opened per command sent`,
      sent > 0 ? (100 * opened) / sent : null,
      '%',
    );
    const logged = logTotals(rounds, side);
    if (failed > 0 || logged.error > 0)
      notes.push(
        `${name}: ${failed} views.open calls failed, ${logged.error} errors logged (last: ${logged.recent.join(' | ') || 'none'}).`,
      );
  }
  rows.push({
    label: 'modals opened per command sent, app / bare Bolt',
    ids: ['ack.app.modalsOpened', 'ack.baseline.modalsOpened'],
  });
  notes.push(
    `Each command comes from a different person who has not used the bot before. Closed loop: each of c connections sends its next command as soon as the ack arrives; ${plan.paths.rounds} rounds of ${plan.paths.roundSeconds} s per side and concurrency, alternating app/bare Bolt (ABBA), after a ${plan.paths.warmupSeconds} s warm-up each. A modal opens only if views.open comes within 3 s of the command (trigger_id lifetime).`,
    `The app looks the user up (store; Slack profile and language) and opens its contact form; the baseline opens a 1-input modal. Web API calls per command: app ${slackCallsPerRequest(rounds, 'a')}; bare Bolt ${slackCallsPerRequest(rounds, 'b')}. Each side has its own fake Slack, in the load-generator process.`,
  );
  return { figures, sections: [{ title: SECTION, rows, notes }] };
}
