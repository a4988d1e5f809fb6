// Measurement, not a test: the Entries tab against a real 1,000,000-entry stream, end to end
// (Debian Chromium → web mode → console → the shared Redis). Seeds the stream with pipelined XADDs
// under a unique name, builds the renderer into a temp dir, starts web mode on a free port, opens
// the stream, scrolls the grid through many pages (infinite scroll loads older pages) while
// recording requestAnimationFrame intervals, long tasks and JS heap, then seeks by id to the middle.
// Deletes the stream and everything it started afterwards, also on failure.
// Usage: node test/renderer/perf/entries-million.mjs
//   ENTRIES=1000000  SCROLL_SECS=30  REDIS=redis://127.0.0.1:6379  STATIC=<built renderer dir, skips the build>
//   WHEEL_PX=1200 (pixels per wheel event, one every 50 ms; raise it to ask for more rows than pages can bring)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { chromium } from 'playwright-core';
import { freePort } from './free-port.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const total = Number(process.env.ENTRIES ?? 1_000_000);
const scrollSeconds = Number(process.env.SCROLL_SECS ?? 30);
const redisUrl = process.env.REDIS ?? 'redis://127.0.0.1:6379';
const wheelPx = Number(process.env.WHEEL_PX ?? 1200);
const stream = `perf-million-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
// Ids one millisecond apart, ending a little before now, so the middle id is known.
const base = Date.now() - total - 60_000;
const idAt = (i) => `${base + i}-0`;

const redis = new Redis(redisUrl, { lazyConnect: true });
const cleanups = [];
const log = (...a) => console.error('[entries-million]', ...a);

function quantiles(values) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p) => (v.length ? Math.round(v[Math.min(v.length - 1, Math.floor(p * (v.length - 1)))] * 10) / 10 : null);
  return { n: v.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: v.length ? Math.round(v[v.length - 1]) : null };
}

async function seed() {
  await redis.connect();
  cleanups.push(async () => {
    await redis.unlink(stream);
    redis.disconnect();
  });
  const started = performance.now();
  const chunk = 5000;
  for (let i = 0; i < total; i += chunk) {
    const p = redis.pipeline();
    for (let j = i; j < Math.min(total, i + chunk); j++) {
      // UCloud wire format: one `msg` field holding JSON.
      p.xadd(
        stream,
        idAt(j),
        'msg',
        JSON.stringify({ type: 'job-event', n: j, jobId: `job-${j % 9973}`, state: j % 7 === 0 ? 'FAILED' : 'RUNNING' }),
      );
    }
    const replies = await p.exec();
    const failed = replies?.find(([e]) => e);
    if (failed) throw new Error(`seeding ${stream} failed at chunk ${i}: ${failed[0].message}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const memory = Number(await redis.call('MEMORY', 'USAGE', stream));
  return { entries: Number(await redis.xlen(stream)), seedSeconds: Math.round(seconds * 10) / 10, redisMB: Math.round(memory / 1e6) };
}

