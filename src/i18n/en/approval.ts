/** English texts: the `approval` surface (part of the English catalogue, src/i18n/en.ts). */
export const approval = {
  header: {
    create: 'Alert contact request',
    update: 'Alert contact change',
    remove: 'Alert contact removal',
    claim: 'Alert contact claim',
  },
  asks: {
    create: (who: string, name: string) => `${who} asks to register a new alert contact *${name}* in CloudMonitor.`,
    update: (who: string, name: string) => `${who} asks to change their alert contact *${name}* in CloudMonitor.`,
    remove: (who: string, name: string) => `${who} asks to remove their alert contact *${name}* from CloudMonitor.`,
    claim: (who: string, name: string) =>
      `${who} asks to become the owner of the existing CloudMonitor contact *${name}*, which nobody registered through this bot.`,
  },
  claimMatched: (profileValue: string, what: string) =>
    `:link: Matched: ${what} in their Slack profile (${profileValue}) is this contact's.`,
  claimMatchWhat: { Mail: 'the email address', SMS: 'the mobile number' },
  claimNoChange: 'Nothing: approving records them as its owner and leaves the contact in CloudMonitor as it is.',
  offboarding: (who: string, name: string) =>
    `Slack reports ${who} deactivated. Remove their alert contact *${name}* from CloudMonitor?`,
  overwrite: (name: string) =>
    `:warning: *${name} already exists in CloudMonitor and was not registered through this bot.* Approving overwrites it; compare below.`,
  existenceChecking: ':hourglass_flowing_sand: Checking whether this name already exists in CloudMonitor…',
  existsUnowned:
    'A contact of this name already exists in CloudMonitor and was not registered through this bot (compared above). Retry overwrites it; Reject keeps it.',
  existenceUnknown: ":grey_question: I couldn't ask CloudMonitor whether this name exists already.",
  whatChanges: '*What changes*',
  nothingChanges: 'Nothing: the same values are sent again.',
  groups: '*Contact groups*',
  noGroups: 'none',
  /** The groups of a request that changes none: the list (or noGroups), then that it stays. */
  groupsUnchanged: (list: string) => `${list} (unchanged)`,
  /** Between the groups of the line. */
  groupsSeparator: ', ',
  requestLine: (id: string, when: string) => `Request \`${id}\` · submitted ${when}`,
  approve: 'Approve',
  reject: 'Reject',
  retry: 'Retry',
  approvedBy: (by: string) => `Approved by ${by}`,
  approvedAuto: 'Approved automatically (APPROVAL=auto)',
  working: (how: string) => `:hourglass_flowing_sand: ${how}; working on it in CloudMonitor…`,
  fyi: ':robot_face: Approved automatically (APPROVAL=auto), for your information.',
  done: (by: string) => `:white_check_mark: Approved by ${by}.`,
  registered: (cmsId: string) => `Registered in CloudMonitor${cmsId}.`,
  removed: (cmsId: string) => `Removed from CloudMonitor${cmsId}.`,
  requestId: (id: string) => ` (RequestId \`${id}\`)`,
  failed: (by: string, code: string, message: string, cmsId: string) =>
    `:warning: Approved by ${by}, but CloudMonitor refused: \`${code}\` ${message}${cmsId}\nNothing is lost: Retry sends the same request again.`,
  nameTaken: (owner: string) =>
    `The name is already registered through this bot by ${owner}; ask the requester to pick another.`,
  anotherUser: 'another user',
  rejected: (by: string, reason: string) => `:no_entry_sign: Rejected by ${by}.${reason}`,
  superseded: ':leftwards_arrow_with_hook: Replaced by a newer request from the same person; nothing to decide here.',
  fallback: (header: string, who: string, name: string, status: string) =>
    `${header} from ${who} for ${name}: ${status}`,
  statusWord: {
    pending: 'waiting for approval',
    approving: 'in progress',
    registered: 'registered',
    removed: 'removed',
    failed: 'failed',
    rejected: 'rejected',
    superseded: 'replaced by a newer request',
  },
};
