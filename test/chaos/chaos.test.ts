/**
 * Chaos run: two replicas of the real bot (separate processes, HTTP mode) on one Redis, fresh people registering
 * through the real flow over signed HTTP, both admins clicking Approve at the same moment on different replicas
 * (some clicks replayed a second later, some racing a Reject), CloudMonitor answering PutContact slowly with some
 * Throttling, and a replica killed with SIGKILL while a PutContact is in flight, restarted 1–3 s later.
 * Everything asserted comes from the fakes' records (what reached Slack and CloudMonitor), never from the store.
 *
 * Seeded: the seed is printed; `CHAOS_SEED=<n>` replays the same plan (people, scenarios, kill timing draws).
 * Process scheduling still varies between runs, so a replay repeats the plan, not every interleaving.
 * `CHAOS_REQUESTS` changes the number of people (default 150). Needs REDIS_URL (skipped with one line without it).
 */
import { createClient } from '@keyv/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK_ID, CALLBACK_ID, INPUT_ACTION_ID } from '../../src/slack/ids.js';
import { type FakeCloudMonitor, startFakeCloudMonitor } from '../fakes/cloudmonitor.js';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../fakes/slack-web-api.js';
import { type BotProcess, randomPort, startBotProcess } from '../helpers/bot-process.js';
import { adminMessages, findButton, messageText, openContactModal, submitContactModal } from '../helpers/flow.js';
import { freshRedisUrl, REDIS_URL } from '../helpers/redis.js';
import { buildBlockActions, buildViewSubmission, sendInteraction } from '../helpers/slack-driver.js';
import { ADMIN, BOT_TOKEN, botEnv, SECOND_ADMIN, SIGNING_SECRET } from '../helpers/test-bot.js';

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PEOPLE = Number(process.env.CHAOS_REQUESTS ?? 150);
/** People going through the flow at once. */
const PARALLEL = 16;
const KILLS = 5;
const REMINDER_DELAYS = '3s,6s';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a Redis answers at REDIS_URL. */
async function redisAnswers(): Promise<boolean> {
  if (!REDIS_URL) return false;
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    await client.quit();
    return true;
  } catch {
    return false;
  }
}

/** One replica slot: a fixed port, so Slack (the test) keeps sending to the same URL across restarts. */
class Replica {
  readonly port = randomPort();
  readonly url = `http://127.0.0.1:${this.port}`;
  proc: BotProcess | undefined;
  alive = false;
  /** Output of earlier (killed) processes of this slot. */
  readonly pastOutput: string[] = [];

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  async start(): Promise<void> {
    this.proc = await startBotProcess({ ...this.env, PORT: String(this.port) }, 60_000);
    this.alive = true;
  }

  async kill(): Promise<void> {
    this.alive = false;
    await this.proc?.kill('SIGKILL');
    this.pastOutput.push(this.proc?.output() ?? '');
  }

  output(): string {
    return [...this.pastOutput, this.alive ? (this.proc?.output() ?? '') : ''].join('\n');
  }
}

type Scenario = 'double' | 'replay' | 'reject-race';

interface Plan {
  user: string;
  name: string;
  form: { contactName: string; describe: string; mail: string; sms?: string };
  first: 0 | 1;
  scenario: Scenario;
  activateAfterMs: number | undefined;
}

function planFor(index: number, random: () => number): Plan {
  const id = String(index).padStart(4, '0');
  const name = `cx${id}`;
  const roll = random();
  const sms = random() < 0.5 ? `138${String(10_000_000 + index).slice(-8)}` : undefined;
  return {
    user: `U0CHX${id}`,
    name,
    form: { contactName: name, describe: `chaos ${id}`, mail: `${name}@example.com`, ...(sms ? { sms } : {}) },
    first: random() < 0.5 ? 0 : 1,
    scenario: roll < 0.7 ? 'double' : roll < 0.85 ? 'replay' : 'reject-race',
    activateAfterMs: random() < 0.4 ? Math.floor(random() * 5_000) : undefined,
  };
}

/** Texts of the DMs a person gets (en catalogue). */
const DM = {
  registered: 'is registered in CloudMonitor',
  rejected: 'was rejected',
  reminder: 'Reminder',
  confirmed: 'All set',
};

