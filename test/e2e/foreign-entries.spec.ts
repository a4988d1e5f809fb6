// Entries other programs wrote (test/fixtures/foreign-data.ts), as the page shows them: every field
// of a several-field entry, bytes that are not UTF-8 as hex, a 4 MiB value as a preview that loads
// in full, 10,000-deep JSON as text with a note; values saved to a file with their exact bytes; a stream whose entries share fields in columns;
// newer entries announced with "show"; a seek by id or by time that opens the list around that point.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { BIG_BYTES, BIG_VALUE, BINARY_VALUE, writeForeignData, type ForeignIds } from '../fixtures/foreign-data';
import { expect, REDIS_URL, test } from './fixtures';

const suffix = Math.random().toString(36).slice(2, 8);
const foreign = `foreign-e2e-${suffix}`;
const audit = `foreign-audit-e2e-${suffix}`;
const timed = `foreign-timed-e2e-${suffix}`;
/** One entry a second from this ms on: ids are `${TIMED_BASE + i * 1000}-0`. */
const TIMED_BASE = 1_700_000_000_000;
const TIMED_ENTRIES = 400;
const timedId = (i: number) => `${TIMED_BASE + i * 1000}-0`;
let redis: Redis;
let ids: ForeignIds;

test.beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  ids = await writeForeignData(redis, foreign);
  for (let i = 1; i <= 5; i++)
    await redis.xadd(audit, '*', 'user', String(40 + i), 'action', i % 2 ? 'login' : 'logout', 'ip', `10.0.0.${i}`);
  const pipeline = redis.pipeline();
  for (let i = 0; i < TIMED_ENTRIES; i++) pipeline.xadd(timed, timedId(i), 'n', String(i));
  await pipeline.exec();
});
test.afterAll(async () => {
  await redis.del(foreign, audit, timed);
  redis.disconnect();
});

async function openStream(page: Page, stream: string) {
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByPlaceholder('Filter streams and channels').fill(stream);
  await page.getByRole('button', { name: `Open stream ${stream}`, exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Entries' })).toBeVisible();
}

const row = (page: Page, id: string) => page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: id, exact: true }) });
const detail = (page: Page, id: string) => page.getByRole('complementary', { name: `Entry ${id}` });

test('every field of foreign entries is shown: several fields, binary as hex, empty names', async ({ page }) => {
  await openStream(page, foreign);
  await expect(row(page, ids.multi)).toContainText('user=42 action=login ip=10.0.0.1');
  await row(page, ids.multi).click();
  const multi = detail(page, ids.multi);
  await expect(multi.getByRole('table', { name: 'Fields' }).getByRole('rowheader')).toHaveText(['user', 'action', 'ip']);
  await expect(multi.getByLabel('Value of ip', { exact: true })).toHaveText('10.0.0.1');

  await row(page, ids.binary).click();
  const binary = detail(page, ids.binary);
  await expect(binary.getByLabel('Value of blob (hex)')).toContainText('ff fe 00 80 7b c3 28 0a');
  await expect(binary.getByText('not UTF-8: shown as hex')).toBeVisible();
  await expect(binary.getByLabel('Value of kind', { exact: true })).toHaveText('png-ish');

  await row(page, ids.emptyName).click();
  await expect(detail(page, ids.emptyName).getByRole('rowheader')).toHaveText('(empty name)');
  await row(page, ids.binaryName).click();
  await expect(detail(page, ids.binaryName).getByRole('rowheader')).toHaveText('raw-\\xFF');

  await row(page, ids.many).click();
  await expect(detail(page, ids.many).getByRole('table', { name: 'Fields' }).getByRole('rowheader')).toHaveCount(500);
});

