import type { webApi } from '@slack/bolt';
import { buildContactModal, buildLoadingModal } from '../../blocks/contact-modal.js';
import type { AppDeps } from '../../compose.js';
import type { Locale } from '../../i18n/index.js';
import { PLACEHOLDER_LOCALE_BUDGET_MS, PREFILL_BUDGET_MS, within } from '../../slack/ack-budgets.js';
import { loadModalStart, type ModalStart } from './contact-prefill.js';

/**
 * Opens the contact modal for `userId` with a trigger_id (from a slash command or a button). The prefill
 * (users.info, the store) gets {@link PREFILL_BUDGET_MS}; if slower, a placeholder modal is opened first and
 * filled in with views.update, because a trigger_id expires 3 s after it was issued (https://docs.slack.dev/surfaces/modals).
 * @throws the Web API error when Slack refuses (e.g. `expired_trigger_id`); callers tell the user
 */
export async function openContactForm(
  deps: AppDeps,
  client: webApi.WebClient,
  userId: string,
  triggerId: string,
): Promise<void> {
  // The prefill reads users.info for new users and remembers their language, so the locale comes after it.
  const loading = loadModalStart(deps, userId).then(async (start) => ({
    start,
    locale: await deps.locales.of(userId),
  }));
  const quick = await within(loading, PREFILL_BUDGET_MS);
  if (quick) {
    await client.views.open({ trigger_id: triggerId, view: modalFor(quick.locale, quick.start, deps) });
    return;
  }
  const opened = await client.views.open({
    trigger_id: triggerId,
    view: buildLoadingModal(await deps.locales.of(userId, PLACEHOLDER_LOCALE_BUDGET_MS)),
  });
  const { start, locale } = await loading;
  if (!opened.view?.id) throw new Error('views.open returned no view id');
  await client.views.update({ view_id: opened.view.id, hash: opened.view.hash, view: modalFor(locale, start, deps) });
}

function modalFor(locale: Locale, start: ModalStart, deps: AppDeps) {
  return buildContactModal(locale, start.prefill, start.mode, start.notes, start.offeredGroups, deps.config.cms.site);
}
