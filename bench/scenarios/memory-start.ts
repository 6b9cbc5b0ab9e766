/**
 * Scenario 5, memory and start: the production entry (`node [flags] dist/main.js`, what `npm start` runs after
 * its build, with its flags) against the fakes. Start time: from spawning the process to its "alert-contact-bot is running" log line
 * (target < 2 s, build excluded). RSS after start and after each of the first three batches of slash commands (target
 * < 150 MB; no growth between the second and third batch, allowing 5 MB of noise); two more batches show whether
 * growth goes on (a leak) or stops (the allocator warming up).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, REPO_ROOT, trackProcess } from '../lib/children.js';
import {
  appEnv,
  freshUser,
  startBenchCms,
  startBenchSlack,
  tempDir,
  tempSqliteUrl,
  trimFakeSlack,
  waitQuiet,
} from '../lib/fakes.js';
import { type Figures, figure, median } from '../lib/figures.js';
import { runLoad } from '../lib/load.js';
import type { BenchPlan } from '../lib/plan.js';
import { processRss } from '../lib/process-rss.js';
import type { ScenarioOutcome } from '../lib/report.js';
import { signedCommand } from '../lib/slack-payloads.js';
import { imageEnv, startFlags } from '../lib/start-flags.js';

const SECTION = "5. Memory and start: `node [npm start's flags] dist/main.js` (the production entry), HTTP mode";
const MB = 1024 * 1024;
/** Batches of slash commands sent, each measured after it drains. */
const BATCHES = 5;
/** RSS change between the second and third batch still counted as "no growth", MB (GC and allocator noise). */
const GROWTH_TOLERANCE_MB = 5;
const GC_ON_SIGNAL = fileURLToPath(new URL('../lib/gc-on-signal.mjs', import.meta.url));

interface Started {
  child: ChildProcess;
  port: number;
  ms: number;
  /** Full GC in the app, then its heap and RSS in bytes (gc-on-signal.mjs); rejects after 5 s. */
  collect(): Promise<{ heapUsed: number; rss: number }>;
}