test('a 4 MiB value arrives as a preview and loads in full; 10,000-deep JSON shows as text with a note', async ({ page }) => {
  await openStream(page, foreign);
  await row(page, ids.big).click();
  const big = detail(page, ids.big);
  await expect(big.getByText('4.0 MiB · first 64.0 KiB shown')).toBeVisible();
  await expect(big.getByRole('button', { name: 'Copy', exact: true })).toBeDisabled();
  await big.getByRole('button', { name: 'Load full value' }).click();
  const value = big.getByLabel('Value of payload', { exact: true });
  await expect.poll(async () => (await value.evaluate((el) => el.textContent ?? '')).length, { timeout: 30_000 }).toBe(BIG_BYTES);
  expect(await value.evaluate((el) => (el.textContent ?? '').endsWith('BIG-END'))).toBe(true);
  await expect(big.getByRole('button', { name: 'Copy', exact: true })).toBeEnabled();

  await row(page, ids.deep).click();
  const deep = detail(page, ids.deep);
  await expect(deep.getByRole('note')).toHaveText('JSON nested deeper than 64 levels: shown as text');
  await expect(deep.getByLabel('Value of msg', { exact: true })).toContainText('[[[[[[');
});

/** Clicks "Save to file" in `scope` and returns the bytes the browser wrote. */
async function savedBytes(page: Page, scope: ReturnType<Page['getByRole']>): Promise<Buffer> {
  const download = page.waitForEvent('download');
  await scope.getByRole('button', { name: 'Save to file' }).click();
  const path = await (await download).path();
  return readFile(path);
}

test('"Save to file" writes a value’s exact bytes: a 4 MiB preview in full, bytes that are not UTF-8 as they are', async ({ page }) => {
  await openStream(page, foreign);
  await row(page, ids.big).click();
  const big = await savedBytes(page, detail(page, ids.big));
  expect(big.length).toBe(BIG_BYTES);
  expect(big.equals(BIG_VALUE)).toBe(true);

  await row(page, ids.binary).click();
  const blobRow = detail(page, ids.binary)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'blob', exact: true }) });
  expect((await savedBytes(page, blobRow)).equals(BINARY_VALUE)).toBe(true);
});

test('entries that share fields get a column each, as the fields editor publishes them', async ({ page }) => {
  await openStream(page, audit);
  const headers = page.getByRole('grid', { name: 'Entries' }).getByRole('columnheader');
  await expect(headers).toHaveText(['ID', 'Time', 'Format', 'user', 'action', 'ip', 'Other fields']);
  await expect(page.getByRole('gridcell', { name: '10.0.0.5', exact: true })).toBeVisible();

  // Newer entries arriving while the list is open are announced, and shown on request.
  const added = String(await redis.xadd(audit, '*', 'user', '99', 'action', 'login', 'ip', '10.0.0.99'));
  const banner = page.getByRole('status').filter({ hasText: 'newer entry in the stream' });
  await expect(banner).toContainText('1 newer entry in the stream', { timeout: 20_000 });
  await banner.getByRole('button', { name: 'show' }).click();
  await expect(row(page, added)).toContainText('10.0.0.99');
  await expect(banner).toHaveCount(0);
});

test('seek by id opens the list around the entry: older and newer from there', async ({ page }) => {
  await openStream(page, foreign);
  await page.getByLabel('Seek to id').fill(ids.empty);
  await page.getByRole('button', { name: 'Go to id' }).click();
  await expect(detail(page, ids.empty)).toBeVisible();
  await expect(row(page, ids.empty)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, ids.first)).toHaveCount(1);
  await expect(row(page, ids.last)).toHaveCount(1);
  await expect(page.getByText(`around ${ids.empty}`)).toBeVisible();
});

test('seek by time opens the list around that time: the entry before it and the one after', async ({ page }) => {
  await openStream(page, timed);
  // The newest page does not reach back to entry 100.
  await expect(row(page, timedId(TIMED_ENTRIES - 1))).toHaveCount(1);
  await expect(row(page, timedId(100))).toHaveCount(0);
  // Half a second after entry 100: older from the time (entry 100), newer from it (entry 101).
  await page.getByLabel('Seek to time').fill(String(TIMED_BASE + 100 * 1000 + 500));
  await page.getByRole('button', { name: 'Go to time' }).click();
  await expect(page.getByText(/entries loaded around /)).toBeVisible();
  await expect(row(page, timedId(100))).toHaveCount(1);
  await expect(row(page, timedId(101))).toHaveCount(1);
  // Only a page of newer entries is loaded, not the stream's end.
  await expect(row(page, timedId(TIMED_ENTRIES - 1))).toHaveCount(0);
});
