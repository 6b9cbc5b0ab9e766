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
