import type { App } from '@slack/bolt';
import type { AppDeps } from '../../compose.js';
import { COMMAND } from '../../slack/ids.js';
import { handleAlertContactCommand } from './alert-contact.js';

/** Slash commands: `/alert-contact`. */
export function register(app: App, deps: AppDeps): void {
  app.command(COMMAND, handleAlertContactCommand(deps));
}
