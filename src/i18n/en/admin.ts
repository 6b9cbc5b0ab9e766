/** English texts: the `admin` surface (part of the English catalogue, src/i18n/en.ts). */
export const admin = {
  dmUndeliverable: (who: string, name: string, id: string, code: string, status: string) =>
    `:warning: I couldn't DM ${who} that their request for *${name}* (\`${id}\`) is ${status}: Slack said \`${code}\`. I won't try again; please tell them another way.`,
  notAdmin: 'Only alert-contact admins can do this.',
  notFound: "I can't find that request any more.",
  alreadyDecided: (status: string) => `This request is already ${status}; nothing changed.`,
  nothingToReject: (status: string) => `This request is already ${status}; nothing to reject.`,
  beingDecided: 'Another click is deciding this request right now; nothing changed.',
  approveFailed: 'Something went wrong while approving; the request is kept. Please try again.',
  rejectFormFailed: 'Slack did not open the reject form in time; please click Reject again.',
};
