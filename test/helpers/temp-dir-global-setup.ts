import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: gives the run one temporary folder of its own and points TMPDIR at it (the test workers
 * and every process they start inherit it, and Node's `os.tmpdir()` reads it), then deletes it when the run
 * ends, so the SQLite stores the tests create (with contact data in them) do not pile up in the machine's /tmp.
 * @returns the teardown, which deletes the folder
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const runDir = mkdtempSync(join(tmpdir(), 'alert-contact-test-run-'));
  process.env.TMPDIR = runDir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(runDir, { recursive: true, force: true });
  };
}
