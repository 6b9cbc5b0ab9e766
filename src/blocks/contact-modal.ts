import type { types } from '@slack/bolt';
import { GROUP_NAME_MAX_CHARS, MAX_GROUP_OPTIONS } from '../cms/group-cache.js';
import {
  ALIIM_MAX_CHARS,
  CONTACT_NAME_CHARS,
  DESCRIBE_MAX_CHARS,
  type Lang,
  SITE_CHANNELS,
  type Site,
} from '../contact/schema.js';
import { type Catalogue, type Locale, messages } from '../i18n/index.js';
import { BLOCK_ID, CALLBACK_ID, INPUT_ACTION_ID } from '../slack/ids.js';
import { escapeMrkdwn, plain, truncate } from './primitives.js';

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

/**
 * What the modal is for: a new contact, a change to the requester's registered contact (name fixed), or claiming
 * an existing CloudMonitor contact that matched their Slack profile's e-mail or mobile (name fixed).
 */
export type ContactModalMode =
  | { kind: 'create' }
  | { kind: 'update'; contactName: string }
  | { kind: 'claim'; contactName: string; matchedBy: 'Mail' | 'SMS' };

/** A note shown at the top of the form (the catalogue's `form.notes`). */
export type FormNote = keyof Catalogue['form']['notes'];

