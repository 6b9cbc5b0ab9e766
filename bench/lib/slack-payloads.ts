/**
 * Signed Slack → app requests, built per request for autocannon's `setupRequest`: fresh timestamp and signature
 * (signSlackRequest from test/helpers/slack-driver.ts), fresh trigger_id from the fake Slack. Bodies follow the
 * test driver's shapes (slash command field order, `payload=` for interactions).
 */
import { FAKE_SLACK_DEFAULTS, type FakeSlack, type FakeView } from '../../test/fakes/slack-web-api.js';
import { type ContactForm, contactValues } from '../../test/helpers/flow.js';
import { buildViewSubmission, signSlackRequest } from '../../test/helpers/slack-driver.js';
import { SIGNING_SECRET } from '../../test/helpers/test-bot.js';

/** One request as autocannon takes it. */
export interface SignedRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Headers and body of a request to `/slack/events`, signed now with the test signing secret. */
export function signed(body: string, contentType = 'application/x-www-form-urlencoded'): SignedRequest {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    method: 'POST',
    path: '/slack/events',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(SIGNING_SECRET, body, timestamp),
    },
    body,
  };
}

/** A `/alert-contact` slash command body, fields in the order Slack sends them (as slack-driver's sendSlashCommand). */
export function slashCommandBody(fields: {
  userId: string;
  triggerId: string;
  responseUrl: string;
  text?: string;
}): string {
  const d = FAKE_SLACK_DEFAULTS;
  const ordered: Array<[string, string]> = [
    ['token', d.verificationToken],
    ['team_id', d.teamId],
    ['team_domain', d.teamDomain],
    ['channel_id', 'C0ALERTS1'],
    ['channel_name', 'alerts'],
    ['user_id', fields.userId],
    ['user_name', fields.userId.toLowerCase()],
    ['command', '/alert-contact'],
    ['text', fields.text ?? ''],
    ['api_app_id', d.appId],
    ['is_enterprise_install', 'false'],
    ['response_url', fields.responseUrl],
    ['trigger_id', fields.triggerId],
  ];
  return ordered.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

/** An interactive payload body: `payload=<urlencoded JSON>`. */
export function interactionBody(payload: object): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const USER_TOKEN = 'U0XUSERTOKENX';
const TRIGGER_TOKEN = 'XTRIGGERTOKENX';
const SERIAL_TOKEN = 'XSERIALTOKENX';

/**
 * A `view_submission` of the contact modal, pre-encoded once (the view is large) with placeholders for what
 * changes per request, so building one costs a few string replacements in the load generator.
 * @param view the modal as the fake Slack holds it after the app's views.open
 * @param form 'valid' (passes the contact schema) or 'invalid' (bad ContactName and e-mail: the app answers
 *        `response_action: "errors"`)
 * @returns body(userId, serial, triggerId): the request body; `serial` makes ContactName and e-mail unique
 */
export function viewSubmissionTemplate(
  view: FakeView,
  form: 'valid' | 'invalid',
): (userId: string, serial: number, triggerId: string) => string {
  const values: ContactForm =
    form === 'valid'
      ? {
          contactName: `bench_${SERIAL_TOKEN}`,
          describe: 'Bench person, SRE on call',
          mail: `bench${SERIAL_TOKEN}@example.com`,
          lang: 'en',
        }
      : {
          contactName: `9 bad ${SERIAL_TOKEN}`,
          describe: 'Bench person, SRE on call',
          mail: 'not-an-email',
          lang: 'en',
        };
  const payload = buildViewSubmission({
    user: { id: USER_TOKEN, name: 'bench' },
    view,
    values: contactValues(values),
    triggerId: TRIGGER_TOKEN,
  });
  const template = interactionBody(payload);
  return (userId, serial, triggerId) =>
    template
      .replaceAll(USER_TOKEN, userId)
      .replaceAll(SERIAL_TOKEN, String(serial))
      .replaceAll(TRIGGER_TOKEN, encodeURIComponent(triggerId));
}

/**
 * A signed `/alert-contact` (no text) from `userId`, with a trigger_id and response_url fresh from `slack`, as Slack
 * sends one the moment the person runs it.
 */
export function signedCommand(slack: FakeSlack, userId: string): SignedRequest {
  return signed(slashCommandBody({ userId, triggerId: slack.mintTriggerId(), responseUrl: slack.mintResponseUrl() }));
}
