// npx tsx bench/markdown.ts [bench/results/latest.json]
// Prints the results of a run as Markdown tables, for docs/benchmarks.md.
import { readFile } from 'node:fs/promises';
import { describeRuns, type BenchReport } from './harness/report';
import { heapTable, notesTable, renderMarkdown, scenarioTable, targetTable } from './harness/table';

async function main(): Promise<void> {
  const report = JSON.parse(await readFile(process.argv[2] ?? 'bench/results/latest.json', 'utf8')) as BenchReport;
  const m = report.machine;
  const out: string[] = [];
  out.push(
    `Run of ${report.generatedAt} (${report.complete ? 'complete' : 'PARTIAL'}): Redis ${m.redis}, Node ${m.node}, ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.platform}; ${report.options.size} sizes, medians of ${describeRuns(report.options.runs, report.familyRuns)}, min–max beside them, order rotated every round.`,
  );
  out.push('', renderMarkdown(scenarioTable(report.scenarios)), '');
  const heap = heapTable(report.scenarios);
  if (heap.rows.length) out.push(renderMarkdown(heap), '');
  out.push(renderMarkdown(targetTable(report.targets)), '');
  out.push(renderMarkdown(notesTable(report.scenarios)), '');
  out.push('| scenario | what it measures |', '|---|---|');
  for (const r of report.scenarios) out.push(`| ${r.id} | ${r.meaning.replace(/\|/g, '/')} |`);
  for (const s of report.skipped ?? []) out.push('', `Skipped ${s.family}: ${s.reason}`);
  console.log(out.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
