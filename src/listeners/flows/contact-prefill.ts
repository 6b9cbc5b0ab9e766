import { createHash } from 'node:crypto';
import type { ContactModalMode, ContactPrefill, FormNote } from '../../blocks/contact-modal.js';
import { QUEUE_DEADLINE, withCmsDeadline } from '../../cms/call-scheduler.js';
import type { RemoteContact } from '../../cms/client.js';
import { groupCacheFor, selfServiceGroupNames } from '../../cms/group-cache.js';
import type { AppDeps } from '../../compose.js';
import { contactFromRemote } from '../../contact/merge.js';
import { describeFromProfile } from '../../contact/profile-describe.js';
import { CONTACT_NAME_CHARS, type Contact, parseContact } from '../../contact/schema.js';
import { localeFromSlack } from '../../i18n/index.js';
import { CLAIM_OFFER_TTL_MS, findClaimableContact } from '../../requests/claim.js';
import type { ContactRequest, RegisteredContact } from '../../requests/request.js';
import { CLAIM_LOOKUP_BUDGET_MS, within } from '../../slack/ack-budgets.js';

/** What the modal starts from, and whether it registers a new contact or changes the user's own. */
export interface ModalStart {
  /** Field values, and in `groups` the user's current self-service groups to preselect. */
  prefill: ContactPrefill;
  mode: ContactModalMode;
  /** Notes for the top of the modal. */
  notes: FormNote[];
  /** Self-service contact groups to offer; [] leaves the groups block out. */
  offeredGroups: string[];
}

/** A ContactName suggestion from a display name: spaces → `_`, disallowed characters dropped, letter first. */
export function suggestContactName(...candidates: Array<string | undefined>): string | undefined {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const name = candidate
      .normalize('NFKC')
      .trim()
      .replace(/\s+/g, '_')
      .replace(/[^A-Za-z0-9\p{Script=Han}._-]/gu, '')
      .replace(/^[^A-Za-z\p{Script=Han}]+/u, '');
    const cut = [...name].slice(0, CONTACT_NAME_CHARS.max).join('');
    if ([...cut].length >= CONTACT_NAME_CHARS.min) return cut;
  }
  return undefined;
}

/** Slack locale (e.g. `zh-CN`, `en-US`) → PutContact Lang; other locales → automatic. */
export function langFromLocale(locale: string | undefined): ContactPrefill['Lang'] {
  if (!locale) return undefined;
  if (/^zh/i.test(locale)) return 'zh-cn';
  if (/^en/i.test(locale)) return 'en';
  return undefined;
}

function fromContact(contact: Contact): ContactPrefill {
  return {
    ContactName: contact.ContactName,
    Describe: contact.Describe,
    ...contact.Channels,
    ...(contact.Lang ? { Lang: contact.Lang } : {}),
  };
}

type PrefillDeps = Pick<AppDeps, 'requests' | 'cms' | 'config' | 'logger' | 'now' | 'locales' | 'profiles' | 'store'>;

/**
 * Builds the modal's starting values: the requester's open request (pending or failed) if any, else their
 * registered contact as CloudMonitor has it now (DescribeContactList; an edit), else their Slack profile from users.info with include_locale (real name →
 * ContactName, email, phone if it is an SMS-capable number, locale → Lang). A users.info failure leaves the
 * form empty rather than failing. Without a registered contact, a CloudMonitor contact nobody owns through the bot
 * whose e-mail or mobile is the profile's (DescribeContactList by channel) is offered for claiming instead: name
 * fixed, fields and groups as CloudMonitor has them; the offer is remembered in the store for the submission.
 * In parallel, the contact groups to offer (self-service groups from the group cache) and the user's current ones
 * to preselect: those of their open request, else DescribeContactList's ContactGroups for an edit, else none. If
 * either cannot be read the groups block is left out with a note (a form without the block leaves groups as
 * they are); it never stops the form from opening.
 */
export async function loadModalStart(deps: PrefillDeps, userId: string): Promise<ModalStart> {
  const { requests } = deps;
  const [open, registered] = await Promise.all([requests.openRequestOf(userId), requests.registeredContactOf(userId)]);
  // One DescribeContactList at most, shared by the field values and the current groups.
  let remote: Promise<RemoteContact | undefined> | undefined;
  const readRemote = (contactName: string) => (remote ??= deps.cms.describeContact(contactName));
  const [{ claimGroups, ...start }, groups] = await Promise.all([
    loadFields(deps, userId, open, registered, readRemote),
    loadGroupChoice(deps, userId, open, registered, readRemote),
  ]);
  // A contact offered for claiming: its groups in CloudMonitor are the current ones.
  const current =
    claimGroups && groups.offered.length > 0
      ? groups.offered.filter((name) => claimGroups.includes(name))
      : groups.current;
  return {
    ...start,
    prefill: current ? { ...start.prefill, groups: current } : start.prefill,
    notes: groups.note ? [...start.notes, groups.note] : start.notes,
    offeredGroups: groups.offered,
  };
}

