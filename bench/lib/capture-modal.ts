import { BLOCK_ID } from '../../src/slack/ids.js';
import type { FakeSlack, FakeView } from '../../test/fakes/slack-web-api.js';
import { sendSlashCommand } from '../../test/helpers/slack-driver.js';
import { SIGNING_SECRET } from '../../test/helpers/test-bot.js';

/**
 * Runs `/alert-contact` once as `userId` against the app and returns the contact modal the app opened in the
 * fake Slack (for a first-time user: with the ContactName input), to build realistic `view_submission`s from.
 * @throws when the app does not open it within 10 s
 */
export async function captureContactModal(
  slack: FakeSlack,
  port: number | undefined,
  userId: string,
): Promise<FakeView> {
  const before = new Set(slack.views.keys());
  await sendSlashCommand(`http://127.0.0.1:${port}`, SIGNING_SECRET, {
    user_id: userId,
    trigger_id: slack.mintTriggerId(),
    response_url: slack.mintResponseUrl(),
  });
  return slack.waitFor(
    () =>
      [...slack.views.values()].find(
        (view) => !before.has(view.id) && JSON.stringify(view.blocks).includes(`"${BLOCK_ID.contactName}"`),
      ),
    10_000,
  );
}
