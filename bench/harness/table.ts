// Text output in the spirit of kafka-producer-perf-test: records/s, MB/s and latency percentiles
// per scenario, with the baseline and the ratio beside it.
import type { ScenarioResult, TargetResult } from './runner';

const num = (v: number | undefined, digits: number) =>
  v === undefined || !Number.isFinite(v) ? '-' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 || i === cells.length - 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

export function scenarioTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'msgs/s', 'MB/s', 'p50 ms', 'p95 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'baseline', '× msgs/s', '× p99'];
  const lines = results.map((r) => {
    const m = r.median;
    return [
      r.id + (r.errors.length ? ` (${r.errors.length} failed)` : ''),
      num(m?.msgsPerSec, 0),
      num(m?.mbPerSec, 2),
      num(m?.p50, 2),
      num(m?.p95, 2),
      num(m?.p99, 2),
      num(m?.p999, 2),
      num(m?.max, 1),
      r.baseline ?? '',
      r.ratio ? `${num(r.ratio.msgsPerSec, 2)}×` : '',
      r.ratio ? `${num(r.ratio.p99, 2)}×` : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return [row(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map((l) => row(l, widths))].join('\n');
}

export function targetTable(targets: TargetResult[]): string {
  const lines = targets.map((t) => {
    const need = t.atLeast !== undefined ? `≥ ${t.atLeast}×` : `≤ ${t.atMost}×`;
    const verdict = t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED';
    return [t.label, `${t.metric} ${t.subject} / ${t.reference}`, t.value === null ? '-' : `${num(t.value, 2)}×`, need, verdict];
  });
  const header = ['target', 'ratio of', 'value', 'need', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const pad = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [pad(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(pad)].join('\n');
}

export function notesTable(results: ScenarioResult[]): string {
  return results
    .filter((r) => Object.keys(r.notes).length > 0 || r.errors.length > 0)
    .map((r) => {
      const notes = Object.entries(r.notes).map(([k, v]) => `${k}=${typeof v === 'number' ? num(v, v % 1 ? 2 : 0) : v}`);
      const errors = r.errors.map((e) => `error: ${e.split('\n')[0]}`);
      return `${r.id}: ${[...notes, ...errors].join(', ')}`;
    })
    .join('\n');
}
