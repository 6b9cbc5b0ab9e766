/**
 * Scenario 8, a big account: the fake CloudMonitor holds C contacts and G contact groups (10,000 and 1,000 in the
 * full run, as the claim-and-adopt issue asks). People whose Slack e-mail matches an existing contact run
 * `/alert-contact` one after the other: (a) time from the command to views.open at the fake Slack (target: within
 * Slack's 3 s), and whether the form offered them their contact (claim); (b) the groups typeahead: signed
 * `block_suggestion`s for the form's external select, answered with options (target: within 1 s). A build whose
 * form has no external select for groups has no typeahead: (b) is then reported as not measured.
 */
import { performance } from 'node:perf_hooks';
import { request as httpRequest } from 'undici';
import { BLOCK_ID } from '../../src/slack/ids.js';
import type { FakeSlack, FakeView } from '../../test/fakes/slack-web-api.js';
import { buildBlockSuggestion } from '../../test/helpers/slack-driver.js';
import { startChild } from '../lib/children.js';
import { describeLogged } from '../lib/counting-log.js';
import { appEnv, startBenchCms, startBenchSlack, tempSqliteUrl } from '../lib/fakes.js';
import { type Figures, figure, median, percentile } from '../lib/figures.js';
import type { BenchPlan } from '../lib/plan.js';
import type { ScenarioOutcome } from '../lib/report.js';
import { interactionBody, type SignedRequest, signed, slashCommandBody } from '../lib/slack-payloads.js';
import { startFlags } from '../lib/start-flags.js';

/** Slack's window from a command to views.open with its trigger_id, ms. */
const TRIGGER_LIFETIME_MS = 3_000;
/** Slack shows an external select's options only if they come within 3 s; the issue asks for 1 s. */
const TYPEAHEAD_TARGET_MS = 1_000;
/** What people type into the groups typeahead: just opened, a prefix, a longer prefix, an exact name, no match. */
const TYPED = ['', 'g', 'grp_', 'grp_07', 'grp_0777', 'nothing'];

const contactName = (n: number) => `person_${String(n).padStart(5, '0')}`;
const contactMail = (n: number) => `person${String(n).padStart(5, '0')}@example.com`;
const groupName = (g: number) => `grp_${String(g).padStart(4, '0')}`;

