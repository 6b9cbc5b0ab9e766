import type { App } from '@slack/bolt';
import type { AppDeps } from '../../compose.js';
import { BLOCK_ID, INPUT_ACTION_ID } from '../../slack/ids.js';
import { handleContactGroupSuggestion } from './contact-groups.js';

/** Options requests (`block_suggestion`) of external selects: the contact form's groups typeahead. */
export function register(app: App, deps: AppDeps): void {
  app.options({ block_id: BLOCK_ID.groups, action_id: INPUT_ACTION_ID }, handleContactGroupSuggestion(deps));
}
