import { expect } from 'vitest';
import { messages } from '../../src/i18n/index.js';
import type { ContactRequest } from '../../src/requests/request.js';
import { ACTION_ID, BLOCK_ID, INPUT_ACTION_ID } from '../../src/slack/ids.js';
import { validateOptionsResponse } from '../fakes/block-kit-limits.js';
import type { FakeMessage, FakeSlack, FakeView } from '../fakes/slack-web-api.js';
import {
  type AppResponse,
  buildBlockActions,
  buildBlockSuggestion,
  buildViewSubmission,
  sendInteraction,
  sendSlashCommand,
  type ViewStateValue,
} from './slack-driver.js';
import { ADMIN, ADMIN_CHANNEL, SIGNING_SECRET, type TestBot } from './test-bot.js';
import { waitUntil } from './wait.js';

/** Where to send Slack requests (the app's origin) and the fake Slack it talks to: a TestBot or a bot process. */
export interface Target {
  url: string;
  slack: FakeSlack;
}

/** What a person types into the contact modal; undefined = left empty. */
export interface ContactForm {
  contactName?: string;
  describe?: string;
  mail?: string;
  sms?: string;
  aliIm?: string;
  dingWebHook?: string;
  /** 'auto' | 'en' | 'zh-cn' */
  lang?: string;
  /** Chosen contact groups (option values); undefined = the form had no groups block. */
  groups?: string[];
  /** The groups input's element type as Slack reports it; default multi_static_select (the typeahead: multi_external_select). */
  groupsElement?: 'multi_static_select' | 'multi_external_select';
}

/** Runs `/alert-contact` as `userId` and resolves with the modal once it holds the form (after any views.update). */
export async function openContactModal(
  t: Target,
  userId: string,
  text = '',
): Promise<{ ack: AppResponse; view: FakeView }> {
  const before = new Set(t.slack.views.keys());
  const trigger = t.slack.mintTriggerId();
  const ack = await sendSlashCommand(t.url, SIGNING_SECRET, {
    user_id: userId,
    trigger_id: trigger,
    response_url: t.slack.mintResponseUrl(),
    text,
  });
  const view = await t.slack.waitFor(() =>
    [...t.slack.views.values()].find(
      (candidate) => !before.has(candidate.id) && JSON.stringify(candidate.blocks).includes(`"${BLOCK_ID.describe}"`),
    ),
  );
  return { ack, view };
}

/** state.values for the contact modal, as Slack would send them for what was typed. */
export function contactValues(form: ContactForm): Record<string, Record<string, ViewStateValue>> {
  const text = (type: string, value: string | undefined) => ({ [INPUT_ACTION_ID]: { type, value: value ?? null } });
  const values: Record<string, Record<string, ViewStateValue>> = {
    [BLOCK_ID.describe]: text('plain_text_input', form.describe),
    [BLOCK_ID.mail]: text('email_text_input', form.mail),
    [BLOCK_ID.sms]: text('plain_text_input', form.sms),
    [BLOCK_ID.aliIm]: text('plain_text_input', form.aliIm),
    [BLOCK_ID.dingWebHook]: text('url_text_input', form.dingWebHook),
    [BLOCK_ID.lang]: {
      [INPUT_ACTION_ID]: {
        type: 'static_select',
        selected_option: form.lang ? { text: { type: 'plain_text', text: form.lang }, value: form.lang } : null,
      },
    },
  };
  if (form.contactName !== undefined) values[BLOCK_ID.contactName] = text('plain_text_input', form.contactName);
  if (form.groups !== undefined) {
    values[BLOCK_ID.groups] = {
      [INPUT_ACTION_ID]: {
        type: form.groupsElement ?? 'multi_static_select',
        selected_options: form.groups.map((group) => ({
          text: { type: 'plain_text', text: group, emoji: false },
          value: group,
        })),
      },
    };
  }
  return values;
}

/** Submits the contact modal as `userId` with `form`; resolves with the app's ack. */
export function submitContactModal(t: Target, userId: string, view: FakeView, form: ContactForm): Promise<AppResponse> {
  const payload = buildViewSubmission({
    user: { id: userId },
    view,
    values: contactValues(form),
    triggerId: t.slack.mintTriggerId(),
  });
  return sendInteraction(t.url, SIGNING_SECRET, payload);
}

/** The approval messages in the admin channel, oldest first. */
export function adminMessages(t: Target): FakeMessage[] {
  return t.slack.messages.filter((message) => message.channel === ADMIN_CHANNEL);
}

/** The button with `actionId` in a message's current blocks, or undefined. */
export function findButton(
  message: { blocks?: unknown[] | undefined },
  actionId: string,
): { action_id: string; value?: string; block_id: string } | undefined {
  for (const block of (message.blocks ?? []) as Array<{
    type: string;
    block_id?: string;
    elements?: Array<{ action_id?: string; value?: string }>;
  }>) {
    if (block.type !== 'actions') continue;
    const element = block.elements?.find((candidate) => candidate.action_id === actionId);
    if (element?.action_id)
      return { action_id: element.action_id, value: element.value, block_id: block.block_id ?? '' };
  }
  return undefined;
}