/** POSTs a signed request to the app; resolves with status, body and the time to the full answer (ms). */
async function send(url: string, request: SignedRequest): Promise<{ status: number; body: string; ms: number }> {
  const start = performance.now();
  const response = await httpRequest(`${url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const body = await response.body.text();
  return { status: response.statusCode, body, ms: performance.now() - start };
}

/** The element of the form's contact-groups input, if the form has one. */
function groupsElement(view: FakeView): { type?: string; action_id?: string } | undefined {
  const block = (view.blocks as Array<{ block_id?: string; element?: { type?: string; action_id?: string } }>).find(
    (candidate) => candidate.block_id === BLOCK_ID.groups,
  );
  return block?.element;
}

/**
 * Sends `/alert-contact` as `userId` and waits for the views.open with its trigger_id.
 * @returns ms from the send to the views.open arriving at the fake (undefined if none within 10 s), and the view
 */
async function openForm(
  url: string,
  slack: FakeSlack,
  userId: string,
): Promise<{ ackMs: number; openMs: number | undefined; view: FakeView | undefined }> {
  const before = new Set(slack.views.keys());
  const triggerId = slack.mintTriggerId();
  const sentAt = Date.now();
  const ack = await send(url, signed(slashCommandBody({ userId, triggerId, responseUrl: slack.mintResponseUrl() })));
  if (ack.status !== 200) throw new Error(`/alert-contact answered ${ack.status}: ${ack.body.slice(0, 200)}`);
  const call = await slack
    .waitFor(
      () =>
        slack.calls.find(
          (candidate) => candidate.method === 'views.open' && candidate.ok && candidate.args.trigger_id === triggerId,
        ),
      10_000,
    )
    .catch(() => undefined);
  const view = call ? [...slack.views.values()].find((candidate) => !before.has(candidate.id)) : undefined;
  return { ackMs: ack.ms, openMs: call ? call.at - sentAt : undefined, view };
}

/** Runs scenario 8 with its own fakes and app child. */
export async function benchScale(
  plan: BenchPlan,
  log: (line: string) => void,
  cpuProfileDir?: string,
): Promise<ScenarioOutcome> {
  const { contacts, groups, claimants, typeaheadRounds, rateLimitPerSecond } = plan.scale;
  const section = `8. Big account: ${contacts.toLocaleString('en-US')} contacts and ${groups.toLocaleString('en-US')} contact groups in CloudMonitor; ${claimants} people whose Slack e-mail matches a contact open the form; groups typeahead`;
  log(`8. big account (${contacts} contacts, ${groups} groups)`);
  const slack = await startBenchSlack();
  const cms = await startBenchCms({ rateLimitPerSecond });
  // Contacts made outside the bot (console, Terraform), e-mail only; the claimants' contacts spread through them,
  // each in one group so the form has current groups to show.
  const claimed = Array.from({ length: claimants }, (_, k) => Math.floor(((k + 0.5) * contacts) / claimants));
  for (let n = 0; n < contacts; n += 1)
    cms.seedContact({ Name: contactName(n), Desc: `Person ${n}`, Channels: { Mail: contactMail(n) } });
  const memberOf = new Map(claimed.map((n, k) => [(k * 7 + 777) % groups, n]));
  for (let g = 0; g < groups; g += 1) {
    const member = memberOf.get(g);
    cms.seedGroup({ Name: groupName(g), ContactNames: member === undefined ? [] : [contactName(member)] });
  }
  const people = claimed.map((n, k) => {
    const id = `U0C${k.toString(36).toUpperCase().padStart(6, '0')}`;
    slack.addUser({
      id,
      name: `person${n}`,
      realName: `Person ${n}`,
      email: contactMail(n),
      locale: 'en-US',
      title: 'SRE',
    });
    return { id, n };
  });
  const child = await startChild({
    name: 'app-scale',
    entry: 'bench/app-under-test.ts',
    env: appEnv(slack, cms, tempSqliteUrl('scale')),
    nodeFlags: startFlags(),
    ...(cpuProfileDir ? { cpuProfileDir } : {}),
  });
  try {
    const url = `http://127.0.0.1:${child.port}`;
    const cmsBefore = cms.requests.length;
    await child.stats(true);
    // (a) One after the other, as people do; the first meets an empty group cache.
    const opens: Array<{ ackMs: number; openMs: number | undefined; view: FakeView | undefined; offered: boolean }> =
      [];
    for (const person of people) {
      const opened = await openForm(url, slack, person.id);
      opens.push({
        ...opened,
        offered: opened.view !== undefined && JSON.stringify(opened.view.blocks).includes(contactName(person.n)),
      });
    }
    const formCalls = cms.requests.slice(cmsBefore);
    const unfiltered = formCalls.filter(
      (request) =>
        request.action === 'DescribeContactList' && !request.params.ContactName && !request.params.ChanelType,
    ).length;
    const openTimes = opens.map((open) => open.openMs).filter((ms): ms is number => ms !== undefined);
    const missing = opens.length - openTimes.length;
    const offered = opens.filter((open) => open.offered).length;
    // A build with claim looks each person up by channel (DescribeContactList with ChanelType/ChanelValue).
    const claimLookups = formCalls.filter(
      (request) => request.action === 'DescribeContactList' && request.params.ChanelType,
    ).length;
    const hasClaim = claimLookups > 0;
    const rest = openTimes.slice(1).sort((a, b) => a - b);

    // (b) The typeahead, on the last form that opened.
    const last = [...opens].reverse().find((open) => open.view !== undefined);
    const element = last?.view ? groupsElement(last.view) : undefined;
    const typeahead = element?.type === 'multi_external_select' || element?.type === 'external_select';
    const suggestionTimes: number[] = [];
    let optionCounts: number[] = [];
    let suggestionFailures = 0;
    if (typeahead && last?.view && element?.action_id) {
      const personIndex = opens.indexOf(last);
      const userId = people[personIndex]?.id ?? people[0]?.id ?? '';
      for (let round = 0; round < typeaheadRounds; round += 1) {
        for (const value of TYPED) {
          const answer = await send(
            url,
            signed(
              interactionBody(
                buildBlockSuggestion({
                  user: { id: userId },
                  view: last.view,
                  blockId: BLOCK_ID.groups,
                  actionId: element.action_id,
                  value,
                }),
              ),
            ),
          );
          let options: unknown;
          try {
            options = (JSON.parse(answer.body) as { options?: unknown }).options;
          } catch {
            options = undefined;
          }
          if (answer.status !== 200 || !Array.isArray(options)) suggestionFailures += 1;
          else {
            suggestionTimes.push(answer.ms);
            if (round === 0) optionCounts.push(options.length);
          }
        }
      }
    } else {
      optionCounts = [];
    }
    suggestionTimes.sort((a, b) => a - b);
    const stats = await child.stats(true);

    const noClaim = !hasClaim;
    const noTypeahead = 'not measured: no typeahead in this build';
    const formLabel = noClaim
      ? 'form opened (command → views.open), WITHOUT claim (this build looks up no contact by channel)'
      : 'claim form opened (command → views.open)';
    const figures: Figures = {
      'scale.formOpenFirst': figure(
        section,
        `${formLabel}: first person (empty group cache)`,
        openTimes[0] ?? null,
        'ms',
        { op: '<', limit: TRIGGER_LIFETIME_MS },
        opens[0]?.openMs === undefined ? 'no views.open within 10 s' : undefined,
      ),
      'scale.formOpenMax': figure(
        section,
        `${formLabel}: max over everyone`,
        missing > 0 ? null : Math.max(...openTimes),
        'ms',
        { op: '<', limit: TRIGGER_LIFETIME_MS },
        missing > 0 ? `${missing} of ${opens.length} forms did not open within 10 s` : undefined,
      ),
      'scale.formOpenMedianWarm': figure(
        section,
        `${formLabel}: median after the first`,
        rest.length > 0 ? median(rest) : null,
        'ms',
      ),
      'scale.formAckMax': figure(section, 'slash-command ack max', Math.max(...opens.map((open) => open.ackMs)), 'ms'),
      'scale.claimOffered': figure(
        section,
        'forms that offered the person their existing contact (claim)',
        offered,
        'count',
        hasClaim ? { op: '>=', limit: opens.length } : undefined,
        hasClaim ? undefined : 'this build has no claim',
      ),
      'scale.unfilteredLists': figure(
        section,
        'DescribeContactList calls without a ContactName or channel filter while forms opened (listing the account)',
        unfiltered,
        'count',
      ),
      'scale.typeaheadMax': figure(
        section,
        'groups typeahead: block_suggestion → options answer, max',
        typeahead ? (suggestionTimes.at(-1) ?? null) : null,
        'ms',
        { op: '<', limit: TYPEAHEAD_TARGET_MS },
        typeahead
          ? suggestionFailures > 0
            ? `${suggestionFailures} suggestions failed or had no options array`
            : undefined
          : noTypeahead,
      ),
      'scale.typeaheadP50': figure(
        section,
        'groups typeahead answer, p50',
        typeahead ? percentile(suggestionTimes, 50) : null,
        'ms',
        undefined,
        typeahead ? undefined : noTypeahead,
      ),
      'scale.eventLoopP99': figure(section, 'app event-loop delay p99', stats.eventLoop.p99Ms, 'ms'),
    };
    if (typeahead && suggestionFailures > 0)
      figures['scale.typeaheadMax'] = {
        ...(figures['scale.typeaheadMax'] as NonNullable<Figures[string]>),
        met: false,
      };
    const rows = [
      { label: figures['scale.formOpenFirst']?.label ?? 'first form', ids: ['scale.formOpenFirst'] },
      { label: figures['scale.formOpenMax']?.label ?? 'form max', ids: ['scale.formOpenMax'] },
      { label: figures['scale.formOpenMedianWarm']?.label ?? 'form median', ids: ['scale.formOpenMedianWarm'] },
      { label: 'slash-command ack max', ids: ['scale.formAckMax'] },
      {
        label: `forms that offered the person their existing contact (claim), of ${opens.length}`,
        ids: ['scale.claimOffered'],
      },
      {
        label: 'DescribeContactList calls listing the account (no name or channel filter) while forms opened',
        ids: ['scale.unfilteredLists'],
      },
      { label: 'groups typeahead answer: max / p50', ids: ['scale.typeaheadMax', 'scale.typeaheadP50'] },
      { label: 'app event-loop delay p99', ids: ['scale.eventLoopP99'] },
    ];
    const byAction = new Map<string, number>();
    for (const request of formCalls) byAction.set(request.action, (byAction.get(request.action) ?? 0) + 1);
    const notes = [
      `The contacts have an e-mail channel only (person<n>@example.com); each of the ${claimants} people has a Slack profile with one of those e-mails and no phone, and their contact is in one group. They open the form one after the other; times are from sending the command to the views.open with its trigger_id arriving at the fake Slack. The fake CloudMonitor answers at once and throttles above ${rateLimitPerSecond} calls/s per action (a real one adds its round trip to every call).`,
      noClaim
        ? 'This build made no DescribeContactList by channel: it has no claim, so the form-open figures are WITHOUT the claim lookup.'
        : `Claim: ${offered} of ${opens.length} forms offered the person's contact (${claimLookups} DescribeContactList calls by channel); a form opened without it, e.g. when the lookup ran out of its time budget, counts as not offered.`,
      typeahead
        ? `Typeahead: ${typeaheadRounds} round(s) of block_suggestion for ${TYPED.map((value) => `"${value}"`).join(', ')} on the last form (the group cache already filled by the form); options in the first round: ${optionCounts.join(' / ')}.`
        : `Typeahead: ${noTypeahead} (the form's groups input is ${element?.type ?? 'absent'}, not an external select).`,
      `CloudMonitor calls while the forms opened, by action: ${[...byAction].map(([action, n]) => `${action} ${n}`).join(', ') || 'none'}.`,
      describeLogged(stats.log),
    ];
    return { figures, sections: [{ title: section, rows, notes }] };
  } finally {
    await child.stop(5_000);
    await slack.close();
    await cms.close();
  }
}
