// The renderer is split into chunks that load on demand (renderer/components/Lazy.tsx). Web mode
// must serve every built asset with its content type (a module script with the wrong one is
// refused), and opening each lazy view must load its chunks without a failed request or a
// Content-Security-Policy refusal, in web mode and in the desktop app (file://) alike.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { expect, REDIS_URL, test } from './fixtures';

const assets = join(import.meta.dirname, '..', '..', 'dist', 'renderer', 'assets');
const TYPES: Record<string, RegExp> = { '.js': /^text\/javascript/, '.css': /^text\/css/ };
const stream = `chunks-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.afterAll(() => {
  redisCli('DEL', stream);
});

test('web mode serves every built asset with its content type', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the desktop app loads assets from file://, there is no server to ask');
  const files = readdirSync(assets);
  expect(files.filter((f) => f.endsWith('.js')).length, 'the build has more than one chunk').toBeGreaterThan(1);
  for (const file of files) {
    // The page's token cookie authorises asset requests, as it does for the page's own loads.
    const response = await page.request.get(new URL(`assets/${file}`, page.url()).href);
    expect(response.status(), file).toBe(200);
    const type = TYPES[extname(file)];
    if (type) expect(response.headers()['content-type'], file).toMatch(type);
  }
});

test('every lazy view and dialog loads its chunk without a failed request or CSP refusal', async ({ page }) => {
  const problems: string[] = [];
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
  page.on(
    'console',
    (m) =>
      m.type() === 'error' &&
      /Content Security Policy|Failed to fetch dynamically imported module/i.test(m.text()) &&
      problems.push(m.text()),
  );
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  redisCli('XADD', stream, '*', 'msg', '{"n":1}');
  await expect(page.getByRole('status', { name: /^Redis / })).toHaveText(/ready/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Broadcast', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Broadcast' })).toBeVisible();
  await nav.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Publish' })).toBeVisible();
  await page.getByRole('button', { name: 'Connections…' }).click();
  await expect(page.getByRole('dialog', { name: 'Connections' })).toBeVisible();
  await page.keyboard.press('Escape');

  await nav.getByRole('button', { name: 'Overview', exact: true }).click();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await nav.getByRole('button', { name: stream, exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Entries' })).toBeVisible();
  for (const tab of ['Groups', 'Instances', 'Flow', 'Pending', 'Charts']) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    const panel = page.getByRole('tabpanel');
    await expect(panel.getByRole('status').filter({ hasText: /^Loading / })).toHaveCount(0);
    await expect(panel).not.toBeEmpty();
  }
  await expect(page.locator('.uplot, canvas').first()).toBeVisible();
  for (const [button, dialog] of [
    ['Prune…', `Prune ${stream}`],
    ['Join as instance', `Join ${stream} as an instance`],
    ['Publish to stream…', `Publish to ${stream}`],
  ]) {
    await page.getByRole('button', { name: button }).first().click();
    await expect(page.getByRole('dialog', { name: dialog })).toBeVisible();
    await page.keyboard.press('Escape');
  }
  expect(problems).toEqual([]);
});
