import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { COMMAND } from '../../slack-ids.js';
import { SUBCOMMANDS, usage, type SubcommandArgs } from './subcommands/index.js';

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
    if (!subcommand) {
      const shown = word.slice(0, 40).replace(/[<>&`]/g, '');
      await args.ack({ response_type: 'ephemeral', text: `I don't know \`${COMMAND} ${shown}\`.\n${usage(isAdmin)}` });
      return;
    }
    if (subcommand.adminOnly && !isAdmin) {
      await args.ack({ response_type: 'ephemeral', text: 'Only alert-contact admins can do this.' });
      return;
    }
    const subArgs: SubcommandArgs = { ...args, deps, rest: rest.join(' '), isAdmin };
    await subcommand.run(subArgs);
  };
}
