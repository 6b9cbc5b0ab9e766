import type { App } from '@slack/bolt';
import type { AppDeps } from '../../compose.js';
import { handleAppHomeOpened } from './app-home-opened.js';
import { handleUserChange } from './user-change.js';

/** Events API: `user_change` (offboarding when a user is deactivated) and `app_home_opened` (the Home tab). */
export function register(app: App, deps: AppDeps): void {
  app.event('user_change', handleUserChange(deps));
  app.event('app_home_opened', handleAppHomeOpened(deps));
}
