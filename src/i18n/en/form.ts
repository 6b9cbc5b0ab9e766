import { ALIIM_MAX_CHARS, CONTACT_NAME_CHARS, DESCRIBE_MAX_CHARS } from '../../contact/schema.js';

/** English texts: the `form` surface (part of the English catalogue, src/i18n/en.ts). */
export const form = {
  title: 'Alert contact',
  submit: 'Submit for approval',
  cancel: 'Cancel',
  close: 'Close',
  loading: ':hourglass_flowing_sand: Loading your Slack profile…',
  introCreate:
    'Register yourself as a CloudMonitor alert contact. An admin approves the request; then CloudMonitor sends *activation links* to your phone and email, and alerts reach you once you open them.',
  introClaim: (name: string, what: string) =>
    `CloudMonitor already has an alert contact *${name}* with ${what} from your Slack profile, and nobody manages it through this bot. Submit to claim it (an admin approves); change anything you like, or leave it as it is.`,
  claimWhat: { Mail: 'your email address', SMS: 'your mobile number' },
  introUpdate: (name: string) =>
    `Change your alert contact *${name}*. An admin approves the change; a new phone number or email gets a new *activation link*.`,
  contactNameHint: `How you appear in CloudMonitor. ${CONTACT_NAME_CHARS.min}–${CONTACT_NAME_CHARS.max} characters: letters (Chinese too), digits, ".", "_" or "-"; start with a letter or Chinese character. It can't be changed later.`,
  contactNamePlaceholder: 'e.g. dana_ops',
  /** The Description prefilled from the Slack profile: name and title joined, then where they came from. */
  profileSeparator: ', ',
  viaSlack: (text: string) => `${text} (via Slack)`,
  describeHint: `Who you are for the people reading alerts, e.g. team and role. At most ${DESCRIBE_MAX_CHARS} characters.`,
  mailHint: 'CloudMonitor emails an activation link to this address; open it to start receiving alerts.',
  smsLabel: 'Mobile phone for SMS',
  smsHint: 'Mainland China mobile number (e.g. 138 0000 0000). CloudMonitor texts an activation link to it.',
  aliImHint: `Your TradeManager (阿里旺旺) account, China site only. At most ${ALIIM_MAX_CHARS} characters.`,
  dingWebHookLabel: 'DingTalk chatbot webhook',
  dingWebHookHint:
    'The webhook URL of a DingTalk group chatbot: https://oapi.dingtalk.com/robot/send?access_token=… Set the robot\'s security to custom keywords (a word CloudMonitor\'s alerts contain) or an IP address range: CloudMonitor does not sign its messages, so a robot set to "sign" never receives them.',
  langHint: 'The language of the alerts CloudMonitor sends you.',
  channelsIntro:
    '*How CloudMonitor reaches you*\nGive at least one: email, mobile phone, TradeManager ID or DingTalk webhook.',
  langAuto: 'Automatic (by account region)',
  groupsLabel: 'Alert contact groups',
  groupsHint:
    'CloudMonitor sends the alerts of a group to every contact in it. Pick the groups you want alerts from; unselect one to leave it.',
  groupsPlaceholder: 'Choose groups',
  groupsTypeaheadPlaceholder: 'Type to search groups',
  notes: {
    earlierPending:
      ':information_source: Your earlier request is waiting for approval. Submitting this form replaces it.',
    earlierFailed:
      ':information_source: Your earlier request could not be registered yet. Submitting this form replaces it.',
    groupsUnlisted:
      ":warning: I couldn't load the alert contact groups from CloudMonitor, so this form leaves your groups as they are.",
    groupsUnread:
      ":warning: I couldn't read your alert contact groups from CloudMonitor, so this form leaves them as they are.",
    contactGone: ':warning: CloudMonitor no longer has this contact; submitting registers it again.',
    contactUnread: ":warning: I couldn't read your contact from CloudMonitor, so the form shows what you registered.",
    profileUnread: ":warning: I couldn't read your Slack profile, so the form starts empty.",
    claimGone: ":warning: The contact you were claiming is now someone else's or gone; submit to register a new one.",
  },
  nameTaken: 'Someone else already registered this name. Please pick another.',
  claimTaken:
    'Someone else has claimed this contact meanwhile. Close the form and run /alert-contact again to register your own.',
  earlierInProgress: 'Your earlier request is being registered right now. Try again in a minute.',
  tooMany: (count: number, window: string) =>
    `You've sent ${count} requests in the last ${window}. Please wait a little and submit again.`,
  minutes: (n: number) => `${n} minutes`,
  seconds: (n: number) => `${n} seconds`,
  noChangesTitle: 'No changes',
  noChanges: (name: string) => `Your alert contact *${name}* already has these values, so there is nothing to approve.`,
  sentTitle: 'Sent for approval',
  sent: (name: string) =>
    `:white_check_mark: Your request for *${name}* was sent to the alert-contact admins. I'll DM you when they decide.`,
  postingTitle: 'Request saved',
  posting: (name: string) =>
    `:hourglass_flowing_sand: Your request for *${name}* is saved. I'm posting it to the alert-contact admins now…`,
  savedTitle: 'Request saved',
  saved: (name: string) =>
    `:floppy_disk: Your request for *${name}* is saved, but I couldn't post it to the alert-contact admins yet. I'll keep trying and DM you what happens.`,
  ackLostSent: (name: string) =>
    `:white_check_mark: Slack may have shown you an error when you submitted, but your request for *${name}* was received and sent to the alert-contact admins. No need to submit it again; I'll DM you when they decide.`,
  ackLostSaved: (name: string) =>
    `:floppy_disk: Slack may have shown you an error when you submitted, but your request for *${name}* was received and saved. I couldn't post it to the alert-contact admins yet; I'll keep trying and DM you what happens. No need to submit it again.`,
  ackLostReceived: (name: string) =>
    `:white_check_mark: Slack may have shown you an error when you submitted, but your request for *${name}* was received. No need to submit it again; I'll DM you when it is done.`,
  storeUnavailable:
    "I couldn't save your request just now (the bot's database did not answer). Please try again in a moment.",
  receivedTitle: 'Request received',
  received: (name: string) =>
    `:white_check_mark: Your request for *${name}* is received. I'll DM you when it is done (an admin looks first if it overwrites something or changes a channel).`,
  notPosted: (name: string, id: string, error: string, channel: string) =>
    `Your request for ${name} is saved (\`${id}\`), but I couldn't post it to the admins' channel yet (Slack said: ${error}). I'll keep trying; if this lasts, ask an alert-contact admin to invite me to ${channel}.`,
  groupsUnavailable: "I couldn't check the contact groups with CloudMonitor just now. Please submit again in a moment.",
  groupNotOffered: (names: string) =>
    `${names}: not a contact group you can join here (it may have been deleted). Unselect it and submit again.`,
};
