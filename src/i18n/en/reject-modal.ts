/** English texts: the `rejectModal` surface (part of the English catalogue, src/i18n/en.ts). */
export const rejectModal = {
  title: 'Reject request',
  submit: 'Reject',
  cancel: 'Cancel',
  question: (who: string, name: string) => `Reject ${who}'s request for *${name}*?`,
  reason: 'Reason (sent to the requester)',
  notFound: "I can't find that request any more.",
  tooLate: (status: string) => `Too late: the request is already ${status}.`,
};
