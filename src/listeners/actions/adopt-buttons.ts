import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildAdoptPage, parseAdoptValue } from '../../blocks/adopt-list.js';
import { escapeMrkdwn, mention } from '../../blocks/primitives.js';
import type { RemoteContact } from '../../cms/client.js';
import type { AppDeps } from '../../compose.js';
import { messages } from '../../i18n/index.js';
import { type AssignResult, assignOwner } from '../../requests/adopt.js';
import { normalizedChannel } from '../../requests/claim.js';
import { describeSlackError } from '../../slack/errors.js';
import { COMMAND } from '../../slack/ids.js';
import { loadAdoptPage, lookupSlackUser } from '../flows/adopt-list.js';
import { forgetNoClaim } from '../flows/contact-prefill.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The adopt list's buttons (admins only: middleware): Previous / Next, Assign, Assign all, Invite to claim. Each
 * acks at once, does its work, then replaces the ephemeral list through the click's response_url with the page
 * re-read (so the assigned contacts drop out), the outcome on top. Assigning re-checks that the contact's e-mail
 * (as CloudMonitor has it now) still belongs to that Slack user (users.lookupByEmail, cached), and is audited with
 * the admin who clicked (`owner-assigned`, then `decision-approve`); an invitation is audited as `claim-invited`.
 */
export function handleAdoptButton(deps: AppDeps, kind: 'page' | 'assign' | 'assignAll' | 'invite') {
  return async ({ ack, body, action, client, respond, logger }: Args): Promise<void> => {
    await ack();
    const adminId = body.user.id;
    const locale = await deps.locales.of(adminId);
    const m = messages(locale).adopt;
    const value = parseAdoptValue(action.value);
    const page = value?.p ?? 1;
    let notice: string | undefined;
    try {
      if (kind === 'assign' || kind === 'invite') {
        if (!value?.c || !value.u) return;
        const name = escapeMrkdwn(value.c);
        const who = mention(value.u);
        if (kind === 'assign')
          notice = describeAssign(locale, name, who, await assign(deps, client, value.c, value.u, adminId));
        else notice = await invite(deps, client, value.c, value.u, adminId, name, who);
      } else if (kind === 'assignAll') {
        const loaded = await loadAdoptPage(deps, client, page);
        let done = 0;
        for (const row of loaded.rows) {
          if (!row.match) continue;
          const result = await assign(deps, client, row.contact.ContactName, row.match.userId, adminId);
          if (result.ok) done += 1;
        }
        notice = m.assignedAll(done, loaded.rows.filter((row) => row.match).length - done);
      }
      const loaded = await loadAdoptPage(deps, client, page);
      await respond({ response_type: 'ephemeral', replace_original: true, ...buildAdoptPage(locale, loaded, notice) });
    } catch (error) {
      logger.error({ err: error, adminId, kind, page }, 'adopt button failed');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: notice ? `${notice}\n${m.readFailed}` : m.readFailed,
      }).catch(() => undefined);
    }
  };
}

/** True when the contact's e-mail address (as CloudMonitor has it now) is `userId`'s in Slack. */
async function stillMatches(
  deps: AppDeps,
  client: Args['client'],
  remote: RemoteContact,
  userId: string,
): Promise<boolean> {
  const email = normalizedChannel('Mail', remote.Channels.Mail) ?? remote.Channels.Mail;
  if (!email) return false;
  const found = await lookupSlackUser(deps, client, email);
  return found.userId === userId && !found.inactive;
}

function assign(
  deps: AppDeps,
  client: Args['client'],
  contactName: string,
  userId: string,
  adminId: string,
): Promise<AssignResult> {
  return assignOwner(deps, {
    contactName,
    userId,
    adminId,
    matchedBy: 'Mail',
    verify: (remote) => stillMatches(deps, client, remote, userId),
  });
}

function describeAssign(
  locale: Parameters<typeof messages>[0],
  name: string,
  who: string,
  result: AssignResult,
): string {
  const m = messages(locale).adopt;
  return result.ok ? m.assigned(name, who) : m.refused[result.reason](name);
}

/** DMs the matched person an invitation to claim the contact (in their language), audited with the admin. */
async function invite(
  deps: AppDeps,
  client: Args['client'],
  contactName: string,
  userId: string,
  adminId: string,
  name: string,
  who: string,
): Promise<string> {
  const m = messages(await deps.locales.of(adminId)).adopt;
  const remote = await deps.cms.describeContact(contactName);
  if (!remote) return m.refused.contactGone(name);
  if ((await deps.requests.ownerOf(contactName)) !== undefined) return m.refused.owned(name);
  if (!(await stillMatches(deps, client, remote, userId))) return m.refused.noLongerMatches(name);
  const theirs = messages(await deps.locales.of(userId)).adopt;
  try {
    await deps.poster.post({ channel: userId, text: theirs.invitation(name, COMMAND) });
  } catch (error) {
    return m.inviteFailed(name, who, describeSlackError(error));
  }
  await deps.audit.append({ actor: adminId, subject: userId, action: 'claim-invited', contactName });
  await forgetNoClaim(deps, userId); // their next form looks for the contact at once
  return m.invited(name, who);
}
