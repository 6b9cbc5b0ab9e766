/**
 * Scenario 1, ack path: signed `/alert-contact` slash commands (HTTP mode, fresh trigger_id and response_url per
 * request) against the app and against the bare Bolt baseline, at each concurrency. Targets: throughput ≥ 0.8×
 * the baseline; app p99 ack < 50 ms at concurrency 16.
 */
import {
  compareSides,
  logTotals,
  measureRound,
  pathFigures,
  type Side,
  sentTotal,
  slackCallsPerRequest,
  slackCallTotals,
} from '../lib/compare-sides.js';
import { freshUser, waitQuiet } from '../lib/fakes.js';
import { figure } from '../lib/figures.js';
import { runLoad } from '../lib/load.js';
import type { BenchPlan } from '../lib/plan.js';
import type { ScenarioOutcome } from '../lib/report.js';
import { signedCommand } from '../lib/slack-payloads.js';

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
      signedCommand(slack, freshUser(slack));
  const rounds = await compareSides(app, baseline, plan, { build }, log);
  const { figures, rows } = pathFigures('ack', SECTION, rounds, {
    ratioTarget: { op: '>=', limit: 0.8 },
    p99Target: { op: '<', limit: 50 },
    p99TargetConcurrency: 16,
  });

  const known = await knownPeopleRound(plan, app, log);
  Object.assign(figures, known.figures);
  rows.push(...known.rows);

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
    `The known-people round: ${known.people} people each opened the form once first (their Slack profile and language are then in the store, and that nothing matched them to claim is remembered for 5 minutes), then the same closed loop on the app alone; users.info per command shows whether the stored profile was used.`,
    `The app looks the user up (store; Slack profile and language) and opens its contact form; the baseline opens a 1-input modal. Web API calls per command: app ${slackCallsPerRequest(rounds, 'a')}; bare Bolt ${slackCallsPerRequest(rounds, 'b')}. Each side has its own fake Slack, in the load-generator process.`,
  );
  return { figures, sections: [{ title: SECTION, rows, notes }] };
}

/**
 * The command path for people the app knows: each of them opened the form once before, so their profile comes from
 * the store (no users.info) and no claim lookup is needed; one closed-loop round on the app at the middle
 * concurrency. Reported beside the first-time figures, without a target (the targets are the first-time ones).
 */
async function knownPeopleRound(
  plan: BenchPlan,
  app: Side,
  log: (line: string) => void,
): Promise<{
  figures: ReturnType<typeof pathFigures>['figures'];
  rows: ReturnType<typeof pathFigures>['rows'];
  people: number;
}> {
  const { slack } = app;
  const connections = plan.paths.concurrency[Math.floor(plan.paths.concurrency.length / 2)] ?? 16;
  const people = Array.from({ length: plan.mode === 'smoke' ? 100 : 2_000 }, () => freshUser(slack));
  const command = (userId: string) => signedCommand(slack, userId);
  let first = 0;
  await runLoad({
    url: `http://127.0.0.1:${app.child.port}`,
    connections,
    amount: people.length,
    build: () => command(people[first++ % people.length] as string),
  });
  await waitQuiet(() => slack.calls.length, 500, 30_000);
  let next = 0;
  const round = await measureRound(app, connections, plan.paths.roundSeconds, plan.paths.drainMs, {
    build: () => () => command(people[next++ % people.length] as string),
  });
  const sent = round.load.sent;
  const perCommand = (method: string) => {
    const [ok, failed] = round.slackCalls[method] ?? [0, 0];
    return sent > 0 ? (ok + failed) / sent : null;
  };
  log(
    `  known people, c=${connections}: app ${round.load.rps.toFixed(0)} req/s, users.info per command ${perCommand('users.info')?.toFixed(2)}`,
  );
  const figures: ReturnType<typeof pathFigures>['figures'] = {
    'ack.known.rps': figure(SECTION, `known people, c=${connections}: app requests/s`, round.load.rps, 'req/s'),
    'ack.known.p99': figure(SECTION, `known people, c=${connections}: app ack p99`, round.load.p99Ms, 'ms'),
    'ack.known.usersInfo': figure(
      SECTION,
      'known people: users.info calls per command',
      perCommand('users.info'),
      'calls',
      { op: '<=', limit: 0 },
    ),
    'ack.known.viewsOpen': figure(
      SECTION,
      'known people: views.open calls per command',
      perCommand('views.open'),
      'calls',
    ),
  };
  return {
    figures,
    rows: [
      {
        label: `known people (opened the form before), c=${connections}: app requests/s; ack p99`,
        ids: ['ack.known.rps', 'ack.known.p99'],
      },
      {
        label: 'known people: users.info / views.open calls per command (a known person costs no users.info)',
        ids: ['ack.known.usersInfo', 'ack.known.viewsOpen'],
      },
    ],
    people: people.length,
  };
}
