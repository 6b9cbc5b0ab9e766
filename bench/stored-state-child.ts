/**
 * Bench child for scenario 4 (stored state): opens the store named by STORE_URL, fills it with N registrations
 * as the app writes them (lib/registration-template.ts), then runs the app's reminder sweep (sweepReminders from
 * src/reminders/reminders.ts) against the fakes, `maxSweeps` times or until nothing is due, timing each sweep
 * and watching this process's event loop. Requests (lib/child-channel.ts): `populate { registrations }`,
 * `sweep { limit, maxSweeps }`.
 *
 * CloudMonitor is reached with the client's rate cap lifted (callsPerSecond 1000) so that the sweep time shows
 * the store's cost; with the default 10 calls/s a sweep of 50 takes ≈ 5 s whatever is stored.
 */

import { composeDeps, secretsOf } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log/logger.js';
import { sweepReminders } from '../src/reminders/reminders.js';
import { createStore } from '../src/store/create-store.js';
import type { StoreRows } from '../test/fakes/memory-store.js';
import { failStart, type ParentRequest, sendReady, serveParent } from './lib/child-channel.js';
import { startEventLoopMonitor } from './lib/event-loop.js';
import { openRedisBulkWriter } from './lib/redis-bulk-load.js';
import {
  type RegistrationIdentity,
  type RegistrationTemplate,
  recordRegistration,
  registrationIdentity,
} from './lib/registration-template.js';
import { openSqliteBulkWriter, verifyRows } from './lib/sqlite-bulk-load.js';
import { DUE_EVERY, type PopulateResult, type SweepResult } from './lib/stored-state-protocol.js';

function merge(target: StoreRows, rows: StoreRows): void {
  target.values.push(...rows.values);
  target.sorted.push(...rows.sorted);
  target.leases.push(...rows.leases);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const store = await createStore(config.storeUrl);
  let templates: { due: RegistrationTemplate; fresh: RegistrationTemplate } | undefined;
  const rowsFor = (i: number) => {
    if (!templates) throw new Error('populate first');
    return (i % DUE_EVERY === 0 ? templates.due : templates.fresh).rowsFor(i);
  };

  async function populate(request: ParentRequest): Promise<PopulateResult> {
    const registrations = Number(request.registrations);
    const started = Date.now();
    templates = {
      due: await recordRegistration(config, started - 90 * 60_000),
      fresh: await recordRegistration(config, started - 30 * 60_000),
    };
    let rows = 0;
    const writer = config.storeUrl.startsWith('sqlite://')
      ? await openSqliteBulkWriter(store, config.storeUrl)
      : await openRedisBulkWriter(store, config.storeUrl);
    for (let start = 0; start < registrations; start += 2_000) {
      const batch: StoreRows = { values: [], sorted: [], leases: [] };
      for (let i = start; i < Math.min(registrations, start + 2_000); i += 1) merge(batch, rowsFor(i));
      rows += batch.values.length + batch.sorted.length + batch.leases.length;
      await writer.write(batch);
    }
    await writer.close();
    await verifyRows(store, rowsFor(0));
    if (registrations > 1) await verifyRows(store, rowsFor(1));
    // The loader's garbage is not the app's: collect it now rather than during the measured sweeps.
    (globalThis as { gc?: () => void }).gc?.();
    const due: RegistrationIdentity[] = [];
    for (let i = 0; i < registrations; i += DUE_EVERY) due.push(registrationIdentity(i));
    return { seconds: (Date.now() - started) / 1_000, rows, due };
  }

  async function sweep(request: ParentRequest): Promise<SweepResult> {
    const limit = Number(request.limit ?? 50);
    const maxSweeps = Number(request.maxSweeps ?? 10_000);
    const { log } = channel;
    const logger = createLogger({ level: 'warn', secrets: secretsOf(config), destination: log });
    const deps = composeDeps(config, store, logger, { cms: { callsPerSecond: 1_000 } });
    log.read(true);
    const monitor = startEventLoopMonitor();
    const started = performance.now();
    const sweepMs: number[] = [];
    const handled: number[] = [];
    for (let n = 0; n < maxSweeps; n += 1) {
      const t = performance.now();
      const count = await sweepReminders(deps, { limit });
      if (count === 0) break;
      sweepMs.push(performance.now() - t);
      handled.push(count);
    }
    const totalMs = performance.now() - started;
    const eventLoop = monitor.read();
    const logged = log.read(true);
    return {
      sweepMs,
      handled,
      totalMs,
      eventLoop,
      errorsLogged: logged.error + logged.warn,
      recentErrors: logged.recent,
    };
  }

  const channel = serveParent({ populate, sweep }, () => store.close());
  await sendReady();
}

main().catch(failStart);