/** Spawns dist/main.js with the flags of `npm start` and resolves when it logs that it is running (≤ 15 s). */
function startMain(env: Record<string, string>, cwd: string): Promise<Started> {
  const t0 = performance.now();
  // The preload only adds a GC-on-SIGUSR2 hook; HOST keeps the listener on 127.0.0.1.
  const args = [...startFlags(), '--expose-gc', '--import', GC_ON_SIGNAL, join(REPO_ROOT, 'dist', 'main.js')];
  const child = spawn(process.execPath, args, {
    cwd,
    // The image's environment too (NODE_ENV, MALLOC_ARENA_MAX: manifests/Dockerfile), as production runs it.
    env: childEnv({ ...imageEnv(), ...env, HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackProcess(child);
  let output = '';
  let heapWaiter: ((sample: { heapUsed: number; rss: number }) => void) | undefined;
  child.stderr?.on('data', (chunk: Buffer) => {
    const match = /BENCH_HEAP (\d+) (\d+)/.exec(chunk.toString('utf8'));
    if (match) heapWaiter?.({ heapUsed: Number(match[1]), rss: Number(match[2]) });
  });
  const collect = () =>
    new Promise<{ heapUsed: number; rss: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('dist/main.js did not report its heap within 5 s')), 5_000);
      heapWaiter = (sample) => {
        clearTimeout(timer);
        heapWaiter = undefined;
        resolve(sample);
      };
      child.kill('SIGUSR2');
    });
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`dist/main.js was not running within 15 s: ${output.slice(-1_000)}`)),
      15_000,
    );
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-4_000);
      buffered += text;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (!line.includes('alert-contact-bot is running')) continue;
        const port = Number(/"port":(\d+)/.exec(line)?.[1]);
        clearTimeout(timer);
        resolve({ child, port, ms: performance.now() - t0, collect });
      }
      if (buffered.length > 100_000) buffered = '';
    });
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4_000)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dist/main.js exited (${code}) before it was running: ${output.slice(-1_000)}`));
    });
  });
}

async function stopMain(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs scenario 5 (builds first with `npm run build`). */
export async function benchMemoryAndStart(plan: BenchPlan, log: (line: string) => void): Promise<ScenarioOutcome> {
  log('5. memory and start: npm run build');
  const figures: Figures = {};
  const notes: string[] = [];
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0 || !existsSync(join(REPO_ROOT, 'dist', 'main.js'))) {
    throw new Error(`npm run build failed: ${(build.stdout + build.stderr).slice(-1_500)}`);
  }
  const slack = await startBenchSlack();
  const cms = await startBenchCms();
  const cwd = tempDir('main'); // no .env here
  let running: ChildProcess | undefined;
  try {
    const startTimes: number[] = [];
    let started: Started | undefined;
    for (let run = 0; run < plan.memory.starts; run += 1) {
      if (started) await stopMain(started.child);
      started = await startMain(appEnv(slack, cms, tempSqliteUrl('main'), { LOG_LEVEL: 'info' }), cwd);
      running = started.child;
      startTimes.push(started.ms);
    }
    if (!started) throw new Error('no start');
    log(`  start: ${startTimes.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    const pid = started.child.pid ?? -1;
    await sleep(500);
    const rss = [processRss(pid)];
    const heap = [(await started.collect()).heapUsed];
    const url = `http://127.0.0.1:${started.port}`;
    let failures = 0;
    // Five batches: the target compares the 2nd and 3rd (the issue's figure); the 4th and 5th tell a leak (growth
    // goes on) from the allocator warming up (it stops).
    for (let batch = 1; batch <= BATCHES; batch += 1) {
      const result = await runLoad({
        url,
        connections: 32,
        amount: plan.memory.batch,
        build: () => signedCommand(slack, freshUser(slack)),
      });
      failures += result.failures;
      await waitQuiet(() => slack.calls.length);
      trimFakeSlack(slack);
      await sleep(1_000);
      rss.push(processRss(pid));
      heap.push((await started.collect()).heapUsed);
      log(
        `  batch ${batch}: ${result.rps.toFixed(0)} req/s, RSS ${((rss.at(-1) ?? 0) / MB).toFixed(1)} MB, heap after GC ${((heap.at(-1) ?? 0) / MB).toFixed(1)} MB`,
      );
    }
    const [afterStart, first, second, third, fourth, fifth] = rss.map((bytes) => bytes / MB) as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const [heapStart, , heapSecond, heapThird] = heap.map((bytes) => bytes / MB) as [number, number, number, number];
    const k = plan.memory.batch >= 1_000 ? `${plan.memory.batch / 1_000}k` : String(plan.memory.batch);
    figures['start.ms'] = figure(
      SECTION,
      `time from spawn to "running" (median of ${startTimes.length})`,
      median(startTimes),
      'ms',
      { op: '<', limit: 2_000 },
    );
    figures['memory.rssAfterStart'] = figure(SECTION, 'RSS after start', afterStart, 'MB', { op: '<', limit: 150 });
    figures['memory.rssAfterBatch1'] = figure(SECTION, `RSS after ${k} requests`, first, 'MB', { op: '<', limit: 150 });
    figures['memory.rssAfterBatch2'] = figure(SECTION, `RSS after 2 × ${k} requests`, second, 'MB', {
      op: '<',
      limit: 150,
    });
    figures['memory.rssAfterBatch3'] = figure(SECTION, `RSS after 3 × ${k} requests`, third, 'MB', {
      op: '<',
      limit: 150,
    });
    figures['memory.growth2to3'] = figure(SECTION, 'RSS growth from the 2nd to the 3rd batch', third - second, 'MB', {
      op: '<=',
      limit: GROWTH_TOLERANCE_MB,
    });
    figures['memory.growth4to5'] = figure(
      SECTION,
      'RSS growth from the 4th to the 5th batch (after warm-up; informational)',
      fifth - fourth,
      'MB',
    );
    figures['memory.rssAfterBatch5'] = figure(SECTION, `RSS after 5 × ${k} requests`, fifth, 'MB');
    figures['memory.heapAfterStart'] = figure(SECTION, 'JS heap in use after a full GC, after start', heapStart, 'MB');
    figures['memory.heapAfterBatch3'] = figure(
      SECTION,
      `JS heap in use after a full GC, after 3 × ${k} requests`,
      heapThird,
      'MB',
    );
    figures['memory.heapGrowth2to3'] = figure(
      SECTION,
      'JS heap (after a full GC) growth from the 2nd to the 3rd batch',
      heapThird - heapSecond,
      'MB',
    );
    figures['memory.failures'] = figure(SECTION, `failed requests in the ${BATCHES} batches`, failures, 'count');
    notes.push(
      `Each batch: ${plan.memory.batch} signed /alert-contact commands over 32 connections, each from a different first-time user (so per-user state would show as growth); RSS read from /proc 1 s after the app's Slack calls drained, before a full GC (--expose-gc, triggered by SIGUSR2 through a preload) that gives the heap still in use. "No growth" allows ${GROWTH_TOLERANCE_MB} MB of noise. LOG_LEVEL=info, logs to a pipe the bench drains; the environment of the container image (${Object.entries(
        imageEnv(),
      )
        .map(([key, value]) => `${key}=${value}`)
        .join(', ')}, manifests/Dockerfile). Start time excludes the build (npm run build ran first).`,
    );
    return {
      figures,
      sections: [
        {
          title: SECTION,
          rows: [
            { label: figures['start.ms']?.label ?? 'start', ids: ['start.ms'] },
            { label: 'RSS after start', ids: ['memory.rssAfterStart'] },
            {
              label: `RSS after 1 / 2 / 3 batches of ${k} requests`,
              ids: ['memory.rssAfterBatch1', 'memory.rssAfterBatch2', 'memory.rssAfterBatch3'],
            },
            { label: 'RSS growth, 2nd → 3rd batch', ids: ['memory.growth2to3'] },
            {
              label: 'RSS after 5 batches; growth 4th → 5th batch (a leak goes on growing; warm-up stops)',
              ids: ['memory.rssAfterBatch5', 'memory.growth4to5'],
            },
            {
              label: 'JS heap in use after a full GC: after start / after 3 batches',
              ids: ['memory.heapAfterStart', 'memory.heapAfterBatch3'],
            },
            { label: 'JS heap (after a full GC) growth, 2nd → 3rd batch', ids: ['memory.heapGrowth2to3'] },
            { label: 'failed requests in the batches', ids: ['memory.failures'] },
          ],
          notes,
        },
      ],
    };
  } finally {
    if (running) await stopMain(running);
    await slack.close();
    await cms.close();
  }
}
