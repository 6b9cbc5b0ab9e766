import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { ContactGroup } from '../../cms/client.js';
import { groupCacheFor, MAX_GROUP_OPTIONS, selfServiceGroupNames, suggestGroupNames } from '../../cms/group-cache.js';
import type { AppDeps } from '../../compose.js';
import { TYPEAHEAD_BUDGET_MS, within } from '../../slack/ack-budgets.js';

/**
 * `block_suggestion` of the contact form's groups typeahead (the multi_external_select shown past
 * {@link MAX_GROUP_OPTIONS} self-service groups): answers with the self-service groups (SELF_SERVICE_GROUPS
 * applied, exactly as the submission checks them) whose names contain what was typed (`body.value`), at most
 * {@link MAX_GROUP_OPTIONS}, from the group cache. A cache older than its refresh age is served while it refreshes;
 * when there is no list yet, the first load gets {@link TYPEAHEAD_BUDGET_MS} and otherwise the answer is empty
 * (never an error: Slack wants an answer within 3 s,
 * https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#external_select).
 */
export function handleContactGroupSuggestion(deps: AppDeps) {
  return async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs): Promise<void> => {
    const cache = groupCacheFor(deps);
    let groups: readonly ContactGroup[] | undefined;
    try {
      groups = (await within(cache.list(), TYPEAHEAD_BUDGET_MS)) ?? cache.peek();
    } catch (error) {
      deps.logger.warn({ err: error, userId: body.user.id }, 'could not list the contact groups for the typeahead');
      groups = cache.peek();
    }
    const offered = selfServiceGroupNames(groups ?? [], deps.config.selfServiceGroups);
    const typed = typeof body.value === 'string' ? body.value : '';
    const names = suggestGroupNames(offered, typed, MAX_GROUP_OPTIONS);
    await ack({
      options: names.map((name) => ({ text: { type: 'plain_text', text: name, emoji: false }, value: name })),
    });
  };
}
