/** English texts: the `dm` surface (part of the English catalogue, src/i18n/en.ts). */
export const dm = {
  registered: (name: string) => `Your alert contact *${name}* is registered in CloudMonitor.`,
  changed: (name: string) => `Your change to alert contact *${name}* is saved in CloudMonitor.`,
  claimed: (name: string) =>
    `You are now the owner of the alert contact *${name}*: \`/alert-contact status\`, edit and remove work for it.`,
  allActive: 'Every channel is active, so alerts will reach you.',
  allActiveShort: 'Alerts will reach you.',
  activateToReceive: (channels: string) => `Activate ${channels} to receive alerts.`,
  oneMoreStep: '*One more step:* CloudMonitor only sends alerts to a phone or email after you activate it.',
  willRemind: "I'll remind you until CloudMonitor shows them active.",
  smsLine: (where: string) => `• *SMS* to ${where}: open the link in the text message from Alibaba Cloud.`,
  mailLine: (where: string) => `• *Email* to ${where}: open the link in the email from Alibaba Cloud (check spam too).`,
  checkNow: "I've activated — check now",
  and: ' and ',
  rejected: (name: string, by: string) =>
    `Your alert contact request for *${name}* was rejected${by ? ` by ${by}` : ''}.`,
  rejectedShort: (name: string) => `Your alert contact request for ${name} was rejected.`,
  sendNew: (command: string) => `You can send a new one with \`${command}\`.`,
  removed: (name: string, command: string) =>
    `Your alert contact *${name}* was removed from CloudMonitor; alerts no longer reach you there. Run \`${command}\` to register again.`,
  removedShort: (name: string) => `Your alert contact ${name} was removed from CloudMonitor.`,
  reminder: (name: string) =>
    `*Reminder:* your alert contact *${name}* can't receive alerts on these channels until you activate them:`,
  reminderShort: (channels: string, name: string) => `Reminder: activate ${channels} for your alert contact ${name}.`,
  linkLost: (command: string) =>
    `Link lost or expired? Run \`${command}\`, submit your details again, and a new link is sent after approval.`,
  confirmed: (name: string) =>
    `All set: every channel of your alert contact *${name}* is active. CloudMonitor alerts will reach you.`,
  confirmedShort: (name: string) => `All set: every channel of ${name} is active.`,
  stillPending: 'CloudMonitor still shows these as not activated:',
  stillPendingShort: (channels: string) => `Still waiting for activation of ${channels}.`,
  noContact: (command: string) =>
    `You don't have an alert contact registered through me yet. Run ${command} to register.`,
  contactGone: (name: string) => `CloudMonitor has no contact named ${name} any more. Ask an alert-contact admin.`,
  alreadyActive: 'Every channel is active already. Alerts will reach you.',
  cmsUnreachable: "I couldn't reach CloudMonitor just now. I'll keep checking; you can also try again in a minute.",
};
