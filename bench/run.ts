/**
 * `npm run bench`: ack latency, throughput and scale of alert-contact-bot, measured side by side with a bare
 * Bolt app, on this machine. Prints a markdown table (stdout; progress goes to stderr) and writes
 * bench/results.json (bench/results.smoke.json with --smoke).
 *
 * Flags:
 * - `--smoke`: tiny numbers, same code paths, a short run for CI; exits 0 unless something crashed.
 * - `--only=1,3`: run only these scenarios (1 ack path, 2 submission path, 3 slow CloudMonitor, 4 stored
 *   state, 5 memory and start, 6 open loop of slash commands, 7 burst of submissions, 8 big account: form and
 *   groups typeahead with 10,000 contacts and 1,000 groups).
 * - `--profile`: start the children with `--cpu-prof`; profiles go to bench/profiles/<time>/.
 * - `--redis`: also run scenario 4 on a throw-away `redis-server` from PATH (never one already running).
 *
 * The apps under test run in child processes (bench/app-under-test.ts, bench/baseline-app.ts,
 * bench/stored-state-child.ts, `node dist/main.js`); autocannon and the fakes run here. Everything listens on
 * 127.0.0.1 only, and every child is killed at the end, also on errors and Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { cpus, type as osType, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { killAllChildren, REPO_ROOT, startChild } from './lib/children.js';
import type { Side } from './lib/compare-sides.js';
import { appEnv, removeTempDirs, startBenchCms, startBenchSlack, tempSqliteUrl } from './lib/fakes.js';
import type { Figures } from './lib/figures.js';
import { type OtherLoad, watchMachineLoad } from './lib/machine-load.js';
import { type BenchPlan, FULL_PLAN, SMOKE_PLAN } from './lib/plan.js';
import { renderTable, type ScenarioOutcome, type Section, writeResults } from './lib/report.js';
import { startFlags } from './lib/start-flags.js';
import { benchAckPath } from './scenarios/ack-path.js';
import { benchBurst } from './scenarios/burst.js';
import { benchMemoryAndStart } from './scenarios/memory-start.js';
import { benchOpenLoop } from './scenarios/open-loop.js';
import { benchScale } from './scenarios/scale.js';
import { benchSlowCms } from './scenarios/slow-cms.js';
import { benchStoredState } from './scenarios/stored-state.js';
import { benchSubmissionPath } from './scenarios/submission-path.js';

interface Args {
  smoke: boolean;
  only: Set<number>;
  profile: boolean;
  redis: boolean;
}

/** Every scenario's number (see --only). */
const SCENARIO_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8];

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { smoke: false, only: new Set(SCENARIO_NUMBERS), profile: false, redis: false };
  for (const arg of argv) {
    if (arg === '--smoke') args.smoke = true;
    else if (arg === '--profile') args.profile = true;
    else if (arg === '--redis') args.redis = true;
    else if (arg.startsWith('--only='))
      args.only = new Set(
        arg
          .slice('--only='.length)
          .split(',')
          .map(Number)
          .filter((n) => SCENARIO_NUMBERS.includes(n)),
      );
    else
      throw new Error(
        `unknown argument ${arg} (expected --smoke, --only=${SCENARIO_NUMBERS.join(',')}, --profile, --redis)`,
      );
  }
  return args;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Scenarios 1 and 2 share one app child and one baseline child, each with its own fake Slack. */
