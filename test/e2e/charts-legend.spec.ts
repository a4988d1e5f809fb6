// Chart legends off hover show the latest sample (the app's clock format, the latest values), never
// "--"; a group has one colour in every chart, its throughput line included, and groups shown
// together never share one.
import { execFileSync } from 'node:child_process';
import { expect, REDIS_URL, test } from './fixtures';

const stream = `e2e-legend-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
// Names whose hashes pick the same palette slot: shown together they must still differ.
const groups = ['billing', 'ledger'];
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.afterAll(() => {
  redisCli('DEL', stream);
});

test('legends read the latest sample and a group keeps its colour across charts', async ({ page }) => {
  redisCli('XADD', stream, '*', 'msg', '{"n":1}');
  for (const g of groups) redisCli('XGROUP', 'CREATE', stream, g, '0');
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true }).click();
  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(page.getByLabel('Lag per group now')).toHaveText('billing: 1 · ledger: 1');

  const legendOf = (title: string) => page.getByRole('figure', { name: title }).locator('.u-legend');
  const lag = legendOf('Lag per group');
  await expect(lag).toContainText(/Time\s*\d\d:\d\d:\d\d/);
  await expect(lag.locator('tr').filter({ hasText: 'billing' })).toContainText(/billing\s*1$/);
  for (const title of ['Lag per group', 'Pending per group', 'Oldest pending age', 'Throughput']) {
    await expect(legendOf(title)).not.toContainText('--');
  }

  const colourIn = (title: string, label: string) =>
    legendOf(title)
      .locator('tr')
      .filter({ hasText: label })
      .locator('.u-marker')
      .evaluate((m) => getComputedStyle(m).borderColor);
  for (const g of groups) {
    const colour = await colourIn('Lag per group', g);
    expect(await colourIn('Pending per group', g)).toBe(colour);
    expect(await colourIn('Oldest pending age', g)).toBe(colour);
    expect(await colourIn('Throughput', `${g} delivered`), `${g} in Throughput`).toBe(colour);
  }
  expect(await colourIn('Lag per group', 'billing')).not.toBe(await colourIn('Lag per group', 'ledger'));
});
