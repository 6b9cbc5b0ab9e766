/**
 * English texts of the remove surface (part of the English catalogue, src/i18n/en.ts): the confirmation opened by
 * `/alert-contact remove` and the App Home's Remove button, and its outcomes. Parameters are already escaped for
 * mrkdwn where they go into mrkdwn.
 */
export const remove = {
  title: 'Remove alert contact',
  submit: 'Ask to remove',
  cancel: 'Cancel',
  close: 'Close',
  question: (name: string) =>
    `Remove your alert contact *${name}*? Admins approve; then CloudMonitor stops alerting you there, and the contact leaves its contact groups.`,
  changedMind: (command: string) => `Changed your mind later? Register again with \`${command}\`.`,
  /** The outcome modals: title (≤ 24 characters) and text. */
  outcome: {
    sent: {
      title: 'Sent for approval',
      text: (name: string) =>
        `:white_check_mark: Your request to remove *${name}* was sent to the alert-contact admins. I'll DM you when it is done; until then alerts keep reaching you.`,
    },
    sending: {
      title: 'Sending…',
      text: (name: string) => `:hourglass_flowing_sand: Sending your request to remove *${name}* to the admins…`,
    },
    noContact: {
      title: 'Nothing to remove',
      text: ":information_source: You don't have an alert contact registered through me, so there is nothing to remove. (Contacts added in the CloudMonitor console are removed there, by an admin.)",
    },
    inProgress: {
      title: 'Please wait',
      text: (name: string) =>
        `:gear: A change to *${name}* is being carried out in CloudMonitor right now. Try again in a minute.`,
    },
    alreadyRequested: {
      title: 'Already asked',
      text: (name: string, since: string) =>
        `:hourglass: You already asked to remove *${name}* (${since}); it is waiting for an admin.`,
    },
    error: {
      title: 'Not sent',
      text: (detail: string) => `:warning: Something went wrong, so nothing was sent (${detail}). Please try again.`,
    },
  },
  /** Details of the error outcome. */
  readFailed: "I couldn't read your contact",
  storeFailed: 'the request could not be stored',
  /** A DM when the outcome could not be shown in the modal. */
  notSent: (name: string, command: string) =>
    `Your request to remove ${name} was not sent. Please try again with ${command} remove.`,
  openFailed: (error: string, command: string) =>
    `Sorry, I couldn't open the confirmation (Slack said: ${error}). Please run \`${command} remove\` again.`,
};
