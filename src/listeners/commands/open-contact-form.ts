import type { webApi } from '@slack/bolt';
import { buildContactModal, buildLoadingModal } from '../../blocks/contact-modal.js';
import type { AppDeps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { within } from '../../time-budget.js';
import { loadModalStart, type ModalStart } from './contact-prefill.js';

/** How long the prefill may take before the modal is opened with a placeholder instead (trigger_ids live 3 s). */
export const PREFILL_BUDGET_MS = 1_200;

/**
 * Opens the contact modal for `userId` with a trigger_id (from a slash command or a button). The prefill
 * (users.info, the store) gets {@link PREFILL_BUDGET_MS}; if slower, a placeholder modal is opened first and
 * filled in with views.update, because a trigger_id expires 3 s after it was issued (slack-platform.md §3).
 * @throws the Web API error when Slack refuses (e.g. `expired_trigger_id`); callers tell the user
 */
export async function openContactForm(deps: AppDeps, client: webApi.WebClient, userId: string, triggerId: string): Promise<void> {
  // The prefill reads users.info for new users and remembers their language, so the locale comes after it.
  const loading = loadModalStart(client, deps, userId).then(async (start) => ({ start, locale: await deps.locales.of(userId) }));
  const quick = await within(loading, PREFILL_BUDGET_MS);
  if (quick) {
    await client.views.open({ trigger_id: triggerId, view: modalFor(quick.locale, quick.start, deps) });
    return;
  }
  const opened = await client.views.open({ trigger_id: triggerId, view: buildLoadingModal(await deps.locales.of(userId, 200)) });
  const { start, locale } = await loading;
  if (!opened.view?.id) throw new Error('views.open returned no view id');
  await client.views.update({ view_id: opened.view.id, hash: opened.view.hash, view: modalFor(locale, start, deps) });
}

function modalFor(locale: Locale, start: ModalStart, deps: AppDeps) {
  return buildContactModal(locale, start.prefill, start.mode, start.notes, start.offeredGroups, deps.config.cms.site);
}

/** The Slack error code of a failed Web API call (e.g. `expired_trigger_id`), or `unknown_error`. */
export function describeSlackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : 'unknown_error'; // a code, like Slack's: the same in every language
}
