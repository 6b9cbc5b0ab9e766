/**
 * English texts of the adopt surface (part of the English catalogue, src/i18n/en.ts): `/alert-contact adopt`,
 * its buttons and the invitation DM. Parameters are already escaped for mrkdwn.
 */
export const adopt = {
  working: ':hourglass_flowing_sand: Reading CloudMonitor contacts and matching them to Slack users…',
  header: 'Contacts nobody owns through the bot',
  pageLine: (page: number, pages: number, total: number) =>
    `Page ${page} of ${pages} · ${total} contacts in CloudMonitor`,
  ownedOnPage: (count: number) =>
    `${count} on this page ${count === 1 ? 'is' : 'are'} owned through the bot (not shown).`,
  noneOnPage: 'Every contact on this page is owned through the bot.',
  empty: 'CloudMonitor has no contacts on this page.',
  match: (user: string) => `:link: Its email is ${user}'s.`,
  reasons: {
    noEmail: ':grey_question: No match: it has no email address.',
    noSlackUser: ':grey_question: No match: no Slack user has this email address.',
    deactivated: (user: string) => `:grey_question: No match: its email is ${user}'s, who is deactivated or a bot.`,
    userHasContact: (user: string, name: string) =>
      `:grey_question: No match: its email is ${user}'s, who already has *${name}* through the bot.`,
    userHasRequest: (user: string) => `:grey_question: No match: its email is ${user}'s, who has a request open.`,
    lookupFailed: ':warning: Slack could not be asked who has this email address; try again later.',
  },
  assign: 'Assign',
  invite: 'Invite to claim',
  assignAll: (count: number) => `Assign all ${count} matches on this page`,
  previous: '◀ Previous',
  next: 'Next ▶',
  assigned: (name: string, user: string) => `:white_check_mark: *${name}* is now ${user}'s.`,
  assignedAll: (done: number, notDone: number) =>
    `:white_check_mark: Assigned: ${done}. Could not be assigned: ${notDone}.`,
  invited: (name: string, user: string) => `:envelope: ${user} is invited to claim *${name}*.`,
  inviteFailed: (name: string, user: string, error: string) =>
    `:warning: Could not DM ${user} about *${name}* (Slack said: ${error}).`,
  refused: {
    contactGone: (name: string) => `*${name}* is no longer in CloudMonitor.`,
    owned: (name: string) => `*${name}* is owned through the bot by now.`,
    userHasContact: (name: string) =>
      `Not assigned: the person already has a contact through the bot (*${name}* stays unowned).`,
    userHasRequest: (name: string) => `Not assigned: the person has a request open (*${name}* stays unowned).`,
    noLongerMatches: (name: string) => `Not assigned: *${name}*'s email no longer matches that person.`,
    failed: (name: string) => `:warning: *${name}* could not be assigned; see the log.`,
  },
  invitation: (name: string, command: string) =>
    `An alert-contact admin thinks the CloudMonitor alert contact *${name}* is yours: its email address is the one in your Slack profile. Run \`${command}\` to claim it (an admin approves); then \`${command} status\`, edit and remove work for it.`,
  readFailed: "Sorry, I couldn't read CloudMonitor's contacts just now. Please try again in a minute.",
};
