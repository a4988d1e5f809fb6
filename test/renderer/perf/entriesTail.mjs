// Renderer perf harness: the Entries tab tailing a fast stream in Debian Chromium, measuring
// frame intervals, long tasks and JS heap. Renderer only (fake bridge), so the numbers are the
// UI's own cost. Usage: npx vite build --mode renderer && node test/renderer/perf/entriesTail.mjs
//   PER_BATCH=500 (entries per 100 ms batch)  SECS=20 (measured seconds)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
// STATIC=<dir> measures a renderer built elsewhere (e.g. vite build --mode renderer --outDir /tmp/x).
const root = path.resolve(process.env.STATIC ?? path.join(here, '../../../dist/renderer'));
const perBatch = Number(process.env.PER_BATCH ?? 500);
const seconds = Number(process.env.SECS ?? 20);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const server = http.createServer((req, res) => {
  const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
  const file = path.join(root, url === '/' ? 'index.html' : url);
  if (!file.startsWith(root)) return void (res.writeHead(403), res.end());
  fs.readFile(file, (err, data) => {
    if (err) return void (res.writeHead(404), res.end());
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(data);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-precise-memory-info',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.addInitScript(`window.__perBatch = ${perBatch};`);
  await page.addInitScript({ path: path.join(here, 'fakeBridge.js') });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.getByRole('button', { name: 'app-kubernetes-job-events' }).first().click();
  await page.getByRole('button', { name: 'Live tail' }).click();
  const result = await page.evaluate(async (seconds) => {
    const longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask' });
    const frames = [];
    let last = performance.now();
    let running = true;
    const tick = (t) => {
      frames.push(t - last);
      last = t;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const heapMB = [];
    for (let i = 0; i < seconds; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      heapMB.push(Math.round((performance.memory?.usedJSHeapSize ?? 0) / 1e6));
    }
    running = false;
    frames.sort((a, b) => a - b);
    const q = (p) => Math.round(frames[Math.floor(p * (frames.length - 1))]);
    return {
      fps: Math.round(frames.length / seconds),
      frameP50: q(0.5),
      frameP95: q(0.95),
      frameP99: q(0.99),
      longTasks: longTasks.length,
      longTaskMsPerSec: Math.round(longTasks.reduce((a, b) => a + b, 0) / seconds),
      heapMBMin: Math.min(...heapMB),
      heapMBMax: Math.max(...heapMB),
    };
  }, seconds);
  const status = await page.locator('.entries-status').textContent();
  console.log(JSON.stringify({ msgsPerSec: perBatch * 10, seconds, ...result, status }));
} finally {
  await browser.close();
  server.close();
}