function textInput(
  blockId: string,
  label: string,
  hint: string,
  element: {
    type: 'plain_text_input' | 'email_text_input' | 'url_text_input';
    initial?: string;
    maxLength?: number;
    placeholder?: string;
  },
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
 * The optional contact-groups input, with the user's current groups as initial_options. Up to
 * {@link MAX_GROUP_OPTIONS} offered groups: a multi_static_select of them (Slack requires each initial option to be
 * one of the options). More: a multi_external_select (a typeahead), whose options Slack asks for with
 * `block_suggestion` requests answered by listeners/options/contact-groups.ts; its initial_options are the current
 * groups (https://docs.slack.dev/reference/block-kit/block-elements/multi-select-menu-element#external_multi_select).
 * Option values are the group names. Undefined when no group is offered. Names over {@link GROUP_NAME_MAX_CHARS}
 * characters are skipped (Slack's option object limits).
 */
function groupsInput(
  locale: Locale,
  offered: readonly string[],
  current: readonly string[],
): types.InputBlock | undefined {
  const m = messages(locale).form;
  const names = [...new Set(offered)].filter((name) => name !== '' && name.length <= GROUP_NAME_MAX_CHARS);
  if (names.length === 0) return undefined;
  const option = (name: string) => ({ text: { type: 'plain_text' as const, text: name, emoji: false }, value: name });
  const typeahead = names.length > MAX_GROUP_OPTIONS;
  const initial = names
    .filter((name) => current.includes(name))
    .slice(0, MAX_GROUP_OPTIONS)
    .map(option);
  const element = typeahead
    ? {
        type: 'multi_external_select' as const,
        action_id: INPUT_ACTION_ID,
        placeholder: plain(m.groupsTypeaheadPlaceholder),
        // 0: Slack asks as soon as the menu opens, so the first groups show before anything is typed.
        min_query_length: 0,
        ...(initial.length > 0 ? { initial_options: initial } : {}),
      }
    : {
        type: 'multi_static_select' as const,
        action_id: INPUT_ACTION_ID,
        placeholder: plain(m.groupsPlaceholder),
        options: names.map(option),
        ...(initial.length > 0 ? { initial_options: initial } : {}),
      };
  return {
    type: 'input',
    block_id: BLOCK_ID.groups,
    label: plain(m.groupsLabel),
    hint: plain(m.groupsHint),
    optional: true,
    element,
  };
}

/**
 * The register/edit modal for /alert-contact. Inputs map one-to-one onto PutContact's parameters
 * (CloudMonitor API 2019-01-01); block_ids come from {@link BLOCK_ID} so inline errors land on the right input.
 * When contact groups are offered, a multi-select of them comes last, the user's current ones preselected
 * (`prefill.groups`); with none offered the block is left out and a submission leaves groups untouched.
 * @param locale the user's language (labels, hints, notes)
 * @param prefill values from the Slack profile and/or the existing contact, and the current groups
 * @param mode create, or update / claim with the fixed ContactName
 * @param notes notes shown at the top (e.g. "your earlier request is replaced")
 * @param offeredGroups names of the self-service contact groups (DescribeContactGroupList, filtered by
 *   SELF_SERVICE_GROUPS); [] leaves the groups block out
 * @param site CMS_SITE: on `international` the SMS and TradeManager inputs are left out (China-site-only channels,
 *   {@link SITE_CHANNELS})
 */
export function buildContactModal(
  locale: Locale,
  prefill: ContactPrefill,
  mode: ContactModalMode,
  notes: readonly FormNote[] = [],
  offeredGroups: readonly string[] = [],
  site: Site = 'china',
): types.ModalView {
  const offers = (channel: 'SMS' | 'AliIM') => SITE_CHANNELS[site].includes(channel);
  const m = messages(locale).form;
  const labels = messages(locale).fields;
  const blocks: types.ModalView['blocks'] = [];
  const intro =
    mode.kind === 'create'
      ? m.introCreate
      : mode.kind === 'claim'
        ? m.introClaim(escapeMrkdwn(mode.contactName), m.claimWhat[mode.matchedBy])
        : m.introUpdate(escapeMrkdwn(mode.contactName));
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: intro } });
  for (const note of notes)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(m.notes[note], 3000) }] });

  if (mode.kind === 'create') {
    blocks.push(
      textInput(
        BLOCK_ID.contactName,
        labels.ContactName,
        m.contactNameHint,
        {
          type: 'plain_text_input',
          initial: prefill.ContactName,
          maxLength: CONTACT_NAME_CHARS.max,
          placeholder: m.contactNamePlaceholder,
        },
        false,
      ),
    );
  }
  blocks.push(
    textInput(
      BLOCK_ID.describe,
      labels.Describe,
      m.describeHint,
      { type: 'plain_text_input', initial: prefill.Describe, maxLength: DESCRIBE_MAX_CHARS },
      false,
    ),
    // The channels' heading, with the "at least one" rule (its inline error lands on the first channel below).
    { type: 'section', text: { type: 'mrkdwn', text: m.channelsIntro } },
    textInput(
      BLOCK_ID.mail,
      labels['Channels.Mail'],
      m.mailHint,
      { type: 'email_text_input', initial: prefill.Mail },
      true,
    ),
  );
  if (offers('SMS')) {
    blocks.push(
      textInput(
        BLOCK_ID.sms,
        m.smsLabel,
        m.smsHint,
        { type: 'plain_text_input', initial: prefill.SMS, maxLength: 32 },
        true,
      ),
    );
  }
  if (offers('AliIM')) {
    blocks.push(
      textInput(
        BLOCK_ID.aliIm,
        labels['Channels.AliIM'],
        m.aliImHint,
        { type: 'plain_text_input', initial: prefill.AliIM, maxLength: ALIIM_MAX_CHARS },
        true,
      ),
    );
  }
  blocks.push(
    textInput(
      BLOCK_ID.dingWebHook,
      m.dingWebHookLabel,
      m.dingWebHookHint,
      { type: 'url_text_input', initial: prefill.DingWebHook },
      true,
    ),
  );
  const langs = messages(locale).langs;
  const options = [
    { text: plain(m.langAuto), value: 'auto' },
    { text: plain(langs.en), value: 'en' },
    { text: plain(langs['zh-cn']), value: 'zh-cn' },
  ];
  const initial = options.find((option) => option.value === (prefill.Lang ?? 'auto'));
  blocks.push({
    type: 'input',
    block_id: BLOCK_ID.lang,
    label: plain(labels.Lang),
    hint: plain(m.langHint),
    optional: true,
    element: {
      type: 'static_select',
      action_id: INPUT_ACTION_ID,
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  });
  const groups = groupsInput(locale, offeredGroups, prefill.groups ?? []);
  if (groups) blocks.push(groups);

  return {
    type: 'modal',
    callback_id: CALLBACK_ID.contactModal,
    title: plain(m.title),
    submit: plain(m.submit),
    close: plain(m.cancel),
    // No private_metadata: whether this is a new contact or an edit is read from the store on submission.
    blocks,
  };
}

/** The placeholder opened at once with the trigger_id while the profile is still loading (trigger_ids live 3 s). */
export function buildLoadingModal(locale: Locale): types.ModalView {
  const m = messages(locale).form;
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.contactModal,
    title: plain(m.title),
    close: plain(m.cancel),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: m.loading } }],
  };
}

/**
 * A modal that only says something (after submission, or when the form cannot be shown).
 * @param text mrkdwn; escape user text before passing it
 * @param close the close button's label, in the reader's language
 */
export function buildNoticeModal(title: string, text: string, close: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.contactModal,
    title: plain(truncate(title, 24)),
    close: plain(close),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}
