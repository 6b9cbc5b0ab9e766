import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CmsClient } from '../cms/client.js';
import { asCmsError } from '../cms/errors.js';
import type { PinoLogger } from '../log/logger.js';
import type { AuditLog } from '../store/audit.js';
import type { RequestRepository } from '../store/request-repository.js';
import type { Store } from '../store/store.js';

/** The CmsClient methods that call CloudMonitor. */
type CmsMethod = Exclude<keyof CmsClient, 'credentials'>;

/** CloudMonitor API action (API 2019-01-01) of each CmsClient method. */
const CMS_ACTIONS: Record<CmsMethod, string> = {
  putContact: 'PutContact',
  describeContact: 'DescribeContactList',
  deleteContact: 'DeleteContact',
  listContactGroups: 'DescribeContactGroupList',
  putContactGroup: 'PutContactGroup',
  findContactsByChannel: 'DescribeContactList',
  listContactsPage: 'DescribeContactList',
};

/** Audit actions that are outcomes an operator follows, and their info log line. */
const OUTCOME_LINES: Record<string, string> = {
  'activation-reminder': 'activation reminder sent',
  'activation-confirmed': 'activation confirmed',
  'removal-requested': 'removal requested',
};

/** Sorted indexes counted by the backlog gauge (names as the request repository and reminders keep them). */
const BACKLOGS = {
  pending: 'requests:pending',
  approving: 'requests:approving',
  unposted: 'requests:unposted',
  untold: 'requests:untold',
  name_lookups: 'requests:name-lookup',
} as const;
const REMINDERS_DUE_INDEX = 'reminders:due';
/** Most members a backlog gauge counts (the store has no count primitive; a larger backlog reads as this). */
const BACKLOG_CAP = 10_000;
/** Longest a scrape waits for the store for the backlog gauges, ms; past it the gauges keep their last values. */
const BACKLOG_BUDGET_MS = 500;

