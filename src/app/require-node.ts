/**
 * Refuses to start on a Node.js older than the project needs, with one line saying what to do, before anything
 * else is loaded: better-sqlite3 13's prebuilt binary needs Node.js 22 or later and crashes older ones with a
 * segmentation fault and no message. Imported first by every entry point (main.ts, the CLIs).
 */

/** The oldest Node.js major the project supports (package.json `engines`, `.nvmrc`). */
export const MIN_NODE_MAJOR = 24;

/**
 * Why `version` cannot run the bot, or undefined when it can.
 * @param version a Node.js version as `process.versions.node` gives it, e.g. `24.22.3`
 */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return undefined;
  return `Node.js ${version} is too old: alert-contact-bot needs Node.js ${MIN_NODE_MAJOR} or later (package.json engines, .nvmrc); put Node.js ${MIN_NODE_MAJOR} first on PATH (README, "The two commands")`;
}

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`alert-contact-bot: ${problem}\n`);
  process.exit(1);
}
