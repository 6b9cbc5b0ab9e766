/** The printed table (markdown, pasteable into the README) and results.json. */
import { writeFileSync } from 'node:fs';
import type { Figure, Figures } from './figures.js';

/** One table row: one or more figures shown together (e.g. p50 / p99 / max), with the target of any of them. */
export interface Row {
  label: string;
  ids: string[];
}

/** A titled part of the table, with notes printed under it (limits, what was skipped, profiles). */
export interface Section {
  title: string;
  rows: Row[];
  notes: string[];
}

/** What a scenario hands back to the orchestrator. */
export interface ScenarioOutcome {
  figures: Figures;
  sections: Section[];
}

/** Formats a number for the table: 3 significant digits at most, thousands separated. */
export function formatNumber(value: number | null): string {
  if (value === null) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

function formatTarget(figure: Figure): string {
  return figure.target === null ? '' : `${figure.target.replace('<=', '≤').replace('>=', '≥')} ${figure.unit}`.trim();
}

/**
 * Renders the sections as markdown tables: Figure | Value | Target | Met. A row's value joins its figures with
 * " / " and one unit; its target and met come from the figures that have a target.
 */
export function renderTable(figures: Figures, sections: readonly Section[]): string {
  const lines: string[] = [];
  for (const section of sections) {
    lines.push('', `**${section.title}**`, '', '| Figure | Value | Target | Met |', '|---|---:|---|:---:|');
    for (const row of section.rows) {
      const shown = row.ids.map((id) => figures[id]).filter((figure): figure is Figure => figure !== undefined);
      if (shown.length === 0) continue;
      const units = [...new Set(shown.map((figure) => figure.unit))];
      const value =
        `${shown.map((figure) => formatNumber(figure.value)).join(' / ')} ${units.length === 1 ? units[0] : ''}`.trim();
      const targeted = shown.filter((figure) => figure.target !== null);
      const target = targeted.map(formatTarget).join('; ');
      const met =
        targeted.length === 0
          ? '—'
          : targeted.some((figure) => figure.met === null)
            ? 'not measured'
            : targeted.every((figure) => figure.met)
              ? 'yes'
              : '**NO**';
      lines.push(`| ${row.label} | ${value} | ${target} | ${met} |`);
    }
    for (const note of section.notes) lines.push(`- ${note}`);
  }
  return lines.join('\n');
}

/** results.json: the machine, the run, and every figure keyed by id. */
export interface Results {
  command: string;
  mode: 'full' | 'smoke';
  date: string;
  node: string;
  machine: { cpu: string; cores: number; memoryGB: number; os: string };
  wallSeconds: number;
  /** Commit measured, e.g. "commit abc1234 with uncommitted changes". */
  git: string;
  /** CPU used by other processes and by the benchmark, average cores over the run (Linux only). */
  machineLoad?: { otherCores: number; benchCores: number; cores: number; loadAverageAtStart: number | null };
  figures: Figures;
  notes: string[];
  /** Targets not met, by figure id. */
  missed: string[];
}

/** Writes results.json (pretty-printed). */
export function writeResults(path: string, results: Results): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
