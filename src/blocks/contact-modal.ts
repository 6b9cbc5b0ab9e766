import type { types } from '@slack/bolt';
import { GROUP_NAME_MAX_CHARS, MAX_GROUP_OPTIONS } from '../cms/group-cache.js';
import { ALIIM_MAX_CHARS, CONTACT_NAME_CHARS, DESCRIBE_MAX_CHARS, type Lang } from '../contact/schema.js';
import { BLOCK_ID, CALLBACK_ID, INPUT_ACTION_ID } from '../slack-ids.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** Values to show in the modal's inputs (flat, as typed); every field optional. */
export interface ContactPrefill {
  ContactName?: string;
  Describe?: string;
  Mail?: string;
  SMS?: string;
  AliIM?: string;
  DingWebHook?: string;
  Lang?: Lang;
  /** Contact groups to preselect (the user's current ones); names not offered are ignored. */
  groups?: string[];
}

/** What the modal is for: a new contact, or a change to the requester's registered contact (name fixed). */
export type ContactModalMode = { kind: 'create' } | { kind: 'update'; contactName: string };

/** Data carried in the modal's private_metadata: an id only, never the data itself (STYLE.md habit 8). */
export interface ContactModalMetadata {
  mode: 'create' | 'update';
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

const LANG_OPTIONS = [
  { value: 'auto', text: 'Automatic (by account region)' },
  { value: 'en', text: 'English' },
  { value: 'zh-cn', text: '简体中文' },
] as const;

function textInput(
  blockId: string,
  label: string,
  hint: string,
  element: { type: 'plain_text_input' | 'email_text_input' | 'url_text_input'; initial?: string; maxLength?: number; placeholder?: string },
  optional: boolean,
): types.InputBlock {
  const input: Record<string, unknown> = { type: element.type, action_id: INPUT_ACTION_ID };
  if (element.initial) input.initial_value = element.initial;
  if (element.maxLength) input.max_length = element.maxLength;
  if (element.placeholder) input.placeholder = plain(element.placeholder);
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    hint: plain(hint),
    optional,
    element: input as unknown as types.InputBlock['element'],
  };
}

/**
 * The optional contact-groups input: a multi_static_select whose option values are the group names, with the
 * user's current groups as initial_options (Slack requires each to be one of the options). Undefined when no
 * group is offered. Names over {@link GROUP_NAME_MAX_CHARS} characters are skipped, and at most
 * {@link MAX_GROUP_OPTIONS} are used (slack-platform.md §4).
 */
function groupsInput(offered: readonly string[], current: readonly string[]): types.InputBlock | undefined {
  const names = [...new Set(offered)].filter((name) => name !== '' && name.length <= GROUP_NAME_MAX_CHARS).slice(0, MAX_GROUP_OPTIONS);
  if (names.length === 0) return undefined;
  const options = names.map((name) => ({ text: { type: 'plain_text' as const, text: name, emoji: false }, value: name }));
  const initial = options.filter((option) => current.includes(option.value));
  return {
    type: 'input',
    block_id: BLOCK_ID.groups,
    label: plain('Alert contact groups'),
    hint: plain('CloudMonitor sends the alerts of a group to every contact in it. Pick the groups you want alerts from; unselect one to leave it.'),
    optional: true,
    element: {
      type: 'multi_static_select',
      action_id: INPUT_ACTION_ID,
      placeholder: plain('Choose groups'),
      options,
      ...(initial.length > 0 ? { initial_options: initial } : {}),
    },
  };
}

/**
 * The register/edit modal for /alert-contact. Inputs map one-to-one onto PutContact's parameters
 * (CloudMonitor API 2019-01-01); block_ids come from {@link BLOCK_ID} so inline errors land on the right input.
 * When contact groups are offered, a multi-select of them comes last, the user's current ones preselected
 * (`prefill.groups`); with none offered the block is left out and a submission leaves groups untouched.
 * @param prefill values from the Slack profile and/or the existing contact, and the current groups
 * @param mode create, or update with the fixed ContactName
 * @param notes short mrkdwn lines shown at the top (e.g. "your earlier request is replaced"); escaped by the caller
 * @param offeredGroups names of the self-service contact groups (DescribeContactGroupList, filtered by
 *   SELF_SERVICE_GROUPS); [] leaves the groups block out
 */