describe('chaos: two replicas, SIGKILLs, slow and throttling CloudMonitor, racing clicks', () => {
  let slack: FakeSlack | undefined;
  let cms: FakeCloudMonitor | undefined;
  const replicas: Replica[] = [];

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.proc?.kill('SIGKILL')));
    await slack?.close();
    await cms?.close();
  });

  it('gives one PutContact per approved request, one outcome DM per person, one admin post per request, no duplicate reminders', async (ctx) => {
    if (!(await redisAnswers())) {
      console.log(`chaos test skipped: no Redis answering at REDIS_URL (${REDIS_URL ?? 'unset'})`);
      ctx.skip();
      return;
    }
    console.log(`chaos seed ${SEED} (replay with CHAOS_SEED=${SEED}), ${PEOPLE} people`);
    const planRandom = prng(SEED);
    const killRandom = prng(SEED ^ 0x5bd1e995);
    const plans = Array.from({ length: PEOPLE }, (_unused, index) => planFor(index + 1, planRandom));

    slack = await startFakeSlack({
      botToken: BOT_TOKEN,
      users: [
        { id: ADMIN, name: 'admin' },
        { id: SECOND_ADMIN, name: 'admin2' },
        ...plans.map((plan) => ({
          id: plan.user,
          name: plan.name,
          realName: `Chaos ${plan.name}`,
          email: plan.form.mail,
        })),
      ],
    });
    const fakeSlack = slack;
    const fakeCms = await startFakeCloudMonitor();
    cms = fakeCms;
    fakeCms.setChaos('PutContact', { latencyMs: [300, 1_500], throttleRate: 0.15, random: prng(SEED ^ 0x27d4eb2f) });
    const env = botEnv(
      { slack: fakeSlack, cms: fakeCms },
      {
        STORE_URL: await freshRedisUrl(),
        RESUME_AFTER: '15s',
        REMINDER_DELAYS,
        CMS_CALLS_PER_SECOND: '10',
        LOG_LEVEL: 'info',
      },
    );
    replicas.push(new Replica('a', env), new Replica('b', env));
    await Promise.all(replicas.map((replica) => replica.start()));
    const started = Date.now();

    const alive = (preferred: number): Replica => {
      const first = replicas[preferred % 2] as Replica;
      return first.alive ? first : (replicas[(preferred + 1) % 2] as Replica);
    };
    const problems: string[] = [];
    const target = (replica: Replica) => ({ url: replica.url, slack: fakeSlack });
    /** The newest approval message of a person still offering Approve (a resubmission supersedes the older one). */
    const latestOpenPost = (name: string) =>
      adminPostsFor(name)
        .filter((m) => findButton(m, 'approve_request') || findButton(m, 'retry_request'))
        .at(-1);
    const adminPostsFor = (name: string) =>
      adminMessages(target(replicas[0] as Replica)).filter((m) => messageText(m.history[0] ?? m).includes(name));
    const waitOrUndefined = async <T>(predicate: () => T | undefined | false, ms: number): Promise<T | undefined> =>
      fakeSlack.waitFor(predicate, ms).catch(() => undefined);
    const clickPayload = (admin: string, posted: FakeMessage, actionId: string) => {
      const button = findButton(posted, actionId);
      if (!button) return undefined;
      return buildBlockActions({
        user: { id: admin },
        action: { action_id: button.action_id, block_id: button.block_id, value: button.value },
        container: { type: 'message', channel_id: posted.channel, message_ts: posted.ts },
        message: posted,
        triggerId: fakeSlack.mintTriggerId(),
        responseUrl: fakeSlack.mintResponseUrl({ channel: posted.channel, messageTs: posted.ts }),
      });
    };
    /** What the test sent for each person: replica, what, when (s since start), and the HTTP answer. */
    const sent = new Map<string, string[]>();
    const send = async (replica: Replica, payload: Record<string, unknown> | undefined, who = '') => {
      if (!payload) return undefined;
      const what =
        (payload.actions as Array<{ action_id: string }> | undefined)?.[0]?.action_id ?? String(payload.type);
      const at = ((Date.now() - started) / 1000).toFixed(1);
      const response = await sendInteraction(replica.url, SIGNING_SECRET, payload).catch((error: unknown) =>
        error instanceof Error ? error.message.slice(0, 40) : 'error',
      );
      sent.set(who, [
        ...(sent.get(who) ?? []),
        `${what}→${replica.name}@${at}s:${typeof response === 'string' ? response : response.status}`,
      ]);
      return response;
    };
    const outcomeOf = (message: FakeMessage | undefined) => {
      const text = messageText(message ?? {});
      return text.includes('Registered in CloudMonitor')
        ? 'registered'
        : text.includes('Rejected by')
          ? 'rejected'
          : undefined;
    };
    const supersededOf = (message: FakeMessage) => messageText(message).includes('replaced by a newer request');
    /** The outcome the requester was told by DM. */
    const toldOf = (user: string) => {
      const texts = fakeSlack.dms(user).map(messageText);
      return texts.some((text) => text.includes(DM.registered))
        ? 'registered'
        : texts.some((text) => text.includes(DM.rejected))
          ? 'rejected'
          : undefined;
    };

    const phaseMs: Record<string, number[]> = { submit: [], post: [], outcome: [] };
    const runPerson = async (plan: Plan): Promise<void> => {
      let mark = Date.now();
      const phase = (name: string) => {
        phaseMs[name]?.push(Date.now() - mark);
        mark = Date.now();
      };
      let posted: FakeMessage | undefined;
      for (let attempt = 0; attempt < 4 && !posted; attempt += 1) {
        const replica = alive(plan.first + attempt);
        try {
          const { view } = await openContactModal(target(replica), plan.user);
          await submitContactModal(target(replica), plan.user, view, plan.form);
          phase('submit');
        } catch {
          // The replica died under the person: they try again (below, after checking it was not stored anyway).
        }
        // A stored request whose post was lost is posted by the sweeper within RESUME_AFTER (15 s) and a round.
        posted = await waitOrUndefined(() => latestOpenPost(plan.name), 18_000);
      }
      if (!posted) {
        problems.push(`${plan.name}: never posted to the admins`);
        return;
      }
      phase('post');
      const snapshot = structuredClone(posted);
      const [a, b] =
        plan.first === 0
          ? [replicas[0] as Replica, replicas[1] as Replica]
          : [replicas[1] as Replica, replicas[0] as Replica];
      if (plan.scenario === 'reject-race') {
        const before = new Set(fakeSlack.views.keys());
        await send(b, clickPayload(SECOND_ADMIN, snapshot, 'reject_request'), plan.name);
        const modal = await waitOrUndefined(
          () =>
            [...fakeSlack.views.values()].find(
              (view) => !before.has(view.id) && view.callback_id === CALLBACK_ID.rejectModal,
            ),
          3_000,
        );
        const reject = modal
          ? buildViewSubmission({
              user: { id: SECOND_ADMIN },
              view: modal,
              values: {
                [BLOCK_ID.rejectReason]: { [INPUT_ACTION_ID]: { type: 'plain_text_input', value: 'chaos says no' } },
              },
              triggerId: fakeSlack.mintTriggerId(),
            })
          : undefined;
        await Promise.all([
          send(a, clickPayload(ADMIN, snapshot, 'approve_request'), plan.name),
          send(b, reject, plan.name),
        ]);
      } else {
        const first = clickPayload(ADMIN, snapshot, 'approve_request');
        await Promise.all([
          send(a, first, plan.name),
          send(b, clickPayload(SECOND_ADMIN, snapshot, 'approve_request'), plan.name),
        ]);
        if (plan.scenario === 'replay') {
          await sleep(1_000);
          await send(alive(plan.first + 1), first, plan.name);
        }
      }
      // An admin clicks again when the message still asks for a decision (both clicks lost to a dead replica),
      // and Retry when it failed.
      const deadline = Date.now() + 60_000;
      let outcome: string | undefined;
      const decided = () => outcomeOf(adminPostsFor(plan.name).at(-1)) ?? toldOf(plan.user);
      while (Date.now() < deadline && !(outcome = decided())) {
        outcome = await waitOrUndefined(decided, 4_000);
        if (outcome) break;
        const current = latestOpenPost(plan.name);
        if (!current) continue;
        const again = findButton(current, 'approve_request')
          ? 'approve_request'
          : findButton(current, 'retry_request')
            ? 'retry_request'
            : undefined;
        if (again) await send(alive(plan.first), clickPayload(ADMIN, structuredClone(current), again), plan.name);
      }
      phase('outcome');
      if (outcome === 'registered' && plan.activateAfterMs !== undefined) activations.push(activate(plan));
    };
    const activations: Promise<void>[] = [];
    const activate = async (plan: Plan) => {
      if (plan.activateAfterMs !== undefined) {
        await sleep(plan.activateAfterMs);
        for (const channel of ['Mail', 'SMS'] as const) {
          if (channel === 'SMS' && !plan.form.sms) continue;
          try {
            fakeCms.activate(plan.name, channel);
          } catch {
            // not there: reported by the assertions below
          }
        }
      }
    };

    // Kills: a random replica (the other one alive), while a PutContact is in flight, restarted 1–3 s later.
    let flowsDone = false;
    const kills: string[] = [];
    const killer = (async () => {
      for (let n = 0; n < KILLS && !flowsDone; n += 1) {
        await sleep(4_000 + killRandom() * 6_000);
        const victim = replicas[killRandom() < 0.5 ? 0 : 1] as Replica;
        const restartAfter = 1_000 + killRandom() * 2_000;
        const until = Date.now() + 5_000;
        while (
          !flowsDone &&
          Date.now() < until &&
          !fakeCms.requestsFor('PutContact').some((r) => Date.now() - r.at < 300)
        )
          await sleep(20);
        if (flowsDone) break;
        const inFlight = fakeCms.requestsFor('PutContact').filter((r) => Date.now() - r.at < 1_500).length;
        await victim.kill();
        kills.push(`${victim.name}@${((Date.now() - started) / 1000).toFixed(1)}s (${inFlight} PutContact in flight)`);
        await sleep(restartAfter);
        await victim.start();
      }
    })();

    const queue = [...plans];
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        for (let plan = queue.shift(); plan; plan = queue.shift()) await runPerson(plan);
      }),
    );
    flowsDone = true;
    await killer;
    await Promise.all(activations);
    // Let outcome DMs, reminders (the last one 6 s after its registration) and confirmations drain: until
    // nothing new reached Slack for 8 s.
    let seen = -1;
    while (seen !== fakeSlack.calls.length) {
      seen = fakeSlack.calls.length;
      await sleep(8_000);
    }

    // ---- judged from the fakes' records only
    const puts = fakeCms.requestsFor('PutContact');
    const okPuts = new Map<string, number>();
    for (const put of puts)
      if (put.status === 200 && put.code === undefined)
        okPuts.set(put.params.ContactName ?? '', (okPuts.get(put.params.ContactName ?? '') ?? 0) + 1);
    const requestIdOf = (message: FakeMessage) =>
      findButton(message.history[0] ?? message, 'approve_request')?.value ?? message.ts;
    const postsPerRequest = new Map<string, number>();
    for (const message of adminMessages(target(replicas[0] as Replica)))
      postsPerRequest.set(requestIdOf(message), (postsPerRequest.get(requestIdOf(message)) ?? 0) + 1);
    /** People whose admin message never left an earlier state (a known separate defect: reported, see below). */
    const staleAdminMessages: string[] = [];
    let registered = 0;
    let rejected = 0;
    let reminders = 0;
    let confirmations = 0;
    const closeReminders: string[] = [];
    for (const plan of plans) {
      const dms = fakeSlack.dms(plan.user);
      const texts = dms.map(messageText);
      const outcomes = texts.filter((text) => text.includes(DM.registered) || text.includes(DM.rejected));
      const posts = adminPostsFor(plan.name);
      // The outcome is what the requester was told; the admin message must agree (or, see staleAdminMessages,
      // still show an earlier state).
      const outcome = toldOf(plan.user);
      const shown = outcomeOf(posts.filter((m) => !supersededOf(m)).at(-1));
      if (outcome === 'registered') registered += 1;
      if (outcome === 'rejected') rejected += 1;
      if (!outcome) problems.push(`${plan.name}: no outcome`);
      if (shown && shown !== outcome)
        problems.push(`${plan.name}: admin message says ${shown}, the requester was told ${outcome ?? 'nothing'}`);
      if (!shown) staleAdminMessages.push(plan.name);
      if (outcomes.length !== 1) problems.push(`${plan.name}: ${outcomes.length} outcome DMs`);
      const expectedPuts = outcome === 'registered' ? 1 : 0;
      if ((okPuts.get(plan.name) ?? 0) !== expectedPuts)
        problems.push(`${plan.name}: ${okPuts.get(plan.name) ?? 0} successful PutContact, ${outcome ?? 'no outcome'}`);
      if (outcome === 'registered' && !outcomes[0]?.includes(DM.registered))
        problems.push(`${plan.name}: registered but the DM says otherwise`);
      const reminderDms = dms.filter((m) => messageText(m).includes(DM.reminder));
      reminders += reminderDms.length;
      const reminderTimes = reminderDms.map((m) => m.history[0]?.at ?? 0).sort((x, y) => x - y);
      if (reminderDms.length > REMINDER_DELAYS.split(',').length)
        problems.push(`${plan.name}: ${reminderDms.length} reminders`);
      for (let n = 1; n < reminderTimes.length; n += 1) {
        const gap = (reminderTimes[n] ?? 0) - (reminderTimes[n - 1] ?? 0);
        if (gap < 1_000) closeReminders.push(`${plan.name}: two reminders ${gap} ms apart`);
      }
      const confirmed = texts.filter((text) => text.includes(DM.confirmed)).length;
      confirmations += confirmed;
      if (confirmed > 1) problems.push(`${plan.name}: ${confirmed} confirmations`);
    }
    problems.push(...closeReminders);
    for (const [requestId, count] of postsPerRequest)
      if (count !== 1) problems.push(`request ${requestId}: ${count} admin posts`);
    const logs = replicas.map((replica) => replica.output()).join('\n');
    const summary = {
      seed: SEED,
      seconds: Math.round((Date.now() - started) / 1000),
      people: PEOPLE,
      requestsPosted: postsPerRequest.size,
      registered,
      rejected,
      putContact: {
        calls: puts.length,
        ok: [...okPuts.values()].reduce((sum, n) => sum + n, 0),
        throttled: puts.filter((r) => r.code === 'Throttling.User').length,
      },
      duplicatePutContact: [...okPuts.values()].filter((n) => n > 1).length,
      reminders,
      confirmations,
      kills,
      resumedLogLines: (logs.match(/resuming an approval that did not finish/g) ?? []).length,
      skippedPutContact: (logs.match(/PutContact skipped/g) ?? []).length,
      leaseLost: (logs.match(/work lease lost/g) ?? []).length,
      retiredReminders: (logs.match(/only the latest is sent/g) ?? []).length,
      medianMs: Object.fromEntries(
        Object.entries(phaseMs).map(([name, values]) => [
          name,
          values.sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0,
        ]),
      ),
      staleAdminMessages,
      problems: problems.length,
    };
    console.log(`chaos summary ${JSON.stringify(summary)}`);
    if (problems.length) {
      console.log(`chaos problems (seed ${SEED}):\n${problems.slice(0, 60).join('\n')}`);
      // What the fakes and the logs say about the first few people with a problem, to start a diagnosis from.
      for (const name of [...new Set(problems.map((problem) => problem.split(':')[0] ?? ''))].slice(0, 5)) {
        const post = adminPostsFor(name).at(-1);
        const requestId = post ? requestIdOf(post) : '';
        console.log(
          `-- ${name} ${requestId}: admin message versions ${post?.history.map((v) => v.via).join(',')}; now: ${messageText(post ?? {}).slice(0, 300)}`,
        );
        console.log(`   sent: ${(sent.get(name) ?? []).join(' ')}`);
        const user = plans.find((plan) => plan.name === name)?.user ?? '';
        const dmTimes = fakeSlack
          .dms(user)
          .map(
            (m) =>
              `${messageText(m).slice(0, 40).replace(/\s+/g, ' ')}@${(((m.history[0]?.at ?? 0) - started) / 1000).toFixed(1)}s`,
          );
        console.log(`   DMs: ${dmTimes.join(' | ')}`);
        if (requestId)
          console.log(
            logs
              .split('\n')
              .filter((line) => line.includes(requestId))
              .slice(0, 30)
              .join('\n'),
          );
      }
    }
    expect(problems).toEqual([]);
  }, 420_000);
});