/**
 * The app's Prometheus metrics (prom-client, its own registry): requests by kind and outcome, decisions,
 * CloudMonitor calls by action and outcome with latency, Slack Web API errors by method and code, reminders,
 * backlog gauges read from the store at scrape time, and prom-client's default process and Node.js metrics
 * (event-loop lag, heap, CPU, open handles). Exposition format:
 * https://prometheus.io/docs/instrumenting/exposition_formats/.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'alert_contact_requests_total',
    help: 'Contact requests by kind (create, update, remove) and outcome (submitted, registered, removed, failed, rejected, superseded)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'alert_contact_decisions_total',
    help: 'Admin (or auto-approval) decisions by action (approve, reject, retry)',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });
  readonly cmsCalls = new Counter({
    name: 'alert_contact_cloudmonitor_calls_total',
    help: 'CloudMonitor API calls (after the client retries) by action and outcome (ok or the error code)',
    labelNames: ['action', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly cmsSeconds = new Histogram({
    name: 'alert_contact_cloudmonitor_call_duration_seconds',
    help: 'CloudMonitor API call latency including the client retries and rate cap, seconds',
    labelNames: ['action', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly slackErrors = new Counter({
    name: 'alert_contact_slack_api_errors_total',
    help: 'Slack Web API calls that failed, by method and code (Slack error code, ratelimited, http_<status>, network)',
    labelNames: ['method', 'code'] as const,
    registers: [this.registry],
  });
  readonly reminders = new Counter({
    name: 'alert_contact_reminders_total',
    help: 'Activation reminders by result (sent); a reminder Slack refuses shows in alert_contact_slack_api_errors_total{method="chat.postMessage"}',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(store: Store, logger: PinoLogger) {
    collectDefaultMetrics({ register: this.registry, prefix: 'alert_contact_' });
    const backlog = new Gauge({
      name: 'alert_contact_backlog',
      help: `Requests waiting, by queue (pending: for an admin; approving: being carried out; unposted: approval message not posted; untold: requester not told; name_lookups: new names not yet looked up in CloudMonitor; reminders_due: reminders past due), capped at ${BACKLOG_CAP}`,
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        const queues: Array<[string, string, number]> = [
          ...Object.entries(BACKLOGS).map(([queue, index]): [string, string, number] => [
            queue,
            index,
            Number.MAX_SAFE_INTEGER,
          ]),
          ['reminders_due', REMINDERS_DUE_INDEX, Date.now()],
        ];
        const counting = Promise.all(
          queues.map(
            async ([queue, index, max]) =>
              [queue, (await store.zrangeByScore(index, max, BACKLOG_CAP)).length] as const,
          ),
        );
        counting.catch(() => {}); // awaited below within its budget, which logs a failure; a late one has nobody to tell
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), BACKLOG_BUDGET_MS);
        });
        try {
          const counts = await Promise.race([counting, late]);
          if (counts) for (const [queue, count] of counts) this.set({ queue }, count);
        } catch (error) {
          logger.debug({ err: error }, 'could not read the backlog for /metrics');
        } finally {
          clearTimeout(timer);
        }
      },
    });
    void backlog;
  }

  /** The exposition text and its content type, for `/metrics`. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * `cms` with every call counted and timed by API action and outcome, and logged at debug (action, outcome,
   * CloudMonitor RequestId, ms; never parameters, which hold personal data, nor the AccessKey).
   */
  instrumentCms(cms: CmsClient, logger: PinoLogger): CmsClient {
    const wrapped = { ...cms };
    for (const name of Object.keys(CMS_ACTIONS) as CmsMethod[]) {
      const action = CMS_ACTIONS[name];
      const method = cms[name] as (...args: unknown[]) => Promise<unknown>;
      if (typeof method !== 'function') continue;
      (wrapped as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        const started = performance.now();
        let outcome = 'ok';
        try {
          const result = await method.apply(cms, args);
          const requestId = (result as { requestId?: unknown } | undefined)?.requestId;
          logger.debug(
            {
              cmsAction: action,
              outcome,
              ...(typeof requestId === 'string' && requestId ? { cmsRequestId: requestId } : {}),
              ms: Math.round(performance.now() - started),
            },
            'CloudMonitor call',
          );
          return result;
        } catch (error) {
          const cmsError = asCmsError(error);
          outcome = cmsError.code;
          logger.debug(
            {
              cmsAction: action,
              outcome,
              cmsRequestId: cmsError.requestId,
              ms: Math.round(performance.now() - started),
            },
            'CloudMonitor call failed',
          );
          throw error;
        } finally {
          const seconds = (performance.now() - started) / 1000;
          this.cmsCalls.inc({ action, outcome });
          this.cmsSeconds.observe({ action, outcome }, seconds);
        }
      };
    }
    return wrapped;
  }

  /**
   * `requests` with every status change counted as an outcome (and a decision when it records one) and logged
   * at info with the request id (decided, registered, removed, failed, rejected, superseded), after the store
   * write succeeded.
   */
  instrumentRequests(requests: RequestRepository, logger: PinoLogger): RequestRepository {
    const metrics = this;
    return new Proxy(requests, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property === 'transition' && typeof value === 'function') {
          return async (...args: Parameters<RequestRepository['transition']>) => {
            const next = (await value.apply(target, args)) as Awaited<ReturnType<RequestRepository['transition']>>;
            if (next.status !== 'approving' && next.status !== 'pending')
              metrics.requests.inc({ kind: next.kind, outcome: next.status });
            const decision = args[2]?.decision;
            if (decision) metrics.decisions.inc({ action: decision.action });
            logger.info(
              {
                requestId: next.id,
                requesterId: next.requesterId,
                kind: next.kind,
                contactName: next.contact.ContactName,
                status: next.status,
                ...(decision ? { decision: decision.action, by: decision.by } : {}),
                ...(next.status === 'failed' && next.result
                  ? { code: next.result.code, cmsRequestId: next.result.requestId }
                  : {}),
              },
              decision ? `request decided: ${decision.action}` : `request ${next.status}`,
            );
            return next;
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /**
   * `audit` with the appended entries that mark an outcome counted (removal requests, reminders sent) and logged at
   * info with the request id (reminded, confirmed, removal requested).
   */
  instrumentAudit(audit: AuditLog, logger: PinoLogger): AuditLog {
    const metrics = this;
    return new Proxy(audit, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        if (property !== 'append') return value.bind(target);
        return async (entry: Parameters<AuditLog['append']>[0]) => {
          await value.call(target, entry);
          if (entry.action === 'removal-requested') metrics.requests.inc({ kind: 'remove', outcome: 'submitted' });
          else if (entry.action === 'activation-reminder') metrics.reminders.inc({ result: 'sent' });
          const message = OUTCOME_LINES[entry.action];
          if (message) {
            logger.info(
              {
                requestId: entry.requestId,
                subject: entry.subject,
                contactName: entry.contactName,
                actor: entry.actor,
                ...(entry.detail ? { detail: entry.detail } : {}),
              },
              message,
            );
          }
        };
      },
    });
  }
}
