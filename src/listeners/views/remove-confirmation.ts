import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { buildRemoveOutcome, type RemoveModalMetadata, type RemoveOutcome } from '../../blocks/remove-modal.js';
import type { AppDeps } from '../../compose.js';
import { messages } from '../../i18n/index.js';
import { type RemovalResult, requestRemoval } from '../../requests/request-removal.js';
import { LOCALE_BUDGET_MS, REMOVE_ACK_BUDGET_MS, within } from '../../slack/ack-budgets.js';
import { COMMAND } from '../../slack/ids.js';
import { publishHome } from '../flows/home-tab.js';

/**
 * `view_submission` of the remove confirmation: asks the admins to remove the submitting user's own contact
 * (`requestRemoval(…, 'requester')`; DeleteContact once an admin approves). The user is always `body.user.id`
 * from the signed payload: nothing in the view names whose contact it is, so nobody can remove someone else's.
 * Answers with `response_action: "update"`: sent, or why not (no contact, a change in progress, already asked).
 * When that takes longer than {@link REMOVE_ACK_BUDGET_MS}, it answers "sending…" first and views.update's the
 * modal with the outcome. From the App Home, the Home tab is re-published afterwards. In the user's language.
 */
export function handleRemoveConfirmation(deps: AppDeps) {
  return async ({
    ack,
    body,
    view,
    client,
    logger,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const userId = body.user.id;
    const origin = originOf(view.private_metadata);
    // Bounded, and looked up while the store is read: the ack must reach Slack within 3 s.
    const language = deps.locales.of(userId, LOCALE_BUDGET_MS);
    let contactName: string | undefined;
    try {
      contactName = (await deps.requests.registeredContactOf(userId))?.contact.ContactName;
    } catch (error) {
      logger.error({ err: error, userId }, 'could not read the contact to remove');
      const locale = await language;
      await ack({
        response_action: 'update',
        view: buildRemoveOutcome(locale, { kind: 'error', detail: messages(locale).remove.readFailed }),
      });
      return;
    }
    if (!contactName) {
      await ack({ response_action: 'update', view: buildRemoveOutcome(await language, { kind: 'no_contact' }) });
      return;
    }

    const name = contactName;
    const work = requestRemoval(deps, userId, 'requester').then(
      (result) => outcomeOf(result, name, deps.now()),
      async (error: unknown): Promise<RemoveOutcome> => {
        logger.error({ err: error, userId }, 'could not open the removal request');
        return { kind: 'error', detail: messages(await language).remove.storeFailed };
      },
    );
    const locale = await language;
    const quick = await within(work, REMOVE_ACK_BUDGET_MS);
    if (quick) {
      await ack({ response_action: 'update', view: buildRemoveOutcome(locale, quick) });
    } else {
      await ack({
        response_action: 'update',
        view: buildRemoveOutcome(locale, { kind: 'sending', contactName: name }),
      });
      const outcome = await work;
      try {
        await client.views.update({ view_id: view.id, view: buildRemoveOutcome(locale, outcome) });
      } catch (error) {
        logger.error({ err: error, userId }, 'could not show the removal outcome in the modal');
        if (outcome.kind === 'sent') return; // the admins have it, and the requester is DMed the decision
        await deps.poster
          .post({ channel: userId, text: messages(locale).remove.notSent(name, COMMAND) })
          .catch((dmError: unknown) => logger.error({ err: dmError, userId }, 'could not tell the user either'));
      }
    }
    const outcome = quick ?? (await work);
    if (outcome.kind === 'sent') logger.info({ userId }, 'removal requested by the requester');
    if (origin === 'home') {
      await publishHome(deps, client, userId, { live: 'after' }).catch((error: unknown) =>
        logger.warn({ err: error, userId }, 'could not refresh the App Home after the removal request'),
      );
    }
  };
}

function outcomeOf(result: RemovalResult, contactName: string, now: number): RemoveOutcome {
  if (result.ok) return { kind: 'sent', contactName: result.request.contact.ContactName };
  switch (result.reason) {
    case 'no_contact':
      return { kind: 'no_contact' };
    case 'in_progress':
      return { kind: 'in_progress', contactName: result.request?.contact.ContactName ?? contactName };
    case 'already_requested':
      return {
        kind: 'already_requested',
        contactName: result.request?.contact.ContactName ?? contactName,
        since: result.request?.createdAt ?? now,
      };
  }
}

function originOf(privateMetadata: string): RemoveModalMetadata['origin'] {
  try {
    return (JSON.parse(privateMetadata) as Partial<RemoveModalMetadata>).origin === 'home' ? 'home' : 'command';
  } catch {
    return 'command';
  }
}