/**
 * The offered self-service groups and the user's current ones among them. Offered is [] (block left out), with a
 * note, when the groups or the user's membership cannot be read: an empty preselection would take them out of
 * every group on submission.
 */
async function loadGroupChoice(
  deps: PrefillDeps,
  userId: string,
  open: ContactRequest | undefined,
  registered: RegisteredContact | undefined,
  readRemote: (contactName: string) => Promise<RemoteContact | undefined>,
): Promise<{ offered: string[]; current?: string[]; note?: FormNote }> {
  let offered: string[];
  try {
    offered = selfServiceGroupNames(await groupCacheFor(deps).list(), deps.config.selfServiceGroups);
  } catch (error) {
    deps.logger.warn({ err: error, userId }, 'could not list the contact groups for the contact form');
    return { offered: [], note: 'groupsUnlisted' };
  }
  if (offered.length === 0) return { offered };
  let current: readonly string[] = [];
  if (open && open.kind !== 'remove' && open.groups !== undefined) current = open.groups;
  else if (registered) {
    try {
      current = (await readRemote(registered.contact.ContactName))?.ContactGroups ?? [];
    } catch (error) {
      deps.logger.warn({ err: error, userId }, "could not read the user's contact groups for the contact form");
      return { offered: [], note: 'groupsUnread' };
    }
  }
  return { offered, current: offered.filter((name) => current.includes(name)) };
}

/** The field values (see {@link loadModalStart}). */
async function loadFields(
  deps: PrefillDeps,
  userId: string,
  open: ContactRequest | undefined,
  registered: RegisteredContact | undefined,
  readRemote: (contactName: string) => Promise<RemoteContact | undefined>,
): Promise<Omit<ModalStart, 'offeredGroups'> & { claimGroups?: string[] }> {
  let mode: ModalStart['mode'] = registered
    ? { kind: 'update', contactName: registered.contact.ContactName }
    : { kind: 'create' };
  if (open) {
    if (!registered && open.kind === 'claim' && open.claim) {
      // Their claim waits for approval: the form claims the same contact again (and replaces the request).
      mode = { kind: 'claim', contactName: open.contact.ContactName, matchedBy: open.claim.matchedBy };
      await deps.requests.setClaimOffer(
        userId,
        { contactName: open.contact.ContactName, matchedBy: open.claim.matchedBy, offeredAt: deps.now() },
        CLAIM_OFFER_TTL_MS,
      );
    } else if (!registered) {
      await deps.requests.setClaimOffer(userId, undefined, CLAIM_OFFER_TTL_MS);
    }
    return {
      prefill: fromContact(open.contact),
      mode,
      notes: [open.status === 'failed' ? 'earlierFailed' : 'earlierPending'],
    };
  }
  if (registered) {
    // Live values from CloudMonitor (someone may have changed the contact in the console); a channel CloudMonitor
    // lists without its value (pending activation) or masked keeps the registered one: a mask never reaches the form.
    try {
      const remote = await readRemote(registered.contact.ContactName);
      if (remote) {
        return { prefill: fromContact(contactFromRemote(remote, registered.contact)), mode, notes: [] };
      }
      return { prefill: fromContact(registered.contact), mode, notes: ['contactGone'] };
    } catch (error) {
      deps.logger.warn(
        { err: error, userId },
        'could not read the contact from CloudMonitor for the form; prefilled from the store',
      );
      return { prefill: fromContact(registered.contact), mode, notes: ['contactUnread'] };
    }
  }

  try {
    // The stored profile (kept fresh by user_change events), else users.info: a known person costs no Slack call.
    const user = await deps.profiles.of(userId);
    await deps.locales.remember(userId, user.locale); // the form's language, without a second users.info
    const profile = user?.profile;
    const realName = profile?.real_name || user?.real_name;
    const phone = profile?.phone
      ? parseContact({ ContactName: 'xx', Describe: 'x', Channels: { SMS: profile.phone } })
      : undefined;
    const claimable = await findClaimable(deps, userId, profile?.email, profile?.phone);
    await deps.requests.setClaimOffer(
      userId,
      claimable
        ? { contactName: claimable.remote.ContactName, matchedBy: claimable.matchedBy, offeredAt: deps.now() }
        : undefined,
      CLAIM_OFFER_TTL_MS,
    );
    if (claimable) {
      return {
        prefill: fromContact(contactFromRemote(claimable.remote)),
        mode: { kind: 'claim', contactName: claimable.remote.ContactName, matchedBy: claimable.matchedBy },
        notes: [],
        claimGroups: claimable.remote.ContactGroups,
      };
    }
    return {
      prefill: {
        ContactName: suggestContactName(realName, profile?.display_name, user?.name),
        Describe: describeFromProfile(localeFromSlack(user?.locale), realName, profile?.title),
        Mail: profile?.email || undefined,
        SMS: phone?.ok ? phone.contact.Channels.SMS : undefined,
        Lang: langFromLocale(user?.locale),
      },
      mode,
      notes: [],
    };
  } catch (error) {
    deps.logger.warn(
      { err: error, userId },
      'could not read the Slack profile (users.info) for the form; opened empty',
    );
    await deps.requests
      .setClaimOffer(userId, undefined, CLAIM_OFFER_TTL_MS)
      .catch((storeError: unknown) =>
        deps.logger.warn({ err: storeError, userId }, 'could not forget an earlier claim offer'),
      );
    return { prefill: {}, mode, notes: ['profileUnread'] };
  }
}

