/** English texts: the `command` surface (part of the English catalogue, src/i18n/en.ts). */
export const command = {
  intro: (command: string) =>
    `*${command}*: register yourself as a CloudMonitor alert contact, change it or remove it.`,
  unknown: (call: string) => `I don't know \`${call}\`.`,
  adminsOnly: ' (admins)',
  subcommands: {
    form: 'open the form: register, or change your contact (prefilled)',
    edit: 'change your contact (prefilled from CloudMonitor)',
    status: 'your contact, each channel and whether it is activated, your open request, the next reminder',
    remove: 'ask to remove your contact from CloudMonitor',
    help: 'this message',
    pending: 'open requests, oldest first, with Approve / Reject',
    audit: 'recent audit entries, optionally for one person',
    adopt:
      'CloudMonitor contacts nobody owns through the bot, each with the Slack user its email matches: assign an owner or invite them to claim',
  },
  formFailed: (error: string, command: string) =>
    `Sorry, I couldn't open the form (Slack said: ${error}). Please run \`${command}\` again.`,
};
