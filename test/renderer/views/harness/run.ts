// Looks at B's screens in Debian Chromium over the simulated bridge: a screenshot of each, and the
// broadcast view under heavy traffic with long tasks, frame intervals and heap measured.
// Usage: npx tsx test/renderer/views/harness/run.ts [outDir]   (not part of the unit suite)
import { build, preview } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium, type Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? '/tmp/streamscope-b-harness';
const dist = path.join(out, 'dist');
mkdirSync(out, { recursive: true });

await build({
  configFile: false,
  root: here,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: dist, emptyOutDir: true },
});
const server = await preview({
  configFile: false,
  root: here,
  build: { outDir: dist },
  preview: { host: '127.0.0.1', port: 0 },
  logLevel: 'warn',
});
const base = server.resolvedUrls?.local[0] ?? '';
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

async function open(screen: string, query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: Number(process.env.WIDTH ?? 1400), height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${base}${query}#${screen}`);
  (page as unknown as { errors: string[] }).errors = errors;
  return page;
}

try {
  // LOAD_ONLY=1 skips the screenshots and only measures the broadcast view under load.
  for (const screen of process.env.LOAD_ONLY ? [] : ['groups', 'instances', 'flow', 'pending', 'charts', 'join']) {
    const page = await open(screen);
    await page.waitForTimeout(screen === 'charts' || screen === 'flow' ? 6000 : 1500);
    await page.screenshot({ path: path.join(out, `${screen}.png`), fullPage: true });
    console.log(screen, 'errors:', (page as unknown as { errors: string[] }).errors);
    await page.close();
  }

  // Broadcast: a pattern subscription with 3 subscribers at a gentle rate, for the picture.
  let page = await open('broadcast', '?rate=20');
  await page.getByRole('textbox', { name: 'Channel or pattern' }).fill('*.*');
  await page.getByRole('checkbox', { name: 'Pattern (glob)' }).check();
  await page.getByRole('spinbutton', { name: 'Subscribers' }).fill('3');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page.waitForTimeout(2500);
  await page.screenshot({ path: path.join(out, 'broadcast.png'), fullPage: true });
  console.log('broadcast errors:', (page as unknown as { errors: string[] }).errors);
  await page.close();

  // Load: 5,000 msgs/s into one subscriber (and again with 3 subscribers = 15,000 copies/s).
  // SHOTS_ONLY=1 skips the load measurement.
  // '0' is the baseline: the same page with no traffic, so results compare within one run.
  for (const subscribers of process.env.SHOTS_ONLY ? [] : ['0', '1', '3']) {
    page = await open('broadcast', '?rate=5000');
    await page.getByRole('textbox', { name: 'Channel or pattern' }).fill('*.*');
    await page.getByRole('checkbox', { name: 'Pattern (glob)' }).check();
    await page.getByRole('spinbutton', { name: 'Subscribers' }).fill(subscribers === '0' ? '1' : subscribers);
    await page.evaluate(`(() => {
      window.longTasks = [];
      window.frames2 = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
      let last = performance.now();
      const frame = (now) => { window.frames2.push(now - last); last = now; requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    })()`);
    if (subscribers !== '0') await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForTimeout(2000);
    const heapStart = (await page.evaluate('gc(), performance.memory ? performance.memory.usedJSHeapSize : 0')) as number;
    await page.evaluate('window.longTasks.length = 0; window.frames2.length = 0;');
    const clickStart = Date.now();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: /Resume/ }).click();
    const clickMs = Date.now() - clickStart;
    await page.waitForTimeout(15_000);
    const m = (await page.evaluate(`(() => {
      gc();
      const f = window.frames2.slice().sort((a, b) => a - b);
      const q = (p) => f[Math.min(f.length - 1, Math.floor(p * f.length))];
      return {
        longTasks: window.longTasks.length,
        longTaskMaxMs: Math.round(Math.max(0, ...window.longTasks)),
        longTaskTotalMs: Math.round(window.longTasks.reduce((a, b) => a + b, 0)),
        frames: f.length,
        frameP50: Math.round(q(0.5) * 10) / 10,
        frameP95: Math.round(q(0.95) * 10) / 10,
        frameMax: Math.round(f[f.length - 1]),
        rows: document.querySelectorAll('.ss-tail-row').length,
        emitted: window.sim.messagesEmitted,
        heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
      };
    })()`)) as { heap: number } & Record<string, number>;
    console.log(
      `load 5000 msgs/s × ${subscribers} subscriber(s), 15 s:`,
      JSON.stringify({
        ...m,
        heapStartMB: +(heapStart / 1e6).toFixed(1),
        heapEndMB: +(m.heap / 1e6).toFixed(1),
        pauseResumeClickMs: clickMs,
      }),
    );
    console.log('errors:', (page as unknown as { errors: string[] }).errors);
    await page.close();
  }
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
