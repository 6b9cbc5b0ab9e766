import type { App } from '@slack/bolt';
import type { AppDeps } from '../compose.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as options from './options/index.js';
import * as views from './views/index.js';

/** Registers every listener, grouped by kind (commands → views → actions → options → events). */
export function registerListeners(app: App, deps: AppDeps): void {
  commands.register(app, deps);
  views.register(app, deps);
  actions.register(app, deps);
  options.register(app, deps);
  events.register(app, deps);
}
