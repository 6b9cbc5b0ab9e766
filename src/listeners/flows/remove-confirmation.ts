import type { types, webApi } from '@slack/bolt';
import { buildRemoveModal, buildRemoveOutcome, type RemoveModalMetadata } from '../../blocks/remove-modal.js';
import type { AppDeps } from '../../compose.js';
import type { Locale } from '../../i18n/index.js';

/**
 * Opens the remove confirmation with a trigger_id (from `/alert-contact remove` or the App Home's Remove button)
 * for `userId`'s own registered contact. When there is nothing to confirm (no contact, a change being carried
 * out, a removal already asked for) the modal says so instead. Reads the store only, so it fits the trigger_id's
 * 3 s.
 * @param locale the user's language
 * @param userId the user from the signed payload
 * @throws the Web API error when Slack refuses views.open (e.g. `expired_trigger_id`); callers tell the user
 */
export async function openRemoveConfirmation(
  deps: Pick<AppDeps, 'requests'>,
  client: webApi.WebClient,
  locale: Locale,
  userId: string,
  triggerId: string,
  origin: RemoveModalMetadata['origin'],
): Promise<void> {
  const [registered, open] = await Promise.all([
    deps.requests.registeredContactOf(userId),
    deps.requests.openRequestOf(userId),
  ]);
  let view: types.ModalView;
  if (!registered) view = buildRemoveOutcome(locale, { kind: 'no_contact' });
  else if (open?.status === 'approving')
    view = buildRemoveOutcome(locale, { kind: 'in_progress', contactName: open.contact.ContactName });
  else if (open?.kind === 'remove')
    view = buildRemoveOutcome(locale, {
      kind: 'already_requested',
      contactName: open.contact.ContactName,
      since: open.createdAt,
    });
  else view = buildRemoveModal(locale, registered.contact.ContactName, { origin });
  await client.views.open({ trigger_id: triggerId, view });
}
