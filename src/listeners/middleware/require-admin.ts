import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { messages } from '../../i18n/index.js';
import type { LocaleResolver } from '../../slack/user-locale.js';

/**
 * Listener middleware: lets the event through only when the user in the signed payload is one of
 * SLACK_ADMIN_USER_IDS. Others get an ephemeral "only admins" note (buttons) or an inline error (modal
 * submissions), and nothing else happens. Attach after the listener's own `ack`-free matching.
 * @param adminUserIds Slack user IDs (U…)
 * @param locales the refusal is in the user's language
 * @param errorBlockId for view submissions: the input block that shows the refusal
 */
export function requireAdmin(
  adminUserIds: readonly string[],
  locales: LocaleResolver,
  errorBlockId?: string,
): Middleware<AnyMiddlewareArgs> {
  const admins = new Set(adminUserIds);
  return async (args) => {
    const body = args.body as {
      user?: { id?: string };
      type?: string;
      channel?: { id?: string };
      container?: { channel_id?: string };
    };
    const userId = body.user?.id;
    if (userId && admins.has(userId)) {
      await args.next();
      return;
    }
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    const notAdmin = messages(userId ? await locales.of(userId) : 'en').admin.notAdmin;
    if (body.type === 'view_submission') {
      await ack?.(errorBlockId ? { response_action: 'errors', errors: { [errorBlockId]: notAdmin } } : undefined);
      return;
    }
    await ack?.();
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (userId && channel) {
      await args.client.chat
        .postEphemeral({ channel, user: userId, text: notAdmin })
        .catch((error: unknown) => args.logger.warn({ err: error }, 'could not post the not-an-admin note'));
    }
    args.logger.info({ userId }, 'non-admin tried an admin action');
  };
}
