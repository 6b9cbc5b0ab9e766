/**
 * Data retention (src/store/retention.ts): decided requests, with the contact details they carry, are deleted
 * REQUEST_RETENTION after their decision, audit entries AUDIT_RETENTION after their time; after a removal and
 * both retentions nothing in the SQLite file holds the removed contact's phone number, e-mail or DingTalk token;
 * open requests and the current registration stay; the purge runs at most once per period; and the bot's
 * background jobs run it.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log/logger.js';
import { newRequest } from '../../../src/requests/request.js';
import { AuditLog } from '../../../src/store/audit.js';
import { createStore } from '../../../src/store/create-store.js';
import { RequestRepository } from '../../../src/store/request-repository.js';
import { purgeExpiredData } from '../../../src/store/retention.js';
import type { Store } from '../../../src/store/store.js';
import { freshRedisUrl, REDIS_URL } from '../../helpers/redis.js';
import { startTestBot, type TestBot, tempSqliteUrl } from '../../helpers/test-bot.js';

const DAY = 86_400_000;
const PHONE = '13800138000';
const EMAIL = 'dana.private@example.com';
const DINGTALK = 'https://oapi.dingtalk.com/robot/send?access_token=dingtalk-secret-0123456789';
const USER = 'U0DANA001';

const config = loadConfig({
  SLACK_BOT_TOKEN: 'xoxb-test-retention',
  SLACK_SIGNING_SECRET: 'retention-signing-secret',
  SLACK_ADMIN_CHANNEL_ID: 'C0ADMIN01',
  SLACK_ADMIN_USER_IDS: 'U0ADMIN01',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'retention-key-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'retention-key-secret',
  AUDIT_RETENTION: '400d',
  REQUEST_RETENTION: '90d',
});

/** Every stored value (keyv rows, leases, index members) of the SQLite file, as one text. */
function everythingIn(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const rows = [
      ...db.prepare('SELECT * FROM keyv').all(),
      ...db.prepare('SELECT * FROM leases').all(),
      ...db.prepare('SELECT * FROM sorted').all(),
    ];
    return JSON.stringify(rows);
  } finally {
    db.close();
  }
}

