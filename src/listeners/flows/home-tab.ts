import type { webApi } from '@slack/bolt';
import { buildHomeErrorView, buildHomeView, type HomeViewOptions } from '../../blocks/status-view.js';
import type { AppDeps } from '../../compose.js';
import { type ContactStatus, readStoredStatus, withLiveState } from '../../status/contact-status.js';

/** Options of {@link publishHome}. */
export interface PublishHomeOptions extends HomeViewOptions {
  /**
   * `after`: publish the stored status at once, then again with CloudMonitor's live state (one publish when
   * there is no contact to ask about); `only`: ask CloudMonitor first and publish once.
   */
  live: 'after' | 'only';
}

/**
 * Publishes `userId`'s App Home tab (views.publish) from their status, in their language (Slack locale):
 * stored state, live state from DescribeContactList, or both in turn (see {@link PublishHomeOptions}). When the
 * store cannot be read, the tab says so and offers Refresh. CloudMonitor being unreachable is not an error: the
 * tab shows the stored state and says the live state is unavailable.
 * @param userId the user from a signed payload
 * @throws the Web API error when Slack refuses views.publish
 */
export async function publishHome(
  deps: AppDeps,
  client: webApi.WebClient,
  userId: string,
  options: PublishHomeOptions,
): Promise<void> {
  const { live, ...view } = options;
  // Looked up while the store is read; remembered, so usually instant.
  const language = deps.locales.of(userId);
  let stored: ContactStatus;
  try {
    stored = await readStoredStatus(deps, userId);
  } catch (error) {
    deps.logger.error({ err: error, userId }, 'could not read the status for the App Home');
    await client.views.publish({ user_id: userId, view: buildHomeErrorView(await language) });
    return;
  }
  const locale = await language;
  if (live === 'after' || !stored.contact) {
    await client.views.publish({ user_id: userId, view: buildHomeView(locale, stored, view) });
    if (!stored.contact) return;
  }
  await client.views.publish({ user_id: userId, view: buildHomeView(locale, await withLiveState(deps, stored), view) });
}
