import { AUDIT_ENTRIES_SHOWN, buildAuditEntries } from '../../../blocks/audit-entries.js';
import { messages } from '../../../i18n/index.js';
import { COMMAND } from '../../../slack/ids.js';
import type { SubcommandArgs } from './index.js';

/**
 * Reads the `@user` of `audit @user`: Slack's escaped mention (`<@U123|name>` or `<@U123>`) or a bare member
 * ID (`U123`). A plain `@name` (sent when the command does not escape mentions) cannot be resolved here.
 * @returns the user ID; undefined for empty text; null when the text is not a mention or member ID
 */
export function parseUserArgument(rest: string): string | undefined | null {
  const text = rest.trim();
  if (text === '') return undefined;
  const match = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/.exec(text) ?? /^([UW][A-Z0-9]{2,})$/.exec(text);
  return match?.[1] ?? null;
}

/**
 * `/alert-contact audit [@user]` (admins; the router checks): the most recent audit entries, newest first, or
 * only those about one person, as an ephemeral answer. Reads the store before acking (a few keys: well within
 * Slack's 3 s); a store failure is logged and the admin told. In the admin's language.
 */
export async function runAudit({ ack, rest, deps, logger, command, locale }: SubcommandArgs): Promise<void> {
  const subject = parseUserArgument(rest);
  if (subject === null) {
    await ack({
      response_type: 'ephemeral',
      text: messages(locale).audit.usage(COMMAND),
    });
    return;
  }
  try {
    // One more than shown, so the answer can say that older entries exist.
    const entries = await deps.audit.list({
      limit: AUDIT_ENTRIES_SHOWN + 1,
      order: 'newest-first',
      ...(subject ? { subject } : {}),
    });
    await ack({ response_type: 'ephemeral', ...buildAuditEntries(locale, entries, subject) });
  } catch (error) {
    logger.error({ err: error, userId: command.user_id }, 'could not read the audit log');
    await ack({ response_type: 'ephemeral', text: messages(locale).audit.readFailed });
  }
}
