// npx tsx bench/plot.ts [--in bench/results/latest.json] [--out docs/bench-results.png]
// Draws the latest results as an SVG (throughput against each baseline, p99 latency against the
// bare loop and the peers) and renders it to PNG with headless Chromium.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { describeRuns, type BenchReport } from './harness/report';
import type { ScenarioResult } from './harness/runner';

const { values } = parseArgs({
  options: {
    in: { type: 'string', default: 'bench/results/latest.json' },
    out: { type: 'string', default: 'docs/bench-results.png' },
    svg: { type: 'string', default: 'bench/results/latest.svg' },
  },
});

const WIDTH = 1100;
const COLORS = { bare: '#9aa5b1', engine: '#2f6fde', bullmq: '#e07b39', moleculer: '#8e5bd6', other: '#3aa17e', producer: '#d9dde2' };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const colorOf = (id: string) =>
  id.includes('engine')
    ? COLORS.engine
    : id.includes('bullmq')
      ? COLORS.bullmq
      : id.includes('moleculer')
        ? COLORS.moleculer
        : id.includes('bare')
          ? COLORS.bare
          : COLORS.other;
const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v >= 10 ? 1 : 2));

interface Bar {
  label: string;
  value: number;
  color: string;
  note?: string;
}

/** A horizontal bar chart; `log` for latencies that span orders of magnitude. */
function barChart(
  title: string,
  subtitle: string,
  bars: Bar[],
  y0: number,
  opts: { log?: boolean; marks?: { at: number; label: string }[]; unit: string },
): { svg: string; height: number } {
  const left = 330;
  const right = WIDTH - 210;
  const rowH = 22;
  const top = y0 + 48;
  const max = Math.max(...bars.map((b) => b.value), ...(opts.marks ?? []).map((m) => m.at)) * 1.05;
  const minLog = Math.min(...bars.map((b) => b.value).filter((v) => v > 0)) / 2;
  const x = (v: number) =>
    opts.log
      ? left + ((Math.log10(Math.max(v, minLog)) - Math.log10(minLog)) / (Math.log10(max) - Math.log10(minLog))) * (right - left)
      : left + (v / max) * (right - left);
  const parts = [
    `<text x="20" y="${y0 + 20}" font-size="17" font-weight="bold">${esc(title)}</text>`,
    `<text x="20" y="${y0 + 38}" font-size="12" fill="#555">${esc(subtitle)}</text>`,
  ];
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${left - 8}" y="${y + 14}" font-size="12" text-anchor="end">${esc(b.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 3}" width="${Math.max(1, x(b.value) - left)}" height="${rowH - 6}" fill="${b.color}"/>`);
    parts.push(
      `<text x="${x(b.value) + 6}" y="${y + 14}" font-size="11" fill="#333">${esc(fmt(b.value) + opts.unit + (b.note ? `  ${b.note}` : ''))}</text>`,
    );
  });
  const bottom = top + bars.length * rowH;
  for (const m of opts.marks ?? []) {
    parts.push(`<line x1="${x(m.at)}" y1="${top}" x2="${x(m.at)}" y2="${bottom}" stroke="#c0392b" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x(m.at) + 3}" y="${bottom + 12}" font-size="11" fill="#c0392b">${esc(m.label)}</text>`);
  }
  return { svg: parts.join('\n'), height: bottom - y0 + (opts.marks ? 32 : 20) };
}

function ratioBars(results: ScenarioResult[]): Bar[] {
  return (
    results
      // Throughput comparisons only: latency, console, scale and ui rows compare other things.
      .filter((r) => r.ratio && Number.isFinite(r.ratio.msgsPerSec) && /^(produce|drain|consume|fanout|broadcast)\./.test(r.id))
      .map((r) => ({
        label: `${r.id} / ${r.baseline?.split('.')[1]}`,
        value: r.ratio!.msgsPerSec,
        color: colorOf(r.id),
        note: r.producerBoundRuns ? `producer-bound ${r.producerBoundRuns}/${r.runs.length}` : undefined,
      }))
  );
}

