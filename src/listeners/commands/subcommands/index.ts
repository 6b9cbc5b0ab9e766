import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../deps.js';
import { COMMAND } from '../../../slack-ids.js';
import { runAudit } from './audit.js';
import { runForm } from './form.js';
import { runPending } from './pending.js';
import { runRemove } from './remove.js';
import { runStatus } from './status.js';

/** What a subcommand handler gets: Bolt's command args, the app deps, the text after the subcommand's name. */
export type SubcommandArgs = SlackCommandMiddlewareArgs &
  AllMiddlewareArgs & {
    deps: AppDeps;
    /** The rest of the command text, trimmed (e.g. the `@user` of `audit @user`). */
    rest: string;
    isAdmin: boolean;
  };

export interface Subcommand {
  /** The first word after the command; '' is the bare command. */
  name: string;
  /** The usage line's arguments, e.g. `[@user]`. */
  args?: string;
  description: string;
  adminOnly?: boolean;
  /** Must ack within 3 s. */
  run(args: SubcommandArgs): Promise<void>;
}

/** Every subcommand of /alert-contact, in the order `help` lists them. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: '', description: 'open the form: register, or change your contact (prefilled)', run: runForm },
  { name: 'edit', description: 'change your contact (prefilled from CloudMonitor)', run: runForm },
  { name: 'status', description: 'your contact, each channel and whether it is activated, your open request, the next reminder', run: runStatus },
  { name: 'remove', description: 'ask to remove your contact from CloudMonitor', run: runRemove },
  { name: 'help', description: 'this message', run: async ({ ack, isAdmin }) => ack({ response_type: 'ephemeral', text: usage(isAdmin) }) },
  { name: 'pending', description: 'open requests, oldest first, with Approve / Reject', adminOnly: true, run: runPending },
  { name: 'audit', args: '[@user]', description: 'recent audit entries, optionally for one person', adminOnly: true, run: runAudit },
];

/** The usage message; admin-only subcommands are listed for admins only. */
export function usage(isAdmin: boolean): string {
  const lines = SUBCOMMANDS.filter((sub) => isAdmin || !sub.adminOnly).map((sub) => {
    const call = [COMMAND, sub.name, sub.args].filter(Boolean).join(' ');
    return `• \`${call}\`: ${sub.description}${sub.adminOnly ? ' (admins)' : ''}`;
  });
  return [`*${COMMAND}*: register yourself as a CloudMonitor alert contact, change it or remove it.`, ...lines].join('\n');
}
