/** English texts of the pending surface (part of the English catalogue, src/i18n/en.ts): `/alert-contact pending`. */
export const pending = {
  none: 'No open alert-contact requests.',
  noneBlock: ':tada: No open alert-contact requests: nothing waits for an admin.',
  /** The fallback text; `more` is `+` when the store may hold more than `count`, else empty. */
  text: (count: number, more: string) =>
    `${count}${more} open alert-contact request${count === 1 && !more ? '' : 's'}, oldest first.`,
  /** The footer when every open request is shown. */
  all: (shown: number) =>
    `${shown} open request${shown === 1 ? '' : 's'}, oldest first. The buttons work as in the admins' channel and update its message.`,
  /** The footer when some are left out; `total` is a count, maybe with `+`. */
  some: (shown: number, total: string, command: string) =>
    `Showing the oldest ${shown} of ${total} open requests. Decide these, then run \`${command} pending\` again for the rest.`,
  readFailed: "Sorry, I couldn't read the open requests just now. Please try again in a minute.",
};
