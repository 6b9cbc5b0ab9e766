import type { webApi } from '@slack/bolt';
import type { AppDeps } from '../compose.js';
import { describeSlackError } from '../slack/errors.js';

/**
 * At start, checks what Slack will otherwise only refuse later: that the bot is a member of
 * SLACK_ADMIN_CHANNEL_ID (conversations.info `is_member`, https://docs.slack.dev/reference/methods/conversations.info;
 * a non-member's posts are refused with `not_in_channel` or `channel_not_found`,
 * https://docs.slack.dev/reference/methods/chat.postMessage) and that every SLACK_ADMIN_USER_IDS user exists and is
 * active (users.info `deleted`, https://docs.slack.dev/reference/methods/users.info). Each problem is logged as a
 * warning naming the setting and the fix. Never throws: the app runs either way.
 * @param client a bot-token WebClient
 * @returns the problems found, one line each (also logged)
 */
export async function checkSlackSetup(deps: AppDeps, client: webApi.WebClient): Promise<string[]> {
  const problems: string[] = [];
  const warn = (fields: Record<string, unknown>, line: string) => {
    problems.push(line);
    deps.logger.warn(fields, line);
  };
  const channel = deps.config.slack.adminChannelId;
  try {
    const info = await client.conversations.info({ channel });
    if (info.channel?.is_archived) {
      warn(
        { channel },
        `SLACK_ADMIN_CHANNEL_ID ${channel} is archived: unarchive it or set SLACK_ADMIN_CHANNEL_ID to a live channel, then invite the bot there`,
      );
    } else if (info.channel?.is_member === false) {
      warn(
        { channel, name: info.channel.name },
        `the bot is not a member of SLACK_ADMIN_CHANNEL_ID ${channel} (#${info.channel.name ?? '?'}): approval requests cannot be posted until someone runs /invite @<the bot> in that channel`,
      );
    }
  } catch (error) {
    const code = describeSlackError(error);
    if (code === 'channel_not_found') {
      warn(
        { channel, code },
        `SLACK_ADMIN_CHANNEL_ID ${channel} was not found, or is a private channel the bot is not in: check the ID (channel details → About) and run /invite @<the bot> in that channel`,
      );
    } else if (code === 'missing_scope') {
      warn(
        { channel, code },
        'could not check SLACK_ADMIN_CHANNEL_ID: the app lacks the channels:read / groups:read scopes; reinstall it from manifests/manifest.json',
      );
    } else {
      deps.logger.warn({ err: error, channel, code }, 'could not check SLACK_ADMIN_CHANNEL_ID at start; continuing');
    }
  }
  for (const user of deps.config.slack.adminUserIds) {
    try {
      const info = await client.users.info({ user });
      if (info.user?.deleted) {
        warn(
          { user, code: 'deactivated' },
          `SLACK_ADMIN_USER_IDS lists ${user}, who is deactivated in Slack: replace them with an active admin`,
        );
      }
    } catch (error) {
      const code = describeSlackError(error);
      if (code === 'user_not_found') {
        warn(
          { user, code },
          `SLACK_ADMIN_USER_IDS lists ${user}, which Slack does not know: check the member ID (profile → ⋮ → Copy member ID)`,
        );
      } else {
        deps.logger.warn(
          { err: error, user, code },
          'could not check an admin in SLACK_ADMIN_USER_IDS at start; continuing',
        );
      }
    }
  }
  return problems;
}