/**
 * Clicks a button of a message as `userId`, with a fresh trigger_id and response_url, like Slack does.
 * @throws when the message has no such button
 */
export function clickButton(t: Target, userId: string, message: FakeMessage, actionId: string): Promise<AppResponse> {
  const button = findButton(message, actionId);
  if (!button) throw new Error(`no ${actionId} button in message ${message.ts}`);
  const payload = buildBlockActions({
    user: { id: userId },
    action: { action_id: button.action_id, block_id: button.block_id, value: button.value },
    container: { type: 'message', channel_id: message.channel, message_ts: message.ts },
    message,
    triggerId: t.slack.mintTriggerId(),
    responseUrl: t.slack.mintResponseUrl({ channel: message.channel, messageTs: message.ts }),
  });
  return sendInteraction(t.url, SIGNING_SECRET, payload);
}

/** All text of a message (top-level text and every block), for assertions on what people see. */
export function messageText(message: { text?: string | undefined; blocks?: unknown[] | undefined }): string {
  return `${message.text ?? ''}\n${JSON.stringify(message.blocks ?? [])}`;
}

/**
 * Opens the contact form as `userId`, submits `form` (expecting the form to be accepted: `response_action:
 * update`), and resolves with the approval message posted for it, as a snapshot: the admin's Slack client shows
 * it as posted, so later clicks come from this (stale) copy.
 */
export async function submitForApproval(t: Target, userId: string, form: ContactForm): Promise<FakeMessage> {
  const before = adminMessages(t).length;
  const { view } = await openContactModal(t, userId);
  const ack = await submitContactModal(t, userId, view, form);
  expect(ack.json, JSON.stringify(ack.json)).toMatchObject({ response_action: 'update' });
  return structuredClone(await t.slack.waitFor(() => adminMessages(t)[before]));
}

/** The id of the request an approval message is about: its Approve button's value, or the `req_…` id in its text. */
export function requestIdOf(message: FakeMessage): string {
  const id = findButton(message, ACTION_ID.approve)?.value ?? /req_[0-9a-f]{16}/.exec(messageText(message))?.[0];
  if (!id) throw new Error(`message ${message.ts} names no request`);
  return id;
}

/**
 * Registers a contact the way a person and an admin do: opens the form as `userId`, submits `form`, and has
 * `admin` click Approve on the approval message (unless it has no Approve button: APPROVAL=auto registered it
 * already); resolves once the request is `registered`, its approval message says so (in ADMIN_LANGUAGE) and the
 * requester got a new DM (the outcome; its wording follows their locale, so only its arrival is awaited), so no
 * call of this registration is left.
 * @returns the approval message as posted (a snapshot) and the registered request
 */
export async function registerThroughApproval(
  t: TestBot,
  userId: string,
  form: ContactForm,
  admin: string = ADMIN,
): Promise<{ posted: FakeMessage; request: ContactRequest }> {
  const dms = t.slack.dms(userId).length;
  const posted = await submitForApproval(t, userId, form);
  const requestId = requestIdOf(posted);
  if (findButton(posted, ACTION_ID.approve)) await clickButton(t, admin, posted, ACTION_ID.approve);
  const request = await waitUntil(
    async () => {
      const current = await t.deps.requests.get(requestId);
      return current?.status === 'registered' ? current : undefined;
    },
    { timeoutMs: 10_000, what: `request ${requestId} registered` },
  );
  const registered = messages(t.deps.config.adminLanguage).approval.registered('');
  await waitUntil(
    () =>
      messageText(adminMessages(t).find((message) => message.ts === posted.ts) ?? {}).includes(registered.slice(0, -1)),
    {
      timeoutMs: 10_000,
      what: `the approval message of ${requestId} saying registered`,
    },
  );
  await waitUntil(() => t.slack.dms(userId).length > dms, { timeoutMs: 10_000, what: `the outcome DM to ${userId}` });
  return { posted, request };
}

/**
 * Types `typed` into the contact form's groups typeahead as `userId`, as Slack does (a signed `block_suggestion`),
 * and returns the option values the app answered with.
 * @throws when the app does not answer within Slack's 3 s, answers with an error status, or answers something
 *   Slack would refuse (validateOptionsResponse)
 */
export async function suggestGroups(
  t: Target,
  userId: string,
  view: FakeView,
  typed: string,
): Promise<{ values: string[]; ack: AppResponse }> {
  const payload = buildBlockSuggestion({
    user: { id: userId },
    view,
    blockId: BLOCK_ID.groups,
    actionId: INPUT_ACTION_ID,
    value: typed,
  });
  const ack = await sendInteraction(t.url, SIGNING_SECRET, payload);
  if (ack.status !== 200) throw new Error(`block_suggestion answered HTTP ${ack.status}: ${ack.body}`);
  const problems = validateOptionsResponse(ack.json);
  if (problems.length > 0) throw new Error(`Slack would refuse this options answer: ${problems.join('; ')}`);
  const options = ((ack.json as { options?: Array<{ value: string }> }).options ?? []).map((option) => option.value);
  return { values: options, ack };
}
