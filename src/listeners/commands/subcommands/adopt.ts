import { buildAdoptPage } from '../../../blocks/adopt-list.js';
import { messages } from '../../../i18n/index.js';
import { ADOPT_PAGE_SIZE, loadAdoptPage } from '../../flows/adopt-list.js';
import type { SubcommandArgs } from './index.js';

/**
 * `/alert-contact adopt [page]` (admins; the router refuses others): acks at once with "reading…", then answers by
 * `respond()` (the command's response_url, ephemeral) with one page of the CloudMonitor contacts nobody owns
 * through the bot ({@link ADOPT_PAGE_SIZE} per CloudMonitor page), each with the Slack user its e-mail matches and
 * Assign / Invite buttons, or the reason there is none. The page number defaults to 1. In the admin's language.
 */
export async function runAdopt({
  ack,
  respond,
  command,
  client,
  logger,
  deps,
  locale,
  rest,
}: SubcommandArgs): Promise<void> {
  const m = messages(locale).adopt;
  const page = Math.max(1, Number.parseInt(rest, 10) || 1);
  await ack({ response_type: 'ephemeral', text: m.working });
  try {
    const loaded = await loadAdoptPage(deps, client, page);
    await respond({ response_type: 'ephemeral', replace_original: true, ...buildAdoptPage(locale, loaded) });
  } catch (error) {
    logger.error({ err: error, userId: command.user_id, page }, 'could not list the contacts to adopt');
    await respond({ response_type: 'ephemeral', replace_original: true, text: m.readFailed }).catch(() => undefined);
  }
}
