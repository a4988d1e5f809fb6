// Measurement, not a test: time to first render of the Overview for two renderer builds in one run
// (Debian Chromium → web mode → the shared Redis), alternating A and B in fresh browser contexts so
// machine load hits both alike. "First render" is the moment the Overview's heading is in the DOM
// (a MutationObserver installed before any script runs); also reported: when the stream table or
// its empty state appeared, and how many bytes of JavaScript the page fetched before that.
// Usage: BEFORE=<built renderer dir> AFTER=<built renderer dir> node test/renderer/perf/first-render.mjs
//   RUNS=15  REDIS=redis://127.0.0.1:6379  CPU_THROTTLE=4 (Chromium's CPU slowdown, as on a slow laptop)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort } from './free-port.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const runs = Number(process.env.RUNS ?? 15);
const redisUrl = process.env.REDIS ?? 'redis://127.0.0.1:6379';
const throttle = Number(process.env.CPU_THROTTLE ?? 1);
const builds = { before: process.env.BEFORE, after: process.env.AFTER };
if (!builds.before || !builds.after)
  throw new Error('set BEFORE and AFTER to two built renderer directories (vite build --mode renderer --outDir …)');
const children = [];

async function startWeb(staticDir) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'electron/web/cli.ts', '--port', String(port), '--redis', redisUrl, '--static', staticDir],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code}: ${out}`)));
  });
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function once(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(() => {
    const marks = (window.__firstRender = {});
    new MutationObserver(() => {
      const now = performance.now();
      if (!marks.heading && document.querySelector('h1')?.textContent === 'Overview') marks.heading = now;
      if (!marks.streams && document.querySelector('table[aria-label="Streams"], .overview .empty-state')) marks.streams = now;
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.goto(url);
  await page.waitForFunction(() => window.__firstRender.heading && window.__firstRender.streams, null, { timeout: 30_000 });
  const result = await page.evaluate(() => {
    const { heading, streams } = window.__firstRender;
    const js = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.js') && r.responseEnd <= heading)
      .reduce((n, r) => n + (r.encodedBodySize || r.transferSize || 0), 0);
    return { heading, streams, jsBytes: js };
  });
  await context.close();
  return result;
}

try {
  const urls = { before: await startWeb(builds.before), after: await startWeb(builds.after) };
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const samples = { before: [], after: [] };
  await once(browser, urls.before); // warm both servers and the disk cache
  await once(browser, urls.after);
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 ? ['after', 'before'] : ['before', 'after']) samples[which].push(await once(browser, urls[which]));
  }
  await browser.close();
  const summary = {};
  for (const which of ['before', 'after']) {
    summary[which] = {
      firstRenderMs: Math.round(median(samples[which].map((s) => s.heading))),
      streamsShownMs: Math.round(median(samples[which].map((s) => s.streams))),
      jsKBBeforeFirstRender: Math.round(median(samples[which].map((s) => s.jsBytes)) / 1024),
    };
  }
  summary.ratioAfterOverBefore = {
    firstRender: Math.round((summary.after.firstRenderMs / summary.before.firstRenderMs) * 100) / 100,
    streamsShown: Math.round((summary.after.streamsShownMs / summary.before.streamsShownMs) * 100) / 100,
  };
  console.log(JSON.stringify({ runs, cpuThrottle: throttle, ...summary }, null, 2));
} finally {
  for (const c of children) c.kill('SIGTERM');
}
