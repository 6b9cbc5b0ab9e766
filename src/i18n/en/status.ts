/**
 * English texts of the status surface (part of the English catalogue, src/i18n/en.ts): `/alert-contact status`,
 * the App Home tab and its buttons. Parameters are already escaped for mrkdwn where they go into mrkdwn.
 */
export const status = {
  /** A channel's activation state, after its masked value. */
  activation: {
    active: ':white_check_mark: active',
    pending: ':hourglass_flowing_sand: *waiting for activation*',
    unknown: ':grey_question: activation not checked',
  },
  /** Where the activation link went, per channel that has one (CloudMonitor sends it on PutContact). */
  activationHint: {
    SMS: 'open the link in the text message from Alibaba Cloud',
    Mail: 'open the link in the email from Alibaba Cloud (check spam too)',
  },
  /** "• *Mobile (SMS)* *******1234: waiting for activation". */
  channelLine: (label: string, value: string, state: string) => `• *${label}* ${value}: ${state}`,
  /** An activation state with where its link went. */
  withHint: (state: string, hint: string) => `${state}: ${hint}`,
  /** Between the items of a list (channels, contact groups). */
  separator: ', ',
  /** The user's open request: what it asks, by kind. */
  requestWhat: {
    create: (name: string) => `Your request to register *${name}*`,
    update: (name: string) => `Your request to change *${name}*`,
    remove: (name: string) => `Your request to remove *${name}*`,
    claim: (name: string) => `Your request to claim *${name}*`,
  },
  requestPending: (what: string, sent: string) => `:hourglass: ${what} is waiting for an admin (sent ${sent}).`,
  requestApproving: (what: string) => `:gear: ${what} was approved and is being carried out in CloudMonitor.`,
  requestApprovedAt: (what: string, when: string) =>
    `:gear: ${what} was approved ${when} and is being carried out in CloudMonitor.`,
  requestFailed: (what: string, code: string, when: string) =>
    `:warning: ${what} was approved, but CloudMonitor refused it (\`${code}\`, ${when}). The admins can retry it; nothing is lost.`,
  /** Where the activation states come from. */
  liveFound: (when: string) => `Live from CloudMonitor, ${when}.`,
  liveAsking: ':hourglass_flowing_sand: Asking CloudMonitor for the live activation state…',
  liveMissing: (when: string) => `:warning: CloudMonitor no longer has this contact (${when}).`,
  liveUnavailable: (code: string) =>
    `:warning: I couldn't reach CloudMonitor (\`${code}\`), so this is what was registered; the live activation state is unavailable right now.`,
  noContact: ":information_source: You don't have an alert contact registered through me.",
  /** Follows {@link noContact} when there is no open request either (starts with its own spacing). */
  registerHint: (command: string) =>
    ` Register with \`${command}\`: an admin approves it, then CloudMonitor alerts reach you.`,
  contactHeading: (name: string) => `*Your alert contact: ${name}*`,
  languageLine: (lang: string, when: string) => `Alert language: ${lang} · registered ${when}`,
  missing: (name: string, command: string) =>
    `:warning: CloudMonitor no longer has a contact named *${name}*, so no alerts reach you. Run \`${command} edit\` and submit to register it again, or ask an alert-contact admin.`,
  channels: (lines: string) => `*Channels*\n${lines}`,
  none: 'none',
  groups: (list: string) => `*Contact groups*: ${list}`,
  groupsUnknown: '_unknown until CloudMonitor answers_',
  nextReminder: (when: string, index: number, count: number) =>
    `:bell: Next activation check and reminder: ${when} (${index} of ${count}).`,
  dueNow: 'due now',
  /** The notification / screen-reader fallback text. */
  fallback: {
    noContact: "You don't have an alert contact registered.",
    missing: (name: string) => `Your alert contact ${name} is no longer in CloudMonitor.`,
    contact: (name: string, channels: string) => `Your alert contact ${name}: ${channels}.`,
    channel: (label: string, state: string) => `${label} ${state}`,
    state: { active: 'active', pending: 'pending', unknown: 'not checked' },
    noChannels: 'no channels',
    openRequest: (status: string) => `Open request: ${status}.`,
  },
  /** The last line of `/alert-contact status`: what to do next. */
  howChange: (command: string) => `Change it: \`${command} edit\` · remove it: \`${command} remove\``,
  howChangeRequest: (command: string) => `Change your request: \`${command}\``,
  howRegister: (command: string) => `Register: \`${command}\``,
  readFailed: "Sorry, I couldn't read your alert contact just now. Please try again in a minute.",
  home: {
    header: 'Your CloudMonitor alert contact',
    edit: 'Edit',
    remove: 'Remove',
    register: 'Register',
    changeRequest: 'Change my request',
    refresh: 'Refresh status',
    footer: (command: string) =>
      `You can do the same with \`${command}\` in any channel (\`${command} help\` lists everything).`,
    /** @param button the Refresh button's text */
    readFailed: (button: string) =>
      `:warning: I couldn't read your alert contact just now. Please click *${button}* in a minute.`,
    /** What did not work when Slack refused a Home button's action. */
    failed: {
      form: "I couldn't open the form",
      remove: "I couldn't open the removal confirmation",
      refresh: "I couldn't refresh your status",
    },
    slackSaid: (what: string, error: string) => `${what} (Slack said: ${error}). Please try again.`,
  },
};
