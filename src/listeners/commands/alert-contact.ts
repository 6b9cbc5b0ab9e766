import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../compose.js';
import { messages } from '../../i18n/index.js';
import { LOCALE_BUDGET_MS } from '../../slack/ack-budgets.js';
import { COMMAND } from '../../slack/ids.js';
import { runForm } from './subcommands/form.js';
import { SUBCOMMANDS, type SubcommandArgs, usage } from './subcommands/index.js';

/**
 * `/alert-contact [subcommand]`: the first word picks the subcommand (see `subcommands/index.ts`); no text opens
 * the contact form. Admin-only subcommands answer non-admins with an ephemeral refusal; unknown words get the
 * usage message. Each subcommand acks itself (within Slack's 3 s).
 */
export function handleAlertContactCommand(deps: AppDeps) {
  return async (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const [word = '', ...rest] = args.command.text.trim().split(/\s+/);
    const name = word.toLowerCase();
    const subcommand = SUBCOMMANDS.find((candidate) => candidate.name === name);
    const isAdmin = deps.config.slack.adminUserIds.includes(args.command.user_id);
    // The form path acks empty before anything else (no store read, no Slack call): it learns the language later.
    if (subcommand?.run === runForm) {
      await runForm({ ...args, deps, rest: rest.join(' '), isAdmin });
      return;
    }
    // Paths that answer with text wait for the language, bounded so the ack still reaches Slack within 3 s.
    const locale = await deps.locales.of(args.command.user_id, LOCALE_BUDGET_MS);
    const m = messages(locale);
    if (!subcommand) {
      const shown = word.slice(0, 40).replace(/[<>&`]/g, '');
      await args.ack({
        response_type: 'ephemeral',
        text: `${m.command.unknown(`${COMMAND} ${shown}`)}\n${usage(isAdmin, locale)}`,
      });
      return;
    }
    if (subcommand.adminOnly && !isAdmin) {
      await args.ack({ response_type: 'ephemeral', text: m.admin.notAdmin });
      return;
    }
    const subArgs: SubcommandArgs = { ...args, deps, rest: rest.join(' '), isAdmin, locale };
    await subcommand.run(subArgs);
  };
}
