/**
 * English texts of the audit surface (part of the English catalogue, src/i18n/en.ts): `/alert-contact audit`.
 * Parameters are already escaped for mrkdwn.
 */
export const audit = {
  /** What each audit action reads as after the actor's name. */
  actions: {
    'request-submitted': 'submitted a request',
    'removal-requested': 'asked to remove a contact',
    'decision-approve': 'approved',
    'decision-reject': 'rejected',
    'decision-retry': 'retried',
    putcontact: 'called PutContact',
    deletecontact: 'called DeleteContact',
    putcontactgroup: 'called PutContactGroup',
    'group-add': 'added the contact to a group',
    'group-remove': 'took the contact out of a group',
    'activation-check': 'checked activation',
    'activation-reminder': 'sent an activation reminder',
    'activation-confirmed': 'confirmed activation',
    'owner-assigned': 'assigned an existing contact to its owner',
    'claim-invited': 'invited the person to claim an existing contact',
    'dm-undeliverable': 'could not DM the requester',
  },
  /** Actors that are not Slack users. */
  actors: {
    bot: 'The bot',
    slack: 'Slack (user deactivated)',
    auto: 'Auto-approval',
  },
  /** Stored codes shown as words. A request's kind (the detail of `request-submitted`). */
  kinds: {
    create: 'A new contact',
    update: 'A change to the contact',
    remove: 'Removing the contact',
    claim: 'Claiming an existing contact',
  },
  /** Who asked for a removal (the detail of `removal-requested`). */
  origins: {
    requester: 'Asked by the person',
    offboarding: 'Slack reported the user deactivated',
  },
  /** Outcomes that are not CloudMonitor error codes (those are shown as CloudMonitor wrote them). */
  outcomes: {
    ok: 'succeeded',
    found: 'contact found',
    'not-found': 'contact not found',
  },
  /** The detail of `activation-reminder`: the channels (already translated, joined) still waiting. */
  stillToActivate: (channels: string) => `Still to activate: ${channels}`,
  /** The first line of an entry: when, who, what. */
  line: (when: string, who: string, what: string) => `${when} · ${who} ${what}`,
  request: (id: string) => `request ${id}`,
  contact: (name: string) => `contact *${name}*`,
  about: (who: string) => `of ${who}`,
  cloudMonitor: (action: string) => `CloudMonitor *${action}*`,
  requestId: (id: string) => `RequestId ${id}`,
  /** The list's title and fallback text. */
  title: (count: number) =>
    `*Audit log*: the ${count === 1 ? 'latest entry' : `${count} latest entries`}, newest first`,
  titleAbout: (who: string, count: number) =>
    `*Audit log about ${who}*: the ${count === 1 ? 'latest entry' : `${count} latest entries`}, newest first`,
  text: (count: number) => `Audit log: ${count} latest ${count === 1 ? 'entry' : 'entries'}.`,
  textAbout: (who: string, count: number) =>
    `Audit log about ${who}: ${count} latest ${count === 1 ? 'entry' : 'entries'}.`,
  none: 'No audit entries yet.',
  noneAbout: (who: string) => `No audit entries about ${who} yet.`,
  older: (exportCommand: string) => `Older entries are not shown. Export them with \`${exportCommand}\`.`,
  usage: (command: string) =>
    `Usage: \`${command} audit\` or \`${command} audit @person\`; mention the person (or give their member ID, \`U…\`).`,
  readFailed: "I couldn't read the audit log just now. Please try again in a minute.",
};
