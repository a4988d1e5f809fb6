// npx tsx bench/markdown.ts [bench/results/latest.json]
// Prints the results of a run as Markdown tables, for docs/benchmarks.md.
import { readFile } from 'node:fs/promises';
import type { BenchReport } from './harness/report';

const num = (v: number | undefined | null, digits: number) =>
  v === undefined || v === null || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const report = JSON.parse(await readFile(process.argv[2] ?? 'bench/results/latest.json', 'utf8')) as BenchReport;
  const m = report.machine;
  const out: string[] = [];
  out.push(`Run of ${report.generatedAt} (${report.complete ? 'complete' : 'PARTIAL'}): Redis ${m.redis}, Node ${m.node}, ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.platform}; ${report.options.full ? 'full' : 'default'} sizes, medians of ${report.options.runs} runs.`);
  out.push('');
  out.push('| scenario | msgs/s | MB/s | p50 ms | p95 ms | p99 ms | p99.9 ms | max ms | baseline | × msgs/s | × p99 |');
  out.push('|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|');
  for (const r of report.scenarios) {
    const s = r.median;
    out.push(
      `| ${r.id}${r.errors.length ? ` (${r.errors.length} run(s) failed)` : ''} | ${num(s?.msgsPerSec, 0)} | ${num(s?.mbPerSec, 2)} | ${num(s?.p50, 2)} | ${num(s?.p95, 2)} | ${num(s?.p99, 2)} | ${num(s?.p999, 2)} | ${num(s?.max, 1)} | ${r.baseline ?? ''} | ${r.ratio ? `${num(r.ratio.msgsPerSec, 2)}×` : ''} | ${r.ratio ? `${num(r.ratio.p99, 2)}×` : ''} |`,
    );
  }
  out.push('');
  out.push('| target | ratio of | value | need | result |');
  out.push('|---|---|--:|---|---|');
  for (const t of report.targets) {
    const need = t.atLeast !== undefined ? `≥ ${t.atLeast}×` : `≤ ${t.atMost}×`;
    out.push(`| ${t.label} | ${t.metric}: ${t.subject} / ${t.reference} | ${t.value === null ? '–' : `${num(t.value, 2)}×`} | ${need} | ${t.met === null ? 'not measured' : t.met ? 'met' : '**missed**'} |`);
  }
  out.push('');
  out.push('| scenario | notes (medians over runs) |');
  out.push('|---|---|');
  for (const r of report.scenarios) {
    const notes = Object.entries(r.notes).map(([k, v]) => `${k}=${typeof v === 'number' ? num(v, v % 1 ? 2 : 0) : v}`);
    if (notes.length || r.errors.length) out.push(`| ${r.id} | ${[...notes, ...r.errors.map((e) => `error: ${e.split('\n')[0]}`)].join(', ').replace(/\|/g, '/')} |`);
  }
  out.push('');
  out.push('| scenario | what it measures |');
  out.push('|---|---|');
  for (const r of report.scenarios) out.push(`| ${r.id} | ${r.meaning} |`);
  console.log(out.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
