import type { CmsClient } from './cms/client.js';
import type { Config } from './config.js';
import type { PinoLogger } from './log/logger.js';
import type { AuditLog } from './store/audit.js';
import type { RequestRepository } from './store/requests.js';
import type { Store } from './store/store.js';

/**
 * What listeners and background jobs are given (STYLE.md habit 4): no globals, so tests swap the Slack and
 * CloudMonitor endpoints, the store and the clock.
 */
export interface AppDeps {
  config: Config;
  store: Store;
  requests: RequestRepository;
  audit: AuditLog;
  cms: CmsClient;
  logger: PinoLogger;
  /** Epoch ms. */
  now: () => number;
  /** Identifies this process in leases (reminders), e.g. `host:pid:random`. */
  instanceId: string;
}
