import type { AppDeps } from '../compose.js';
import { withLeaseLock } from '../store/lease-lock.js';
import { type ContactGroup, groupWouldBeEmpty } from './client.js';
import { CmsError } from './errors.js';

/**
 * How long one group's read-modify-write may hold its lock, ms: longer than a read plus a write at their slowest
 * (each up to 5 tries of 10 s plus backoff), so the lock cannot lapse in the middle of a change.
 */
const GROUP_LOCK_MS = 3 * 60_000;
/** How long a change waits for another change of the same group, ms, before it fails (and can be retried). */
const GROUP_LOCK_WAIT_MS = 60_000;
/** Most members PutContactGroup takes (`ContactNames.N`, N = 1..100: https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-putcontactgroup). */
export const MAX_GROUP_MEMBERS = 100;

/**
 * Changes which alert contact groups a contact is in, one group at a time, each as a read-modify-write under a
 * store lock on the group (`group-lock:<name>`, across replicas): the group is re-read with
 * DescribeContactGroupList right before PutContactGroup, and written back with every other member, its
 * Describe and its EnableSubscribed unchanged. Two approvals touching one group therefore never lose a member.
 * Groups that no longer exist are skipped.
 * @param add group names to put the contact in
 * @param remove group names to take the contact out of
 * @throws CmsError when CloudMonitor fails (the caller marks the request failed; Retry repeats it safely)
 * @throws CmsError `ContactGroupFull` when joining would exceed CloudMonitor's 100 members
 * @throws CmsError `ContactGroupWouldBeEmpty` when leaving would leave a group without members (nothing sent for it)
 * @throws CmsError `ContactGroupNotUpdated` when CloudMonitor does not show a written change on reading it back
 * @throws Error when a group's lock cannot be had within 60 s
 */
export async function changeGroupMembership(
  deps: Pick<AppDeps, 'cms' | 'store' | 'audit' | 'logger'>,
  contactName: string,
  change: { add: readonly string[]; remove: readonly string[]; requestId: string; subject?: string },
): Promise<void> {
  const targets = [...new Set([...change.add, ...change.remove])].sort(); // a fixed order: no lock cycles
  for (const name of targets) {
    await withGroupLock(deps, name, async () => {
      const group = (await deps.cms.listContactGroups()).find((candidate) => candidate.Name === name);
      if (!group) {
        deps.logger.warn({ group: name, requestId: change.requestId }, 'contact group no longer exists; skipped');
        return;
      }
      const members = new Set(group.Contacts);
      if (change.add.includes(name)) members.add(contactName);
      if (change.remove.includes(name)) members.delete(contactName);
      if (members.size === group.Contacts.length && group.Contacts.every((member) => members.has(member))) return;
      if (members.size > MAX_GROUP_MEMBERS) {
        throw new CmsError({
          code: 'ContactGroupFull',
          message: `Contact group "${name}" already has ${MAX_GROUP_MEMBERS} members, the most CloudMonitor allows; someone must leave it first.`,
        });
      }
      const next: ContactGroup = { ...group, Contacts: [...members] };
      const { requestId: cmsRequestId } = await deps.cms.putContactGroup(next);
      await deps.audit.append({
        actor: 'bot',
        action: change.add.includes(name) ? 'group-add' : 'group-remove',
        requestId: change.requestId,
        subject: change.subject,
        contactName,
        cmsAction: 'PutContactGroup',
        cmsRequestId,
        outcome: 'ok',
        detail: name,
      });
    });
  }
}

/**
 * Checks, before anything is changed, that taking `contactName` out of the groups `remove` leaves none of them
 * without members (PutContactGroup cannot empty a group: see `CmsClient.putContactGroup`). One
 * DescribeContactGroupList (all pages); groups that do not exist or do not have the contact are fine.
 * @throws CmsError `ContactGroupWouldBeEmpty` naming every such group
 * @throws CmsError when the groups cannot be listed
 */
export async function refuseEmptiedGroups(
  deps: Pick<AppDeps, 'cms'>,
  contactName: string,
  remove: readonly string[],
): Promise<void> {
  if (remove.length === 0) return;
  const groups = await deps.cms.listContactGroups();
  const emptied = groups
    .filter((group) => remove.includes(group.Name) && group.Contacts.includes(contactName))
    .filter((group) => group.Contacts.every((member) => member === contactName))
    .map((group) => group.Name);
  if (emptied.length > 0) throw groupWouldBeEmpty(emptied);
}

function withGroupLock<T>(deps: Pick<AppDeps, 'store'>, group: string, work: () => Promise<T>): Promise<T> {
  return withLeaseLock(deps.store, `group-lock:${group}`, work, {
    ttlMs: GROUP_LOCK_MS,
    waitMs: GROUP_LOCK_WAIT_MS,
    busy: () => new Error(`contact group "${group}" is locked by another change; try again`),
  });
}
