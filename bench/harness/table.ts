// The results as tables, in the spirit of kafka-producer-perf-test: records/s (with the spread over
// runs), MB/s and latency percentiles per scenario, the producer's rate beside the consumers', the
// baseline and the ratio; heap and GC per 100k events; targets. One set of rows, rendered as text
// for the console and as Markdown for docs/benchmarks.md.
import type { ScenarioResult, Spread, TargetResult } from './runner';

export interface Table {
  header: string[];
  rows: string[][];
  /** Columns padded to the left in text (names); the rest are right-aligned numbers. */
  textColumns: number[];
}

export const num = (v: number | undefined | null, digits: number) =>
  v === undefined || v === null || !Number.isFinite(v)
    ? '-'
    : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const spread = ([min, max]: Spread, digits: number) => (Number.isFinite(min) ? `${num(min, digits)}–${num(max, digits)}` : '-');

function failedMark(r: ScenarioResult): string {
  return r.errors.length ? ` (${r.errors.length} of ${r.errors.length + r.runs.length} runs FAILED)` : '';
}

export function scenarioTable(results: ScenarioResult[]): Table {
  return {
    header: [
      'scenario',
      'msgs/s',
      'min–max',
      'MB/s',
      'p50 ms',
      'p99 ms',
      'p99 warm ms',
      'p99 warm min–max',
      'max ms',
      'producer msgs/s',
      'baseline',
      '× msgs/s',
      '× p99',
    ],
    textColumns: [0, 10],
    rows: results.map((r) => {
      const m = r.median;
      const flags = [
        r.producerBoundRuns ? `bound ${r.producerBoundRuns}/${r.runs.length}` : '',
        r.producerBehindRuns ? `BEHIND pace ${r.producerBehindRuns}/${r.runs.length}` : '',
      ].filter(Boolean);
      const producer =
        m && Number.isFinite(m.producerMsgsPerSec) ? `${num(m.producerMsgsPerSec, 0)}${flags.length ? ` (${flags.join(', ')})` : ''}` : '';
      return [
        r.id + failedMark(r),
        num(m?.msgsPerSec, 0),
        r.spread ? spread(r.spread.msgsPerSec, 0) : '-',
        num(m?.mbPerSec, 2),
        num(m?.p50, 2),
        num(m?.p99, 2),
        num(m?.p99Warm, 2),
        r.spread ? spread(r.spread.p99Warm, 2) : '-',
        num(m?.max, 1),
        producer,
        r.baseline ?? '',
        r.ratio && Number.isFinite(r.ratio.msgsPerSec) ? `${num(r.ratio.msgsPerSec, 2)}×` : '',
        r.ratio && Number.isFinite(r.ratio.p99) ? `${num(r.ratio.p99, 2)}×` : '',
      ];
    }),
  };
}

export function heapTable(results: ScenarioResult[]): Table {
  return {
    header: ['scenario', 'allocated MB / 100k', 'GCs / 100k', 'GC ms / 100k', 'heap peak MB'],
    textColumns: [0],
    rows: results
      .filter((r) => r.median && Number.isFinite(r.median.allocMBPer100k))
      .map((r) => [
        r.id,
        num(r.median!.allocMBPer100k, 1),
        num(r.median!.gcPer100k, 1),
        num(r.median!.gcMsPer100k, 1),
        num(r.median!.heapPeakMB, 1),
      ]),
  };
}

const ratioText = (v: number | null | undefined) =>
  v === null || v === undefined ? '-' : v === Number.POSITIVE_INFINITY ? '∞ (reference 0)' : `${num(v, 2)}×`;

export function targetTable(targets: TargetResult[]): Table {
  return {
    header: ['target', 'ratio of', 'value', 'need', 'result', 'A/A (baseline against itself)'],
    textColumns: [0, 1, 3, 4],
    rows: targets.map((t) => {
      const need = t.atLeast !== undefined ? `≥ ${t.atLeast}×` : `≤ ${t.atMost}×`;
      const verdict = t.met === null ? 'not measured' : t.met ? 'met' : t.failure ? `FAILED: ${t.failure}` : 'MISSED';
      const value = ratioText(t.value);
      return [t.label, `${t.metric} ${t.subject} / ${t.reference}`, value, need, verdict, ratioText(t.aa)];
    }),
  };
}

/** Per scenario: the load average over its runs, its place in each round, errors and notes. */
export function notesTable(results: ScenarioResult[]): Table {
  return {
    header: ['scenario', 'load (1-min avg) over runs', 'order in round', 'notes (medians over runs), errors'],
    textColumns: [0, 1, 2, 3],
    rows: results.map((r) => {
      const loads = r.runs.flatMap((m) => (m.load ? [m.load.before, m.load.after] : []));
      const load = loads.length ? `${num(Math.min(...loads), 1)}–${num(Math.max(...loads), 1)}` : '-';
      const order = r.runs.map((m) => m.order ?? '?').join(', ');
      const notes = Object.entries(r.notes).map(([k, v]) => `${k}=${typeof v === 'number' ? num(v, v % 1 ? 2 : 0) : v}`);
      const errors = r.errors.map((e) => `error: ${e.split('\n')[0]}`);
      return [r.id, load, order, [...notes, ...errors].join(', ')];
    }),
  };
}

export function renderText(table: Table): string {
  const widths = table.header.map((h, i) => Math.max(h.length, ...table.rows.map((l) => l[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (table.textColumns.includes(i) ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(table.header), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

export function renderMarkdown(table: Table): string {
  const cell = (c: string) => c.replace(/\|/g, '/');
  const align = table.header.map((_, i) => (table.textColumns.includes(i) ? '---' : '--:'));
  return [`| ${table.header.join(' | ')} |`, `|${align.join('|')}|`, ...table.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}