export function buildContactModal(
  prefill: ContactPrefill,
  mode: ContactModalMode,
  notes: string[] = [],
  offeredGroups: readonly string[] = [],
): types.ModalView {
  const blocks: types.ModalView['blocks'] = [];
  const intro =
    mode.kind === 'create'
      ? 'Register yourself as a CloudMonitor alert contact. An admin approves the request; then CloudMonitor sends *activation links* to your phone and email, and alerts reach you once you open them.'
      : `Change your alert contact *${escapeMrkdwn(mode.contactName)}*. An admin approves the change; a new phone number or email gets a new *activation link*.`;
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: intro } });
  for (const note of notes) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(note, 3000) }] });

  if (mode.kind === 'create') {
    blocks.push(
      textInput(
        BLOCK_ID.contactName,
        'Contact name',
        `How you appear in CloudMonitor. ${CONTACT_NAME_CHARS.min}–${CONTACT_NAME_CHARS.max} characters: letters (Chinese too), digits, ".", "_" or "-"; start with a letter. It can't be changed later.`,
        { type: 'plain_text_input', initial: prefill.ContactName, maxLength: CONTACT_NAME_CHARS.max, placeholder: 'e.g. dana_ops' },
        false,
      ),
    );
  }
  blocks.push(
    textInput(
      BLOCK_ID.describe,
      'Description',
      `Who you are for the people reading alerts, e.g. team and role. At most ${DESCRIBE_MAX_CHARS} characters.`,
      { type: 'plain_text_input', initial: prefill.Describe, maxLength: DESCRIBE_MAX_CHARS },
      false,
    ),
    textInput(
      BLOCK_ID.mail,
      'Email',
      'CloudMonitor emails an activation link to this address; open it to start receiving alerts.',
      { type: 'email_text_input', initial: prefill.Mail },
      true,
    ),
    textInput(
      BLOCK_ID.sms,
      'Mobile phone for SMS',
      'Mainland China mobile number (e.g. 138 0000 0000). CloudMonitor texts an activation link to it.',
      { type: 'plain_text_input', initial: prefill.SMS, maxLength: 32 },
      true,
    ),
    textInput(
      BLOCK_ID.aliIm,
      'TradeManager ID',
      `Your TradeManager (阿里旺旺) account, China site only. At most ${ALIIM_MAX_CHARS} characters.`,
      { type: 'plain_text_input', initial: prefill.AliIM, maxLength: ALIIM_MAX_CHARS },
      true,
    ),
    textInput(
      BLOCK_ID.dingWebHook,
      'DingTalk chatbot webhook',
      'The webhook URL of a DingTalk group chatbot: https://oapi.dingtalk.com/robot/send?access_token=…',
      { type: 'url_text_input', initial: prefill.DingWebHook },
      true,
    ),
  );
  const options = LANG_OPTIONS.map((option) => ({ text: plain(option.text), value: option.value }));
  const initial = options.find((option) => option.value === (prefill.Lang ?? 'auto'));
  blocks.push({
    type: 'input',
    block_id: BLOCK_ID.lang,
    label: plain('Alert language'),
    hint: plain('The language of the alerts CloudMonitor sends you. Give at least one of email, phone, TradeManager or DingTalk.'),
    optional: true,
    element: { type: 'static_select', action_id: INPUT_ACTION_ID, options, ...(initial ? { initial_option: initial } : {}) },
  });
  const groups = groupsInput(offeredGroups, prefill.groups ?? []);
  if (groups) blocks.push(groups);

  const metadata: ContactModalMetadata = { mode: mode.kind };
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.contactModal,
    title: plain('Alert contact'),
    submit: plain('Submit for approval'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** The placeholder opened at once with the trigger_id while the profile is still loading (trigger_ids live 3 s). */
export function buildLoadingModal(): types.ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.contactModal,
    title: plain('Alert contact'),
    close: plain('Cancel'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Loading your Slack profile…' } }],
  };
}

/**
 * A modal that only says something (after submission, or when the form cannot be shown).
 * @param text mrkdwn; escape user text before passing it
 */
export function buildNoticeModal(title: string, text: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.contactModal,
    title: plain(truncate(title, 24)),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}
