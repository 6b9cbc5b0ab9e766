import type { BlockAction, Logger, webApi } from '@slack/bolt';

/**
 * Posts an ephemeral note to the person who clicked a button, in the channel of the message they clicked.
 * Never throws: a note that cannot be posted is not worth failing the action for; it is logged.
 */
export async function tellUser(
  client: webApi.WebClient,
  logger: Logger,
  body: BlockAction,
  text: string,
): Promise<void> {
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (!channel) return;
  await client.chat
    .postEphemeral({ channel, user: body.user.id, text })
    .catch((error: unknown) =>
      logger.warn({ err: error, userId: body.user.id }, 'could not post an ephemeral note to the clicker'),
    );
}