describe('retention', () => {
  let store: Store | undefined;
  let bot: TestBot | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await bot?.close();
    bot = undefined;
  });

  it('drops a removed contact’s personal data after REQUEST_RETENTION and its audit trail after AUDIT_RETENTION; keeps what is current', async () => {
    const url = tempSqliteUrl();
    const file = url.slice('sqlite://'.length);
    store = await createStore(url);
    let clock = Date.UTC(2026, 0, 1);
    const now = () => clock;
    const requests = new RequestRepository(store, now);
    const audit = new AuditLog(store, now);
    const deps = {
      store,
      requests,
      audit,
      config,
      now,
      instanceId: 'test:1',
      logger: createLogger({ level: 'silent', secrets: [] }),
    };
    /** Runs the purge as if its period had passed (a new lease each time). */
    const purge = () => purgeExpiredData(deps, 1);
    const contact = {
      ContactName: 'dana_ops',
      Describe: 'Dana',
      Channels: { SMS: PHONE, Mail: EMAIL, DingWebHook: DINGTALK },
    };

    // Registered, then removed: two decided requests holding the contact details.
    const created = newRequest({ id: requests.newId(), requesterId: USER, kind: 'create', contact }, clock);
    await requests.create(created);
    await audit.append({
      actor: USER,
      subject: USER,
      action: 'request-submitted',
      requestId: created.id,
      contactName: contact.ContactName,
    });
    await requests.transition(created.id, 'approving');
    await requests.transition(created.id, 'registered');
    await requests.recordRegistration(created);
    clock += 10 * DAY;
    const removal = newRequest({ id: requests.newId(), requesterId: USER, kind: 'remove', contact }, clock);
    await requests.create(removal);
    await requests.transition(removal.id, 'approving');
    await requests.transition(removal.id, 'removed');
    await requests.removeRegistration(removal);
    await audit.append({
      actor: 'bot',
      subject: USER,
      action: 'deletecontact',
      requestId: removal.id,
      contactName: contact.ContactName,
      outcome: 'ok',
    });
    // Someone else's request still waiting for an admin, and another's current registration: never purged.
    const other = (name: string) => ({ ContactName: name, Describe: name, Channels: { Mail: `${name}@example.org` } });
    const open = newRequest(
      { id: requests.newId(), requesterId: 'U0OPEN001', kind: 'create', contact: other('open_one') },
      clock,
    );
    await requests.create(open);
    const current = newRequest(
      { id: requests.newId(), requesterId: 'U0KEEP001', kind: 'create', contact: other('kept_one') },
      clock,
    );
    await requests.create(current);
    await requests.transition(current.id, 'approving');
    await requests.transition(current.id, 'registered');
    await requests.recordRegistration(current);

    clock += 85 * DAY; // the registration was decided 95 days ago, the removal 85: only the first is past 90d
    expect(await purge()).toEqual({ audit: 0, requests: 1 });
    expect(await requests.get(created.id)).toBeUndefined();
    expect(await requests.get(removal.id)).toBeDefined();

    clock += 6 * DAY; // removal 91 days ago
    expect(await purge()).toEqual({ audit: 0, requests: 2 }); // the removal and the other person's registration request
    expect(await requests.get(removal.id)).toBeUndefined();
    expect(await requests.get(open.id)).toMatchObject({ status: 'pending' });
    expect((await requests.registeredContactOf('U0KEEP001'))?.contact.ContactName).toBe('kept_one');
    expect(await requests.pending()).toEqual([expect.objectContaining({ id: open.id })]);
    // Nothing of the removed contact's details is left; its audit trail (names, no details) still is.
    expect(everythingIn(file)).toContain('dana_ops');
    for (const detail of [PHONE, EMAIL, DINGTALK]) expect(everythingIn(file)).not.toContain(detail);

    clock += 400 * DAY;
    expect(await purge()).toEqual({ audit: 2, requests: 0 });
    expect(await audit.list()).toEqual([]);
    expect(await audit.list({ subject: USER })).toEqual([]);
    expect(everythingIn(file)).not.toContain('dana_ops');
    expect(everythingIn(file)).toContain('kept_one@example.org');
  });

  const backends: Array<[string, () => Promise<string>]> = [['sqlite', async () => tempSqliteUrl()]];
  if (REDIS_URL) backends.push(['redis', freshRedisUrl]);
  it.each(backends)(
    'deletes what is past its retention at most once per period, across callers sharing the store (%s)',
    async (_name, url) => {
      store = await createStore(await url());
      let clock = Date.UTC(2026, 0, 1);
      const now = () => clock;
      const audit = new AuditLog(store, now);
      const requests = new RequestRepository(store, now);
      const deps = { store, audit, requests, config, now, logger: createLogger({ level: 'silent', secrets: [] }) };
      const decided = newRequest(
        {
          id: requests.newId(),
          requesterId: USER,
          kind: 'create',
          contact: { ContactName: 'x_y', Describe: 'x', Channels: { Mail: EMAIL } },
        },
        clock,
      );
      await requests.create(decided);
      await requests.transition(decided.id, 'rejected');
      await audit.append({ actor: 'bot', subject: USER, action: 'activation-check' });
      clock += 401 * DAY;
      await audit.append({ actor: 'bot', subject: USER, action: 'activation-check' });
      // Real time decides the lease; a second replica right after the first finds it taken.
      const first = purgeExpiredData({ ...deps, instanceId: 'replica:1' }, 60_000);
      const second = purgeExpiredData({ ...deps, instanceId: 'replica:2' }, 60_000);
      expect([await first, await second]).toEqual([
        { audit: 1, requests: 1 },
        { audit: 0, requests: 0 },
      ]);
      expect(await audit.list()).toHaveLength(1);
      expect(await audit.list({ subject: USER })).toHaveLength(1);
      expect(await requests.get(decided.id)).toBeUndefined();
    },
  );

  it('is run by the bot’s background jobs', async () => {
    bot = await startTestBot();
    const old = new AuditLog(bot.deps.store, () => Date.now() - 401 * DAY);
    await old.append({ actor: 'bot', action: 'activation-check', detail: 'from long ago' });
    await bot.deps.audit.append({ actor: 'bot', action: 'activation-check', detail: 'recent' });
    const deadline = Date.now() + 5_000;
    let details = ['?'];
    while (Date.now() < deadline) {
      details = (await bot.deps.audit.list()).map((entry) => entry.detail ?? '');
      if (!details.includes('from long ago')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(details).toEqual(['recent']);
  });
});
