import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../compose.js';
import { type Catalogue, type Locale, messages } from '../../../i18n/index.js';
import { COMMAND } from '../../../slack/ids.js';
import { runAdopt } from './adopt.js';
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
    /** The user's language. */
    locale: Locale;
  };

export interface Subcommand {
  /** The first word after the command; '' is the bare command. */
  name: string;
  /** The usage line's arguments, e.g. `[@user]`. */
  args?: string;
  /** Its line in the usage message (the catalogue's `command.subcommands`). */
  description: keyof Catalogue['command']['subcommands'];
  adminOnly?: boolean;
  /** Must ack within 3 s. */
  run(args: SubcommandArgs): Promise<void>;
}

/** Every subcommand of /alert-contact, in the order `help` lists them. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: '', description: 'form', run: runForm },
  { name: 'edit', description: 'edit', run: runForm },
  { name: 'status', description: 'status', run: runStatus },
  { name: 'remove', description: 'remove', run: runRemove },
  {
    name: 'help',
    description: 'help',
    run: async ({ ack, isAdmin, locale }) => ack({ response_type: 'ephemeral', text: usage(isAdmin, locale) }),
  },
  { name: 'pending', description: 'pending', adminOnly: true, run: runPending },
  { name: 'audit', args: '[@user]', description: 'audit', adminOnly: true, run: runAudit },
  { name: 'adopt', args: '[page]', description: 'adopt', adminOnly: true, run: runAdopt },
];

/** The usage message in `locale`; admin-only subcommands are listed for admins only. */
export function usage(isAdmin: boolean, locale: Locale): string {
  const m = messages(locale).command;
  const lines = SUBCOMMANDS.filter((sub) => isAdmin || !sub.adminOnly).map((sub) => {
    const call = [COMMAND, sub.name, sub.args].filter(Boolean).join(' ');
    return `• \`${call}\`: ${m.subcommands[sub.description]}${sub.adminOnly ? m.adminsOnly : ''}`;
  });
  return [m.intro(COMMAND), ...lines].join('\n');
}
