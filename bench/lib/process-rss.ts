import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Resident set size of another process, in bytes: VmRSS from /proc/<pid>/status on Linux, else `ps -o rss=`.
 * @throws when the process does not exist
 */
export function processRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux, or gone: try ps
  }
  const kb = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  if (!/^\d+$/.test(kb)) throw new Error(`no RSS for process ${pid}`);
  return Number(kb) * 1024;
}