async function runPaths(
  plan: BenchPlan,
  only: Set<number>,
  cpuProfileDir: string | undefined,
): Promise<ScenarioOutcome[]> {
  const [appSlack, baselineSlack] = await Promise.all([startBenchSlack(), startBenchSlack()]);
  const cms = await startBenchCms();
  const profile = cpuProfileDir ? { cpuProfileDir } : {};
  const [appChild, baselineChild] = await Promise.all([
    startChild({
      name: 'app',
      entry: 'bench/app-under-test.ts',
      env: appEnv(appSlack, cms, tempSqliteUrl('paths')),
      nodeFlags: startFlags(),
      ...profile,
    }),
    startChild({
      name: 'baseline',
      entry: 'bench/baseline-app.ts',
      env: appEnv(baselineSlack, cms, tempSqliteUrl('baseline')),
      ...profile,
    }),
  ]);
  const app: Side = { name: 'app', child: appChild, slack: appSlack };
  const baseline: Side = { name: 'baseline', child: baselineChild, slack: baselineSlack };
  try {
    const outcomes: ScenarioOutcome[] = [];
    if (only.has(1)) outcomes.push(await benchAckPath(plan, app, baseline, log));
    if (only.has(2)) outcomes.push(await benchSubmissionPath(plan, app, baseline, log));
    return outcomes;
  } finally {
    await Promise.all([appChild.stop(), baselineChild.stop()]);
    await Promise.all([appSlack.close(), baselineSlack.close()]);
    await cms.close();
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const base = args.smoke ? SMOKE_PLAN : FULL_PLAN;
  const plan: BenchPlan = { ...base, storedState: { ...base.storedState, redis: args.redis } };
  const started = Date.now();
  const cpuProfileDir = args.profile
    ? join(REPO_ROOT, 'bench', 'profiles', new Date(started).toISOString().replace(/[:.]/g, '-'))
    : undefined;
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  // Bounded: a stuck run is killed rather than hanging CI.
  const watchdog = setTimeout(
    () => {
      log(`bench: still running after ${args.smoke ? 5 : 30} min; killing children and exiting`);
      killAllChildren();
      process.exit(3);
    },
    (args.smoke ? 5 : 30) * 60_000,
  );
  watchdog.unref();

  const figures: Figures = {};
  const sections: Section[] = [];
  const crashes: string[] = [];
  const wholeRun = watchMachineLoad();
  const loadAtStart = wholeRun.loadAverage();
  const scenarios: Array<{ numbers: number[]; name: string; run: () => Promise<ScenarioOutcome[]> }> = [
    { numbers: [1, 2], name: 'ack and submission paths', run: () => runPaths(plan, args.only, cpuProfileDir) },
    { numbers: [3], name: 'slow CloudMonitor', run: async () => [await benchSlowCms(plan, log, cpuProfileDir)] },
    { numbers: [4], name: 'stored state', run: async () => [await benchStoredState(plan, log, cpuProfileDir)] },
    { numbers: [5], name: 'memory and start', run: async () => [await benchMemoryAndStart(plan, log)] },
    { numbers: [6], name: 'open loop', run: async () => [await benchOpenLoop(plan, log, cpuProfileDir)] },
    { numbers: [7], name: 'burst of submissions', run: async () => [await benchBurst(plan, log, cpuProfileDir)] },
    { numbers: [8], name: 'big account', run: async () => [await benchScale(plan, log, cpuProfileDir)] },
  ];
  for (const scenario of scenarios) {
    if (!scenario.numbers.some((n) => args.only.has(n))) continue;
    const t = Date.now();
    const during = watchMachineLoad();
    try {
      const outcomes = await scenario.run();
      const load = during.stop();
      for (const outcome of outcomes) {
        Object.assign(figures, outcome.figures);
        sections.push(...outcome.sections);
        if (load) outcome.sections[0]?.notes.push(describeLoad(load, 'this part'));
      }
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      crashes.push(`${scenario.name}: ${message.split('\n')[0]}`);
      log(`bench: ${scenario.name} crashed: ${message}`);
      sections.push({
        title: `${scenario.numbers.join(', ')}. ${scenario.name}: CRASHED`,
        rows: [],
        notes: [message.split('\n')[0] ?? message],
      });
    } finally {
      killAllChildren();
      removeTempDirs();
    }
    log(`  (${scenario.name}: ${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }

  const wallSeconds = (Date.now() - started) / 1_000;
  const machineLoad = wholeRun.stop();
  const cpu = cpus();
  const machine = {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    os: `${osType()} ${release()}`,
  };
  const missed = Object.entries(figures)
    .filter(([, figure]) => figure.met === false)
    .map(([id]) => id);
  const flags = process.argv.slice(2).join(' ');
  const command = `npm run bench${flags ? ` -- ${flags}` : ''}`;
  const git = gitDescription();
  const header = [
    `Performance (\`${command}\`, ${plan.mode} run, ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB RAM, ${machine.os}; Node ${process.version}; ${git}. Wall time ${wallSeconds.toFixed(0)} s.`,
    ...(machineLoad
      ? [
          `${describeLoad(machineLoad, 'the run')}${loadAtStart !== undefined ? ` Load average at start: ${loadAtStart.toFixed(1)}.` : ''}`,
        ]
      : []),
  ];
  const targeted = Object.values(figures).filter((figure) => figure.target !== null);
  const footer = [
    '',
    `Targets met: ${targeted.filter((figure) => figure.met === true).length} of ${targeted.length}.${missed.length > 0 ? ` Not met: ${missed.join(', ')}.` : ''}`,
    ...(cpuProfileDir ? [`CPU profiles: ${cpuProfileDir}`] : []),
    ...crashes.map((crash) => `CRASHED: ${crash}`),
  ];
  process.stdout.write(`${header.join('\n')}\n${renderTable(figures, sections)}\n${footer.join('\n')}\n`);

  const path = join(REPO_ROOT, 'bench', args.smoke ? 'results.smoke.json' : 'results.json');
  writeResults(path, {
    command,
    mode: plan.mode,
    date: new Date(started).toISOString(),
    node: process.version,
    machine,
    wallSeconds,
    git,
    ...(machineLoad ? { machineLoad: { ...machineLoad, loadAverageAtStart: loadAtStart ?? null } } : {}),
    figures,
    notes: sections.flatMap((section) => section.notes.map((note) => `${section.title}: ${note}`)),
    missed,
  });
  log(`bench: wrote ${path}`);
  return crashes.length > 0 ? 1 : 0;
}

/** "commit abc1234" (+ ", uncommitted changes"), or "not a git checkout". */
function gitDescription(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'not a git checkout';
  const dirty =
    spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).stdout.trim() !== '';
  return `commit ${head.stdout.trim()}${dirty ? ' with uncommitted changes' : ''}`;
}

/** One sentence on the CPU others used, with a warning when it was enough to disturb the figures. */
function describeLoad(load: OtherLoad, period: string): string {
  const busy = load.otherCores >= 0.2 * load.cores;
  return `Other processes on this machine used ${load.otherCores.toFixed(2)} of ${load.cores} cores on average during ${period} (the benchmark ${load.benchCores.toFixed(2)})${busy ? ': NOT an idle machine, figures are disturbed' : ''}.`;
}

process.on('exit', () => {
  killAllChildren();
  removeTempDirs();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killAllChildren();
    process.exit(1);
  },
);
