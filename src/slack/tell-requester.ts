import { escapeMrkdwn } from '../blocks/primitives.js';
import { buildRegisteredDm, buildRejectedDm, buildRemovedDm } from '../blocks/requester-messages.js';
import type { AppDeps } from '../compose.js';
import { messages } from '../i18n/index.js';
import { channelsNeedingActivation, pendingChannels } from '../reminders/activation.js';
import { type ContactRequest, isIn, TOLD_STATUSES } from '../requests/request.js';
import { attemptOwner } from '../store/store.js';
import { type DeliveryTracker, isRefusal } from './delivery.js';

/**
 * DMs the requester the outcome of their request (registered: which channels to activate; rejected: the
 * reason) and records that they were told. A lease (`tell:<id>`, 60 s) keeps the worker and the sweeper from
 * sending it twice at once. A DM Slack refused (ok:false, or 429 past its waits) is tried again by the sweeper
 * with backoff (`deliveries`); one refused for a permanent reason (e.g. `user_not_found`, `missing_scope`) or
 * refused until the tries are spent is given up: audited (`dm-undeliverable`) and the admins are told once in
 * SLACK_ADMIN_CHANNEL_ID. One whose answer was lost (5xx, network; it may have arrived) is not sent again, and
 * neither is one whose sender died after posting it and before recording that (a `tell-attempt:<id>` marker
 * written before each post): a crash in that instant can lose the DM, never send it twice.
 * @returns true when the DM was sent now
 */
export async function notifyRequester(
  deps: AppDeps,
  request: ContactRequest,
  deliveries: DeliveryTracker,
): Promise<boolean> {
  if (!isIn(TOLD_STATUSES, request.status)) return false;
  const key = `tell:${request.id}`;
  if (!(await deliveries.due(key))) return false;
  const lease = `tell:${request.id}`;
  const owner = attemptOwner(deps.instanceId);
  // As long as a DM may take, but no longer than RESUME_AFTER: a crashed sender's DM is picked up soon after.
  if (!(await deps.store.claim(lease, owner, Math.min(60_000, deps.config.resumeAfterMs)))) return false;
  const about = request.status === 'rejected' ? 'rejection' : request.status === 'removed' ? 'removal' : 'registration';
  // A sender that died between posting and recording it left this marker: the DM may have arrived, and a second
  // one must not (the same rule as for a lost answer). Written before each post, removed when Slack refuses.
  const attempt = `tell-attempt:${request.id}`;
  if (await deps.store.get<string>(attempt)) {
    await deps.requests.markTold(request.id);
    await deps.store.release(lease, owner);
    deps.logger.warn(
      { requestId: request.id },
      `an earlier attempt to DM the requester about their ${about} did not finish; counted as told, not re-sent`,
    );
    return false;
  }
  try {
    const locale = await deps.locales.of(request.requesterId);
    const message =
      request.status === 'rejected'
        ? buildRejectedDm(locale, request)
        : request.status === 'removed'
          ? buildRemovedDm(locale, request)
          : buildRegisteredDm(locale, request, await activationPending(deps, request));
    await deps.store.set(attempt, owner);
    await deps.poster.post({ channel: request.requesterId, ...message });
    await deps.requests.markTold(request.id);
    await deps.store.delete(attempt);
    await deliveries.delivered(key);
    deps.logger.info(
      { requestId: request.id, requesterId: request.requesterId, outcome: request.status },
      `requester told about their ${about}`,
    );
    return true;
  } catch (error) {
    if (isRefusal(error)) {
      // Slack refused it: nothing was delivered; the sweeper tries again after the backoff, or it is given up.
      await deps.store.delete(attempt);
      const verdict = await deliveries.refused(key, error, {
        permanentStops: true,
        log: {
          fields: { requestId: request.id, requesterId: request.requesterId },
          message: `could not DM the requester about their ${about}`,
        },
      });
      if (verdict.gaveUp) {
        await deps.requests.markTold(request.id);
        await deps.audit.append({
          actor: 'bot',
          subject: request.requesterId,
          action: 'dm-undeliverable',
          requestId: request.id,
          contactName: request.contact.ContactName,
          outcome: verdict.code,
          detail: about,
        });
        await tellAdminsUndeliverable(deps, request, verdict.code);
      }
      await deps.store.release(lease, owner);
    } else {
      // The answer was lost (5xx, network): the DM may have arrived, and a second one must not (issue: no blind
      // re-posts). Counted as told.
      await deps.requests.markTold(request.id);
      deps.logger.error(
        { err: error, requestId: request.id },
        `could not confirm the DM to the requester about their ${about}; not re-sent`,
      );
    }
    return false;
  }
}

/**
 * Tells the admins once (a forever marker `undeliverable-notice:<id>`) in SLACK_ADMIN_CHANNEL_ID that a
 * requester cannot be DMed, so someone tells them another way. Failures are logged, not thrown.
 */
async function tellAdminsUndeliverable(deps: AppDeps, request: ContactRequest, code: string): Promise<void> {
  if (!(await deps.store.claim(`undeliverable-notice:${request.id}`, deps.instanceId))) return;
  const m = messages(deps.config.adminLanguage);
  try {
    await deps.poster.post({
      channel: deps.config.slack.adminChannelId,
      text: m.admin.dmUndeliverable(
        `<@${request.requesterId}>`,
        escapeMrkdwn(request.contact.ContactName),
        request.id,
        code,
        request.status,
      ),
    });
  } catch (error) {
    deps.logger.error(
      { err: error, requestId: request.id },
      'could not tell the admins that the requester cannot be DMed either',
    );
  }
}

/** SMS/Mail still to activate, per DescribeContactList; if CloudMonitor can't be asked, the new or changed ones. */
async function activationPending(deps: AppDeps, request: ContactRequest) {
  try {
    const remote = await deps.cms.describeContact(request.contact.ContactName);
    if (remote) return pendingChannels(request.contact, remote);
  } catch (error) {
    deps.logger.warn(
      { err: error, requestId: request.id },
      'DescribeContactList failed after PutContact; assuming new channels need activation',
    );
  }
  return channelsNeedingActivation(request.contact, request.previous);
}
