/**
 * The two layout rules of the re-layout, checked on the source text: a listener file never imports a listener
 * file of another kind (flows shared by several kinds live in listeners/flows/), and the request core
 * (src/requests/) knows nothing of Block Kit, Bolt, pop-core or the listeners.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const SRC = join(ROOT, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every import specifier of a file, relative ones resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import[^;]*?from\s+'([^']+)'/gms)].map((match) => {
    const spec = match[1] ?? '';
    return spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)) : spec;
  });
}

describe('layout rules', () => {
  it('no listener imports a listener of another kind', () => {
    const problems: string[] = [];
    for (const file of filesUnder(join(SRC, 'listeners'))) {
      const kind = relative(join(SRC, 'listeners'), file).split('/')[0] ?? '';
      if (!kind.endsWith('.ts') && kind !== 'flows' && kind !== 'middleware') {
        for (const target of importsOf(file)) {
          const [top, targetKind] = target.split('/');
          if (top === 'listeners' && targetKind !== kind && targetKind !== 'flows' && targetKind !== 'middleware') {
            problems.push(`${relative(SRC, file)} imports ${target}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('flows import no listener of any kind', () => {
    const problems = filesUnder(join(SRC, 'listeners', 'flows')).flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('listeners/') && !target.startsWith('listeners/flows/'))
        .map((target) => `${relative(SRC, file)} imports ${target}`),
    );
    expect(problems).toEqual([]);
  });

  it('the request core imports no Block Kit, Bolt, pop-core, listener or Slack adapter code', () => {
    const forbidden = [
      /^@slack\//,
      /^@alicloud\/pop-core/,
      /^blocks\//,
      /^listeners\//,
      /^slack\/(?!ack-budgets)/,
      /^i18n\//,
    ];
    const problems = filesUnder(join(SRC, 'requests')).flatMap((file) =>
      importsOf(file)
        .filter((target) => forbidden.some((rule) => rule.test(target)))
        .map((target) => `${relative(SRC, file)} imports ${target}`),
    );
    expect(problems).toEqual([]);
  });
});
