// Switching the console to another Redis, as a user does it in web mode: the confirmation says what
// stops (the demo and the keys it made, hosted instances, live feeds), the old server's streams
// disappear, an unreachable URL fails after a bounded number of attempts with Retry and Back, and
// Back returns to the Redis that worked. Its own web-mode server, so no other spec sees the switch.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { expect, REDIS_URL, test } from './fixtures';
import { startWebMode, type WebMode } from './web-mode';

const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();
const stream = `e2e-switch-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** A loopback port nothing listens on. */
function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let web: WebMode;

test.beforeAll(async ({ browserName: _ }, testInfo) => {
  if (testInfo.project.name === 'electron') return;
  web = await startWebMode(REDIS_URL);
});
test.afterAll(async () => {
  await web?.stop();
  redisCli('DEL', stream);
});

test('a switch says what stops, starts clean, fails within three attempts on a dead URL, and Back returns', async ({ page }, testInfo) => {
  test.skip(
    testInfo.project.name === 'electron',
    'switching the shared desktop app would disturb the other specs; web mode runs its own server here',
  );
  test.setTimeout(90_000);
  redisCli('XADD', stream, '*', 'msg', '{"n":1}');
  await page.goto(web.url);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(nav.getByRole('button', { name: stream, exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Start demo' }).click();
  await expect(page.getByRole('button', { name: 'Stop demo' })).toBeVisible();

  const dead = `redis://127.0.0.1:${await deadPort()}`;
  await page.getByRole('button', { name: 'Connections…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connections' });
  await dialog.getByLabel('Redis URL').fill(dead);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  const confirm = page.getByRole('alertdialog', { name: `Switch to ${dead}?` });
  const stops = confirm.getByRole('list', { name: 'What stops' });
  await expect(stops).toContainText('its stream demo-job-events-');
  const demoStream = /its stream (demo-job-events-\S+) and channel/.exec((await stops.textContent()) ?? '')![1];
  expect(redisCli('EXISTS', demoStream)).toBe('1');
  await expect(stops).toContainText('hosted instances leave their groups');
  await expect(stops).toContainText('live tails, flow watches and broadcast subscriptions');
  await confirm.getByRole('button', { name: 'Switch connection' }).click();

  const banner = page.getByRole('banner', { name: 'Connection' }).getByRole('alert').filter({ hasText: 'Could not reach' });
  await expect(banner).toContainText(new RegExp(`Could not reach ${dead.replace(/[.]/g, '\\.')}: .*ECONNREFUSED.* after 3 attempts`), {
    timeout: 20_000,
  });
  await expect(page.getByRole('status', { name: 'Redis failed' })).toBeVisible();
  // The banner alone alerts; views that could not list while disconnected say so politely.
  await expect(page.getByRole('alert').filter({ hasText: 'Could not reach' })).toHaveCount(1);
  // A clean slate: nothing of the Redis it left shows under the new URL, and the demo is over.
  await expect(nav.getByRole('button', { name: stream, exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start demo' })).toBeVisible();
  expect(redisCli('EXISTS', demoStream)).toBe('0');

  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toContainText('after 3 attempts', { timeout: 20_000 });
  await banner.getByRole('button', { name: `Back to ${REDIS_URL}` }).click();
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible({ timeout: 20_000 });
  await expect(nav.getByRole('button', { name: stream, exact: true })).toBeVisible();
  await expect(banner).toHaveCount(0);
});