/** How long "nothing to claim" is remembered for a person's profile values, ms (5 minutes). */
export const NO_CLAIM_TTL_MS = 5 * 60_000;

const noClaimKey = (userId: string) => `user:${userId}:no-claim`;

/** At most one warning per this many ms about claim lookups the CloudMonitor queue could not take (with a count). */
const QUEUE_WARNING_EVERY_MS = 10_000;
/** Per logger (one per app): when that warning was last logged, and the forms it covered since. */
const queueWarnings = new WeakMap<object, { lastAt: number; forms: number }>();

/**
 * Forgets that nothing matched this person (e.g. an admin just invited them to claim a contact), so the next form
 * looks again at once.
 */
export async function forgetNoClaim(deps: Pick<AppDeps, 'store'>, userId: string): Promise<void> {
  await deps.store.delete(noClaimKey(userId));
}

/**
 * An existing CloudMonitor contact this person may claim (requests/claim.ts), or undefined. A search that found
 * nothing is remembered for {@link NO_CLAIM_TTL_MS} for the same profile values, so opening the form again costs
 * no CloudMonitor call (the calls-per-second cap is shared with approvals). A CloudMonitor failure, calls the queue
 * could not start in time, or no answer within {@link CLAIM_LOOKUP_BUDGET_MS} are logged and count as none (the
 * person can still register a new one).
 */
async function findClaimable(deps: PrefillDeps, userId: string, email: string | undefined, phone: string | undefined) {
  const profile = { email: email || undefined, phone: phone || undefined };
  if (!profile.email && !profile.phone) return undefined;
  const fingerprint = createHash('sha256')
    .update(`${profile.email ?? ''}\n${profile.phone ?? ''}`)
    .digest('hex');
  try {
    if ((await deps.store.get<string>(noClaimKey(userId))) === fingerprint) return undefined;
    // Its CloudMonitor calls are dropped from the queue when they cannot start within the budget (at once when the
    // queue ahead makes that clear), so a burst of first-time form opens neither piles lookups up behind the
    // calls-per-second cap nor waits for lookups that cannot happen in time.
    const answer = await within(
      withCmsDeadline(CLAIM_LOOKUP_BUDGET_MS, () => findClaimableContact(deps, userId, profile)).then((found) => ({
        found,
      })),
      CLAIM_LOOKUP_BUDGET_MS,
    );
    if (!answer) {
      deps.logger.warn(
        { userId },
        'CloudMonitor did not answer in time to look for a contact to claim; the form offers a new one',
      );
      return undefined;
    }
    if (!answer.found) await deps.store.set(noClaimKey(userId), fingerprint, NO_CLAIM_TTL_MS);
    return answer.found;
  } catch (error) {
    // A call the CloudMonitor queue dropped: `QueueDeadline`, from the scheduler (CallDeadlineError) or as the client
    // passes it on (cms/errors.ts asCmsError).
    if ((error as { code?: unknown } | undefined)?.code === QUEUE_DEADLINE) {
      // Expected in a burst, one per person then: one line per QUEUE_WARNING_EVERY_MS with a count, no stack.
      const skipped = queueWarnings.get(deps.logger) ?? { lastAt: Number.NEGATIVE_INFINITY, forms: 0 };
      skipped.forms += 1;
      queueWarnings.set(deps.logger, skipped);
      if (deps.now() - skipped.lastAt >= QUEUE_WARNING_EVERY_MS) {
        deps.logger.warn(
          { userId, code: QUEUE_DEADLINE, forms: skipped.forms },
          "CloudMonitor's queue was too long to look for a contact to claim in time; these forms offered a new contact",
        );
        skipped.lastAt = deps.now();
        skipped.forms = 0;
      }
      return undefined;
    }
    deps.logger.warn(
      { err: error, userId },
      'could not look for an existing contact to claim; the form offers a new one',
    );
    return undefined;
  }
}