function buildRenderer() {
  if (process.env.STATIC) return process.env.STATIC;
  const out = mkdtempSync(path.join(os.tmpdir(), 'streamscope-million-'));
  cleanups.push(async () => rmSync(out, { recursive: true, force: true }));
  const r = spawnSync('npx', ['vite', 'build', '--mode', 'renderer', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`renderer build failed (exit ${r.status})`);
  return out;
}

async function startWeb(staticDir) {
  const port = await freePort();
  const child = spawn('npx', ['tsx', 'electron/web/cli.ts', '--port', String(port), '--redis', redisUrl, '--static', staticDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  cleanups.push(async () => {
    try {
      process.kill(-child.pid, 'SIGTERM'); // its own process group: npx and tsx and node
    } catch {
      /* already gone */
    }
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web mode printed no URL in 60 s: ${out}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code}: ${out}`)));
  });
}

const loadedCount = async (page) =>
  Number(((await page.locator('.entries-status').textContent()) ?? '').match(/^([\d,]+) entries loaded/)?.[1].replace(/,/g, '') ?? 0);

/** Starts frame, long-task and heap recording in the page; `stop` returns the numbers. */
const startRecording = (page) =>
  page.evaluate(() => {
    const w = window;
    w.__rec = { frames: [], longTasks: [], running: true };
    w.__obs?.disconnect();
    w.__obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__rec.longTasks.push(e.duration)));
    w.__obs.observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t) => {
      w.__rec.frames.push(t - last);
      last = t;
      if (w.__rec.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
const stopRecording = (page) =>
  page.evaluate(() => {
    const r = window.__rec;
    r.running = false;
    return { frames: r.frames.slice(1), longTasks: r.longTasks };
  });
const heapMB = (page) => page.evaluate(() => (globalThis.gc?.(), Math.round((performance.memory?.usedJSHeapSize ?? 0) / 1e5) / 10));

async function main() {
  log(`seeding ${total.toLocaleString('en-US')} entries into ${stream}`);
  const seeded = await seed();
  log('seeded', seeded);
  const staticDir = buildRenderer();
  const url = await startWeb(staticDir);
  log('web mode at', url.replace(/token=[^&#]+/, 'token=…'));

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
      '--js-flags=--expose-gc',
    ],
  });
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  const openedAt = performance.now();
  await page.goto(url);
  await page.getByLabel('Filter streams and channels').fill(stream);
  await page.getByRole('button', { name: `Open stream ${stream}` }).click({ timeout: 60_000 });
  const grid = page.locator('.entries-scroll');
  await page.getByRole('gridcell', { name: idAt(total - 1), exact: true }).waitFor({ timeout: 60_000 });
  const firstRowMs = Math.round(performance.now() - openedAt);
  await page.waitForTimeout(1000);
  const heapBefore = await heapMB(page);
  const loadedBefore = await loadedCount(page);

  // Idle baseline: the same page doing nothing, so the scroll numbers compare within one run.
  await startRecording(page);
  await page.waitForTimeout(5000);
  const idle = await stopRecording(page);

  // Scroll: wheel events over the grid, ~1.5 screens every 50 ms, for SCROLL_SECS.
  const box = await grid.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await startRecording(page);
  const scrollStart = performance.now();
  const loadedOverTime = [];
  // How much the wheel asked for, and how often the reader sat at the end of what was loaded
  // (waiting for a page) when the next wheel event went out.
  let wheelEvents = 0;
  let atEnd = 0;
  while (performance.now() - scrollStart < scrollSeconds * 1000) {
    if (await grid.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 48)) atEnd++;
    await page.mouse.wheel(0, wheelPx);
    wheelEvents++;
    await page.waitForTimeout(50);
    if (loadedOverTime.length === 0 || performance.now() - loadedOverTime[loadedOverTime.length - 1].ms - scrollStart > 1000) {
      loadedOverTime.push({ ms: Math.round(performance.now() - scrollStart), loaded: await loadedCount(page) });
    }
  }
  const scrolling = await stopRecording(page);
  const scrollTop = await grid.evaluate((el) => el.scrollTop);
  const loadedAfter = await loadedCount(page);
  const rowsInDom = await page.locator('.entries-scroll [role="row"]').count();
  const heapAfter = await heapMB(page);

  // Seek by id to the middle of the stream.
  const middle = idAt(Math.floor(total / 2));
  await page.getByLabel('Seek to id').fill(middle);
  await startRecording(page);
  const seekStart = performance.now();
  await page.getByRole('button', { name: 'Go to id' }).click();
  await page.getByRole('gridcell', { name: middle, exact: true }).waitFor({ timeout: 60_000 });
  const seekMs = Math.round(performance.now() - seekStart);
  const firstVisible = await page.locator('.entries-scroll [role="row"] .c-id').first().textContent();
  // And scroll on from there for a few seconds.
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, 1200);
    await page.waitForTimeout(50);
  }
  const afterSeek = await stopRecording(page);
  const heapEnd = await heapMB(page);

  const pages = Math.round((loadedAfter - loadedBefore) / 200);
  const result = {
    stream: { ...seeded, name: stream },
    openToNewestRowMs: firstRowMs,
    idle: { frameMs: quantiles(idle.frames), longTasks: idle.longTasks.length },
    scroll: {
      seconds: scrollSeconds,
      loadedBefore,
      loadedAfter,
      pagesLoaded: pages,
      rowsScrolledPast: Math.round(scrollTop / 24),
      rowsAskedByWheel: Math.round((wheelEvents * wheelPx) / 24),
      wheelEventsAtEndOfLoaded: `${atEnd} of ${wheelEvents}`,
      rowsInDom,
      frameMs: quantiles(scrolling.frames),
      fps: Math.round(scrolling.frames.length / scrollSeconds),
      framesOver50ms: scrolling.frames.filter((f) => f > 50).length,
      longTasks: scrolling.longTasks.length,
      longTaskMs: quantiles(scrolling.longTasks),
      longTaskMsPerSec: Math.round(scrolling.longTasks.reduce((a, b) => a + b, 0) / scrollSeconds),
      loadedOverTime: loadedOverTime.filter((_, i) => i % 5 === 0),
    },
    heapMB: { beforeScroll: heapBefore, afterScroll: heapAfter, afterSeekAndScroll: heapEnd },
    seek: { id: middle, ms: seekMs, firstRow: firstVisible, frameMs: quantiles(afterSeek.frames), longTasks: afterSeek.longTasks.length },
    pageErrors: errors,
  };
  console.log(JSON.stringify(result, null, 2));
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  for (const c of cleanups.reverse()) await c().catch((e) => log('cleanup:', e.message));
}