/** Consumer rates, and for live flows the shared producer's rate beside them (a consumer that kept up shows the producer's). */
function throughputBars(results: ScenarioResult[]): Bar[] {
  return results
    .filter((r) => r.median && /^(drain|consume|fanout|broadcast)\./.test(r.id))
    .flatMap((r) => {
      const bar: Bar = { label: r.id, value: r.median!.msgsPerSec, color: colorOf(r.id) };
      if (!Number.isFinite(r.median!.producerMsgsPerSec) || !r.id.startsWith('consume.')) return [bar];
      return [
        bar,
        {
          label: '  its producer',
          value: r.median!.producerMsgsPerSec,
          color: COLORS.producer,
          note: r.producerBoundRuns ? 'set the pace' : undefined,
        },
      ];
    });
}

function latencyBars(results: ScenarioResult[]): Bar[] {
  return results
    .filter((r) => r.median && r.id.startsWith('latency.') && Number.isFinite(r.median.p99Warm))
    .map((r) => ({ label: r.id, value: r.median!.p99Warm, color: colorOf(r.id), note: `(whole run ${fmt(r.median!.p99)} ms)` }));
}

function heapBars(results: ScenarioResult[]): Bar[] {
  return results
    .filter((r) => r.median && r.id.startsWith('drain.') && Number.isFinite(r.median.allocMBPer100k) && !/bullmq|moleculer/.test(r.id))
    .map((r) => ({ label: r.id, value: r.median!.allocMBPer100k, color: colorOf(r.id), note: `GC ${fmt(r.median!.gcMsPer100k)} ms` }));
}

async function main(): Promise<void> {
  const report = JSON.parse(await readFile(values.in!, 'utf8')) as BenchReport;
  const m = report.machine;
  const header = `Streamscope benchmarks · ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC · Redis ${m.redis} · Node ${m.node} · ${m.cores} cores · medians of ${describeRuns(report.options.runs, report.familyRuns)}${report.options.size === 'default' ? '' : ` (${report.options.size})`}`;
  let y = 40;
  const sections: string[] = [`<text x="20" y="26" font-size="13" fill="#333">${esc(header)}</text>`];
  for (const [title, subtitle, bars, opts] of [
    [
      'Throughput relative to the baseline (same run, medians of rotated runs)',
      '× msgs/s of the bare-ioredis baseline of the same technique; dashed: targets (0.8× Immediate drain, 0.95× the rest)',
      ratioBars(report.scenarios),
      {
        marks: [
          { at: 0.8, label: '0.8× ' },
          { at: 0.95, label: ' 0.95×' },
        ],
        unit: '×',
      },
    ],
    [
      'Throughput, msgs/s (per receiving side)',
      'drain/fanout: the same backlog for all · consume: live, beside the shared producer · grey: bare · blue: engine · orange: BullMQ 6.7 · purple: @moleculer/channels 0.1.8',
      throughputBars(report.scenarios),
      { unit: '' },
    ],
    [
      'p99 latency after warm-up under a paced shared producer, ms (log scale)',
      'producer stamp → handler, across processes; 3 consumer processes; first 20 % of each run left out',
      latencyBars(report.scenarios),
      { log: true, unit: ' ms' },
    ],
    [
      'Heap allocated per 100,000 events while draining, MB',
      'sum over the 3 consumer processes (V8 GCProfiler); note: GC pause time per 100k',
      heapBars(report.scenarios),
      { unit: ' MB' },
    ],
  ] as const) {
    if (bars.length === 0) continue;
    const chart = barChart(title, subtitle, [...bars], y, { ...opts, marks: 'marks' in opts ? [...opts.marks] : undefined });
    sections.push(chart.svg);
    y += chart.height + 10;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" font-family="DejaVu Sans, Arial, sans-serif"><rect width="100%" height="100%" fill="white"/>\n${sections.join('\n')}\n</svg>\n`;
  await writeFile(values.svg!, svg);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: y }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: values.out!, clip: { x: 0, y: 0, width: WIDTH, height: y } });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${values.svg} and ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
