import type { types } from '@slack/bolt';
import type { Channel, Contact } from '../contact/schema.js';
import { type Locale, messages } from '../i18n/index.js';
import type { ContactRequest } from '../requests/request.js';
import { ACTION_ID, BLOCK_ID, COMMAND } from '../slack/ids.js';
import type { SlackMessage } from './approval-request.js';
import { showChannel } from './contact-fields.js';
import { escapeMrkdwn, mention, plain, truncate } from './primitives.js';

const section = (text: string): types.SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});

/** "• SMS to *******0000: open the link in the text message", one line per channel waiting for activation. */
function activationLines(locale: Locale, contact: Contact, pending: readonly Channel[]): string {
  const m = messages(locale).dm;
  return pending
    .map((channel) => {
      const value = contact.Channels[channel];
      const where = value ? showChannel(channel, value, 'requester') : '';
      return channel === 'SMS' ? m.smsLine(where) : m.mailLine(where);
    })
    .join('\n');
}

/** "SMS and Email", in the reader's language. */
function channelList(locale: Locale, pending: readonly Channel[]): string {
  const fields = messages(locale).fields;
  return pending.map((channel) => fields[`Channels.${channel}`]).join(messages(locale).dm.and);
}

function checkButton(locale: Locale, contactName: string): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: BLOCK_ID.activationActions,
    elements: [
      {
        type: 'button',
        action_id: ACTION_ID.checkActivation,
        text: plain(messages(locale).dm.checkNow),
        value: contactName,
      },
    ],
  };
}

const context = (text: string): types.ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/**
 * The DM after PutContact succeeded: what is registered and which channels still need their activation link.
 * @param locale the requester's language
 * @param pending SMS/Mail channels that CloudMonitor has not activated yet (empty: nothing to do)
 */
export function buildRegisteredDm(locale: Locale, request: ContactRequest, pending: readonly Channel[]): SlackMessage {
  const m = messages(locale).dm;
  const name = escapeMrkdwn(request.contact.ContactName);
  const done =
    request.kind === 'create' ? m.registered(name) : request.kind === 'claim' ? m.claimed(name) : m.changed(name);
  if (pending.length === 0) {
    return { text: `${done} ${m.allActiveShort}`, blocks: [section(`:white_check_mark: ${done} ${m.allActive}`)] };
  }
  return {
    text: `${done} ${m.activateToReceive(channelList(locale, pending))}`,
    blocks: [
      section(`:white_check_mark: ${done}\n${m.oneMoreStep}\n${activationLines(locale, request.contact, pending)}`),
      context(m.willRemind),
      checkButton(locale, request.contact.ContactName),
    ],
  };
}

/** The DM when an admin rejects a request, with the reason if one was given. */
export function buildRejectedDm(locale: Locale, request: ContactRequest): SlackMessage {
  const m = messages(locale).dm;
  const name = escapeMrkdwn(request.contact.ContactName);
  const reason = request.decision?.reason
    ? `\n>${escapeMrkdwn(truncate(request.decision.reason, 1000)).replace(/\n/g, '\n>')}`
    : '';
  const by = request.decision ? mention(request.decision.by) : '';
  return {
    text: m.rejectedShort(name),
    blocks: [section(`:no_entry_sign: ${m.rejected(name, by)}${reason}\n${m.sendNew(COMMAND)}`)],
  };
}

/** The DM after DeleteContact: the contact is gone, and how to register again. */
export function buildRemovedDm(locale: Locale, request: ContactRequest): SlackMessage {
  const m = messages(locale).dm;
  const name = escapeMrkdwn(request.contact.ContactName);
  return { text: m.removedShort(name), blocks: [section(`:wastebasket: ${m.removed(name, COMMAND)}`)] };
}

/** A reminder naming the channels still waiting for activation. */
export function buildActivationReminder(locale: Locale, contact: Contact, pending: readonly Channel[]): SlackMessage {
  const m = messages(locale).dm;
  const name = escapeMrkdwn(contact.ContactName);
  return {
    text: m.reminderShort(channelList(locale, pending), name),
    blocks: [
      section(`:bell: ${m.reminder(name)}\n${activationLines(locale, contact, pending)}`),
      context(m.linkLost(COMMAND)),
      checkButton(locale, contact.ContactName),
    ],
  };
}

/** The one-time confirmation once CloudMonitor reports every channel active. */
export function buildActivationConfirmed(locale: Locale, contact: Contact): SlackMessage {
  const m = messages(locale).dm;
  const name = escapeMrkdwn(contact.ContactName);
  return { text: m.confirmedShort(name), blocks: [section(`:tada: ${m.confirmed(name)}`)] };
}

/** Answer to "check now" while channels are still pending. */
export function buildStillPending(locale: Locale, contact: Contact, pending: readonly Channel[]): SlackMessage {
  const m = messages(locale).dm;
  return {
    text: m.stillPendingShort(channelList(locale, pending)),
    blocks: [section(`${m.stillPending}\n${activationLines(locale, contact, pending)}`)],
  };
}
