/**
 * The Node.js version gate every entry point imports first (src/app/require-node.ts): an older Node.js would crash
 * on better-sqlite3 13's binary with no message, so it is refused with one line naming what to install.
 */
import { describe, expect, it } from 'vitest';
import { MIN_NODE_MAJOR, nodeVersionProblem } from '../../../src/app/require-node.js';

describe('nodeVersionProblem', () => {
  it('refuses Node.js 20 and 22 with a line naming the version needed', () => {
    for (const version of ['20.20.2', '22.11.0']) {
      expect(nodeVersionProblem(version)).toMatch(
        new RegExp(`^Node\\.js ${version.replace(/\./g, '\\.')} is too old: .*Node\\.js ${MIN_NODE_MAJOR} or later`),
      );
    }
  });

  it('accepts Node.js 24 and later', () => {
    expect(nodeVersionProblem('24.0.0')).toBeUndefined();
    expect(nodeVersionProblem('24.22.3')).toBeUndefined();
    expect(nodeVersionProblem('26.1.0')).toBeUndefined();
  });

  it('the supported major is the one package.json and .nvmrc name', async () => {
    const { readFileSync } = await import('node:fs');
    const root = new URL('../../../', import.meta.url);
    expect(readFileSync(new URL('.nvmrc', root), 'utf8').trim()).toBe(String(MIN_NODE_MAJOR));
    expect(JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).engines.node).toBe(`>=${MIN_NODE_MAJOR}`);
  });
});
