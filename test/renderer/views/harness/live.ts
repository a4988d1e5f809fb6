// Walks B's screens in Debian Chromium against web mode and the real Redis: a stream fed by a
// producer here, three instances joined from the UI, one crashed, its pending entries, charts, and
// a broadcast with three subscribers. Screenshots go to the out dir; keys made are deleted after.
// Usage: npx tsx test/renderer/views/harness/live.ts [outDir]   (a manual check, not a unit test)
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium, type Page } from 'playwright-core';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startWebServer } from '../../../../electron/web/server';

const out = process.argv[2] ?? '/tmp/streamscope-b-live';
const dist = path.join(out, 'dist');
const tag = `bcheck${randomBytes(3).toString('hex')}`;
const stream = `${tag}:orders`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

await build({
  configFile: false,
  root: 'renderer',
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: dist, emptyOutDir: true },
});
const redis = new Redis(redisUrl);
await redis.xadd(stream, '*', 'msg', JSON.stringify({ hello: 'first' }));
const server = await startWebServer({ port: 0, redis: redisUrl, staticDir: dist });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
let producer: ReturnType<typeof setInterval> | null = null;
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
const log = (...a: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...a);

try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.on('pageerror', (e) => log('pageerror', e.message));
  page.on('console', (m) => m.type() === 'error' && log('console', m.text()));
  await page.goto(server.url);
  await page.getByRole('button', { name: stream, exact: true }).click({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Instances' }).click();
  await page.getByRole('button', { name: 'New hosted instance' }).click();
  const join = page.getByRole('region', { name: 'Join as instance' });
  await join.getByRole('textbox', { name: 'Service (group)' }).fill('billing');
  for (const name of ['i1', 'i2', 'i3']) {
    await join.getByRole('textbox', { name: 'Instance name' }).fill(name);
    await join.getByRole('spinbutton', { name: 'Processing delay (ms)' }).fill('20');
    await join.getByRole('button', { name: 'Join' }).click();
    await join
      .getByRole('status')
      .filter({ hasText: `as ${name}` })
      .waitFor({ timeout: 10_000 });
    log('joined', name);
  }
  await page.getByRole('button', { name: 'Close panel' }).click();
  let n = 0;
  producer = setInterval(() => {
    const p = redis.pipeline();
    for (let k = 0; k < 10; k++) p.xadd(stream, '*', 'msg', JSON.stringify({ n: ++n, at: Date.now() }));
    void p.exec();
  }, 100);
  await page.waitForTimeout(5000);
  const shares = await page
    .getByRole('meter')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label')}=${e.getAttribute('aria-valuenow')}`));
  log('shares', shares.join(' '));
  await shot(page, 'instances');

  await page.getByRole('tab', { name: 'Flow' }).click();
  await page.waitForTimeout(3500);
  log('flow', await page.getByRole('img', { name: /Delivery flow/ }).getAttribute('aria-label'));
  await shot(page, 'flow-before-crash');

  await page.getByRole('tab', { name: 'Instances' }).click();
  await page.getByRole('button', { name: 'Crash i1' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Crash instance' }).click();
  log('crashed i1');
  await page.waitForTimeout(4000);
  await shot(page, 'instances-after-crash');
  await page.getByRole('tab', { name: 'Flow' }).click();
  await page.waitForTimeout(3000);
  log('flow', await page.getByRole('img', { name: /Delivery flow/ }).getAttribute('aria-label'));
  await shot(page, 'flow-after-crash');

  await page.getByRole('tab', { name: 'Pending' }).click();
  await page
    .getByRole('table', { name: 'Pending entries' })
    .waitFor({ timeout: 10_000 })
    .catch(() => log('no pending table'));
  await page.waitForTimeout(1000);
  log(
    'pending',
    await page
      .locator('.ss-pending-summary')
      .textContent()
      .catch(() => 'none'),
  );
  await shot(page, 'pending');
  const i1Rows = page.getByRole('row').filter({ hasText: 'i1' });
  if ((await i1Rows.count()) > 0) {
    await page.getByRole('combobox', { name: 'Consumer' }).selectOption('i1');
    await page.waitForTimeout(800);
    await page.getByRole('checkbox', { name: 'Select all pending entries' }).check();
    await page.getByRole('combobox', { name: 'Claim to' }).selectOption('i2');
    await page.getByRole('button', { name: 'Claim selected' }).click();
    log(
      'claim',
      await page
        .locator('.ss-notice')
        .first()
        .textContent({ timeout: 5000 })
        .catch(() => 'no notice'),
    );
  }

  await page.getByRole('tab', { name: 'Charts' }).click();
  await page.waitForTimeout(8000);
  await shot(page, 'charts');
  await page.getByRole('tab', { name: 'Groups' }).click();
  await page.waitForTimeout(1000);
  await shot(page, 'groups');

  clearInterval(producer);
  producer = null;
  await page.getByRole('button', { name: 'Broadcast', exact: true }).click();
  await page.getByRole('textbox', { name: 'Channel or pattern' }).fill(`${tag}.*`);
  await page.getByRole('checkbox', { name: 'Pattern (glob)' }).check();
  await page.getByRole('spinbutton', { name: 'Subscribers' }).fill('3');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page.getByRole('list', { name: 'Subscriptions' }).waitFor();
  const form = page.getByRole('region', { name: 'Publish to a channel' });
  for (const ch of ['a', 'b', 'a']) {
    await form.getByRole('textbox', { name: 'Publish to channel' }).fill(`${tag}.${ch}`);
    await form.getByRole('textbox', { name: 'Payload (JSON)' }).fill(JSON.stringify({ channel: ch, at: Date.now() }));
    await form.getByRole('button', { name: 'Publish' }).click();
    log(
      'publish',
      await form
        .getByRole('status')
        .textContent({ timeout: 5000 })
        .catch(() => 'no status'),
    );
  }
  await page.waitForTimeout(1000);
  log(
    'fan-out',
    (
      await page
        .getByRole('table', { name: 'Fan-out per message' })
        .textContent()
        .catch(() => 'none')
    )?.slice(0, 200),
  );
  await shot(page, 'broadcast');
} finally {
  if (producer) clearInterval(producer);
  await browser.close();
  await server.close();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${tag}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}
