// The Charts tab's history lives in the console, not the page: after a reload the charts open with
// the samples taken before it (the console kept sampling while no page watched).
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, REDIS_URL, test } from './fixtures';

const stream = `e2e-charts-${Date.now().toString(36)}`;
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.afterAll(() => {
  redisCli('DEL', stream);
});

async function openCharts(page: Page) {
  await expect(page.getByRole('status', { name: /^Redis / })).toHaveText(/ready/);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true }).click();
  await page.getByRole('tab', { name: 'Charts' }).click();
  return page.getByLabel('Chart history');
}

const samplesIn = (text: string) => Number(/(\d+) sample\(s\)/.exec(text)?.[1] ?? 0);

test('charts keep their history across a page reload', async ({ page }) => {
  redisCli('XADD', stream, '*', 'msg', '{"n":1}');
  redisCli('XGROUP', 'CREATE', stream, 'billing', '0');
  let note = await openCharts(page);
  await expect(note).toContainText('kept by the console for 10 min');
  await expect.poll(async () => samplesIn((await note.textContent()) ?? ''), { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
  const before = (await note.textContent()) ?? '';
  const since = /History since (\d\d:\d\d)/.exec(before)?.[1];
  expect(since).toBeTruthy();
  await expect(page.getByLabel('Lag per group now')).toHaveText('billing: 1');

  // The address keeps the place: the reload lands on the stream's Charts tab again.
  await page.reload();
  await expect(page.getByRole('status', { name: /^Redis / })).toHaveText(/ready/);
  await expect(page.getByRole('tab', { name: 'Charts' })).toHaveAttribute('aria-selected', 'true');
  note = page.getByLabel('Chart history');
  await expect(note).toContainText('kept by the console');
  // The first render with the console's answer already holds every sample from before the reload;
  // live ticks alone would start again from one.
  const after = (await note.textContent()) ?? '';
  expect(samplesIn(after)).toBeGreaterThanOrEqual(samplesIn(before));
  expect(after).toContain(`History since ${since}`);
  await expect(page.getByLabel('Lag per group now')).toHaveText('billing: 1');
});
