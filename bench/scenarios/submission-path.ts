/**
 * Scenario 2, submission path: signed `view_submission` payloads of the contact modal (the view the app really
 * opened), half valid and half with validation errors, each from a new user, against the app and against a bare
 * Bolt app that acks with no validation. Targets (issue 14): throughput ≥ 0.6× the baseline at every concurrency, the
 * app's throughput at c=64 not lower than at c=16, and ack p99 < 50 ms at c=16.
 */
import { captureContactModal } from '../lib/capture-modal.js';
import { compareSides, logTotals, pathFigures, type Side, slackCallsPerRequest } from '../lib/compare-sides.js';
import { benchUserId } from '../lib/fakes.js';
import { figure } from '../lib/figures.js';
import type { BenchPlan } from '../lib/plan.js';
import type { ScenarioOutcome } from '../lib/report.js';
import { signed, viewSubmissionTemplate } from '../lib/slack-payloads.js';

const SECTION =
  '2. Submission path: signed view_submission (½ valid, ½ validation errors) → ack, app vs bare Bolt 5 (ack only)';

/** Runs scenario 2 on an already started app/baseline pair. */
export async function benchSubmissionPath(
  plan: BenchPlan,
  app: Side,
  baseline: Side,
  log: (line: string) => void,
): Promise<ScenarioOutcome> {
  log('2. submission path');
  const view = await captureContactModal(app.slack, app.child.port, benchUserId(1));
  const valid = viewSubmissionTemplate(view, 'valid');
  const invalid = viewSubmissionTemplate(view, 'invalid');

  // A new requester every time (during an incident many people register once each), who opened the form
  // first, as people do: the app has remembered their language then. Users beyond the warmed ones are counted.
  const submitter = (side: Side['name'], n: number) =>
    `U0${side === 'app' ? 'S' : 'T'}${n.toString(36).toUpperCase().padStart(8, '0')}`;
  const warmed = Math.ceil(
    (plan.paths.rounds * plan.paths.concurrency.length * plan.paths.roundSeconds + plan.paths.warmupSeconds) * 300,
  );
  await app.child.request(
    'remember-locales',
    { userIds: Array.from({ length: warmed }, (_, n) => submitter('app', n + 1)) },
    120_000,
  );
  const serial = { app: 0, baseline: 0 };
  const answers = { app: { errors: 0, accepted: 0, other: 0 }, baseline: { errors: 0, accepted: 0, other: 0 } };
  const build =
    ({ name, slack }: Side) =>
    () => {
      const n = (serial[name] += 1);
      const body = (n % 2 === 0 ? valid : invalid)(submitter(name, n), n, slack.mintTriggerId());
      return signed(body);
    };
  const onResponse = (side: Side) => (status: number, body: string) => {
    const count = answers[side.name];
    if (status !== 200) count.other += 1;
    else if (body.includes('"response_action":"errors"')) count.errors += 1;
    else count.accepted += 1;
  };
  const rounds = await compareSides(app, baseline, plan, { build, onResponse, dropMessages: true }, log);
  const { figures, rows } = pathFigures('submit', SECTION, rounds, {
    ratioTarget: { op: '>=', limit: 0.6 },
    p99Target: { op: '<', limit: 50 },
    p99TargetConcurrency: 16,
  });
  const rps = (c: number) => figures[`submit.c${c}.app.rps`]?.value;
  const [at16, at64] = [rps(16), rps(64)];
  if (at16 != null && at64 != null) {
    // Throughput must not fall as concurrency rises: something blocking the loop under load shows here.
    figures['submit.app.c64OverC16'] = figure(
      SECTION,
      'app requests/s at c=64 ÷ at c=16',
      at16 > 0 ? at64 / at16 : null,
      '×',
      { op: '>=', limit: 1 },
    );
    rows.push({ label: 'app throughput at c=64 ÷ at c=16 (not lower at c=64)', ids: ['submit.app.c64OverC16'] });
  }

  const total = answers.app.errors + answers.app.accepted;
  figures['submit.app.validationErrorShare'] = figure(
    SECTION,
    'app answers with response_action "errors"',
    total > 0 ? (100 * answers.app.errors) / total : null,
    '%',
  );
  rows.push({
    label: 'app answers that were validation errors (expect ≈ 50 %)',
    ids: ['submit.app.validationErrorShare'],
  });
  const logged = logTotals(rounds, 'a');
  const notes = [
    "Before acking, the app reads the store (registered contact, open request, language) and validates; for a valid form it also checks the name's owner, applies the per-user submission limit and stores the request and an audit entry (SQLite file in the OS temp directory, as in production: one connection, each write its own transaction). After the ack it asks CloudMonitor (DescribeContactList, at most CMS_CALLS_PER_SECOND) whether the name exists and posts the approval message. The baseline acks at once.",
    `Web API calls per submission (within ${plan.paths.drainMs / 1000} s of each round): app ${slackCallsPerRequest(rounds, 'a')}; bare Bolt ${slackCallsPerRequest(rounds, 'b')}.`,
    `Each submission comes from a different user whose language the app remembered as when they opened the form (${warmed} users prepared${serial.app > warmed ? `; ${serial.app - warmed} submissions beyond them found nothing cached` : ''}).`,
    `App answers: ${answers.app.accepted} accepted, ${answers.app.errors} validation errors, ${answers.app.other} other; ${logged.error} errors logged${logged.error > 0 ? ` (last: ${logged.recent.join(' | ')})` : ''}.`,
  ];
  return { figures, sections: [{ title: SECTION, rows, notes }] };
}
