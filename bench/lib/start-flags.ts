import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './children.js';

/**
 * The Node flags `npm start` gives dist/main.js (package.json "start": `node [--flags] dist/main.js`), so that the
 * app's benchmark processes run with the heap settings of production (the Dockerfile's CMD has the same flags).
 * The bare Bolt baseline runs without them.
 * @throws when "start" has another shape
 */
export function startFlags(): string[] {
  const start =
    (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts
      ?.start ?? '';
  const match = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/main\.js$/.exec(start);
  if (!match) throw new Error(`package.json "start" is not "node [--flags] dist/main.js": ${start}`);
  return (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

/**
 * The environment the container image gives the app (the `ENV KEY=VALUE` lines of manifests/Dockerfile's last
 * stage, e.g. NODE_ENV=production and MALLOC_ARENA_MAX=2), so that a benchmark of the production entry measures
 * memory the way it runs in production.
 * @throws when manifests/Dockerfile cannot be read
 */
export function imageEnv(): Record<string, string> {
  const dockerfile = readFileSync(join(REPO_ROOT, 'manifests', 'Dockerfile'), 'utf8');
  const lastStage = dockerfile.split(/^FROM\s/m).at(-1) ?? '';
  const env: Record<string, string> = {};
  for (const match of lastStage.matchAll(/^ENV\s+([A-Z_][A-Z0-9_]*)=(\S+)\s*$/gm)) env[match[1] ?? ''] = match[2] ?? '';
  return env;
}
