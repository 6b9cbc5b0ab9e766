import { CHANNELS, type Contact } from './schema.js';

/** One field that differs between two versions of a contact. Values are as stored (unmasked). */
export interface FieldChange {
  field: 'Describe' | 'Lang' | `Channels.${(typeof CHANNELS)[number]}`;
  before: string | undefined;
  after: string | undefined;
}

/**
 * Lists what an edit changes, field by field (ContactName is the identity and never changes).
 * @returns an empty array when the two contacts are the same
 */
export function diffContacts(before: Contact, after: Contact): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before.Describe !== after.Describe)
    changes.push({ field: 'Describe', before: before.Describe, after: after.Describe });
  for (const channel of CHANNELS) {
    if (before.Channels[channel] !== after.Channels[channel]) {
      changes.push({ field: `Channels.${channel}`, before: before.Channels[channel], after: after.Channels[channel] });
    }
  }
  if (before.Lang !== after.Lang) changes.push({ field: 'Lang', before: before.Lang, after: after.Lang });
  return changes;
}

/**
 * What a change of contact-group membership does.
 * @returns the groups joined (in `after`, not `before`) and left (in `before`, not `after`), in input order
 */
export function diffGroups(
  before: readonly string[],
  after: readonly string[],
): { added: string[]; removed: string[] } {
  return {
    added: after.filter((group) => !before.includes(group)),
    removed: before.filter((group) => !after.includes(group)),
  };
}
