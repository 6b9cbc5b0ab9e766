import type { types } from '@slack/bolt';
import type { Channel, Contact } from '../contact/schema.js';
import type { ContactRequest } from '../store/requests.js';
import { ACTION_ID, BLOCK_ID, COMMAND } from '../slack-ids.js';
import type { SlackMessage } from './approval-request.js';
import { showChannel } from './contact-fields.js';
import { escapeMrkdwn, mention, truncate } from './mrkdwn.js';

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

/** "• SMS to *******0000: open the link in the text message", one line per channel waiting for activation. */
function activationLines(contact: Contact, pending: readonly Channel[]): string {
  return pending
    .map((channel) => {
      const value = contact.Channels[channel];
      const where = value ? showChannel(channel, value, 'requester') : '';
      return channel === 'SMS'
        ? `• *SMS* to ${where}: open the link in the text message from Alibaba Cloud.`
        : `• *Email* to ${where}: open the link in the email from Alibaba Cloud (check spam too).`;
    })
    .join('\n');
}

function checkButton(contactName: string): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: BLOCK_ID.activationActions,
    elements: [{ type: 'button', action_id: ACTION_ID.checkActivation, text: plain("I've activated — check now"), value: contactName }],
  };
}

/**
 * The DM after PutContact succeeded: what is registered and which channels still need their activation link.
 * @param pending SMS/Mail channels that CloudMonitor has not activated yet (empty: nothing to do)
 */
export function buildRegisteredDm(request: ContactRequest, pending: readonly Channel[]): SlackMessage {
  const name = escapeMrkdwn(request.contact.ContactName);
  const done = request.kind === 'create' ? `Your alert contact *${name}* is registered in CloudMonitor.` : `Your change to alert contact *${name}* is saved in CloudMonitor.`;
  if (pending.length === 0) {
    return { text: `${done} Alerts will reach you.`, blocks: [section(`:white_check_mark: ${done} Every channel is active, so alerts will reach you.`)] };
  }
  return {
    text: `${done} Activate ${pending.join(' and ')} to receive alerts.`,
    blocks: [
      section(`:white_check_mark: ${done}\n*One more step:* CloudMonitor only sends alerts to a phone or email after you activate it.\n${activationLines(request.contact, pending)}`),
      { type: 'context', elements: [{ type: 'mrkdwn', text: "I'll remind you until CloudMonitor shows them active." }] },
      checkButton(request.contact.ContactName),
    ],
  };
}

/** The DM when an admin rejects a request, with the reason if one was given. */
export function buildRejectedDm(request: ContactRequest): SlackMessage {
  const name = escapeMrkdwn(request.contact.ContactName);
  const reason = request.decision?.reason ? `\n>${escapeMrkdwn(truncate(request.decision.reason, 1000)).replace(/\n/g, '\n>')}` : '';
  const by = request.decision ? ` by ${mention(request.decision.by)}` : '';
  return {
    text: `Your alert contact request for ${name} was rejected.`,
    blocks: [section(`:no_entry_sign: Your alert contact request for *${name}* was rejected${by}.${reason}\nYou can send a new one with \`${COMMAND}\`.`)],
  };
}

/** The DM after DeleteContact: the contact is gone, and how to register again. */
export function buildRemovedDm(request: ContactRequest): SlackMessage {
  const name = escapeMrkdwn(request.contact.ContactName);
  return {
    text: `Your alert contact ${name} was removed from CloudMonitor.`,
    blocks: [section(`:wastebasket: Your alert contact *${name}* was removed from CloudMonitor; alerts no longer reach you there. Run \`${COMMAND}\` to register again.`)],
  };
}

/** A reminder naming the channels still waiting for activation. */
export function buildActivationReminder(contact: Contact, pending: readonly Channel[]): SlackMessage {
  const name = escapeMrkdwn(contact.ContactName);
  return {
    text: `Reminder: activate ${pending.join(' and ')} for your alert contact ${name}.`,
    blocks: [
      section(`:bell: *Reminder:* your alert contact *${name}* can't receive alerts on these channels until you activate them:\n${activationLines(contact, pending)}`),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Link lost or expired? Run \`${COMMAND}\`, submit your details again, and a new link is sent after approval.` }] },
      checkButton(contact.ContactName),
    ],
  };
}

/** The one-time confirmation once CloudMonitor reports every channel active. */
export function buildActivationConfirmed(contact: Contact): SlackMessage {
  const name = escapeMrkdwn(contact.ContactName);
  return {
    text: `All set: every channel of ${name} is active.`,
    blocks: [section(`:tada: All set: every channel of your alert contact *${name}* is active. CloudMonitor alerts will reach you.`)],
  };
}

/** Answer to "check now" while channels are still pending. */
export function buildStillPending(contact: Contact, pending: readonly Channel[]): SlackMessage {
  return {
    text: `Still waiting for activation of ${pending.join(' and ')}.`,
    blocks: [section(`CloudMonitor still shows these as not activated:\n${activationLines(contact, pending)}`)],
  };
}
