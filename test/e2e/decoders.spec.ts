// Decoded values in the Entries view: a MessagePack value written by msgpackr is auto-detected and
// shown decoded with its decoder and confidence, its raw bytes under "raw" loaded (and saved) on
// request, exactly; choosing another decoder in the view re-reads the page with it.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { pack } from 'msgpackr';
import { expect, REDIS_URL, test } from './fixtures';

const stream = `decoders-e2e-${Math.random().toString(36).slice(2, 8)}`;
let redis: Redis;
let id: string;

test.beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  id = String(await redis.xaddBuffer(stream, '*', 'v', pack({ order: 'A-17', amount: 150 })));
});
test.afterAll(async () => {
  await redis.del(stream);
  redis.disconnect();
});

async function openStream(page: Page) {
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByPlaceholder('Filter streams and channels').fill(stream);
  await page.getByRole('button', { name: `Open stream ${stream}`, exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Entries' })).toBeVisible();
}

test('a MessagePack value is shown decoded with its confidence, the raw bytes next to it', async ({ page }) => {
  await openStream(page);
  await page
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name: id, exact: true }) })
    .click();
  const detail = page.getByRole('complementary', { name: `Entry ${id}` });
  const decoded = detail.getByRole('group', { name: 'Decoded v' });
  await expect(decoded).toContainText('Decoded as msgpack (confidence 90 %)');
  await expect(decoded).toContainText('"order": "A-17"');
  await expect(detail.getByText('raw', { exact: true })).toBeVisible();
  // The page carried the value decoded, not its bytes: they load when asked, exactly.
  const packed = pack({ order: 'A-17', amount: 150 });
  await expect(detail.getByText('Raw bytes not loaded (binary: shown as hex once loaded).')).toBeVisible();
  await detail.getByRole('button', { name: 'Show raw bytes' }).click();
  const hex = [...packed.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  await expect(detail.getByLabel('Value of v (hex)')).toContainText(hex);
  const download = page.waitForEvent('download');
  await detail.getByRole('button', { name: 'Save to file' }).click();
  expect((await readFile(await (await download).path())).equals(packed)).toBe(true);

  await page.getByRole('combobox', { name: 'Decoder' }).selectOption('hex');
  await expect(detail.getByRole('group', { name: 'Decoded v' })).toContainText('Decoded as hex (confidence 100 %)');
});

test('a filter scan over decoded values shows its progress and matches, and is saved for the stream', async ({ page }) => {
  await redis.xaddBuffer(stream, '*', 'v', pack({ order: 'B-2', amount: 5 }));
  await openStream(page);
  await page.getByRole('textbox', { name: 'Filter expression (CEL)' }).fill('value.amount > 100.0');
  await page.getByRole('button', { name: 'Scan', exact: true }).click();
  const scan = page.getByRole('region', { name: 'Filter scan' });
  await expect(scan.getByRole('status')).toContainText('Scan done: 2 entries scanned, 1 matched');
  await expect(scan.getByRole('list', { name: 'Matching entries' })).toContainText('"order":"A-17"');
  await expect(scan.getByRole('progressbar', { name: 'Entries scanned' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Filter expression (CEL)' }).fill('value.amount >');
  await page.getByRole('button', { name: 'Scan', exact: true }).click();
  await expect(scan.getByText(/not a valid CEL expression/)).toBeVisible();

  await page.getByRole('textbox', { name: 'Filter expression (CEL)' }).fill('value.amount < 10.0');
  await page.getByRole('button', { name: 'Save filter' }).click();
  await expect(scan.getByRole('combobox', { name: 'Saved filters' })).toContainText('value.amount < 10.0');
});

test('a filter scan keeps to the id range and time range typed, and refuses an end before the start', async ({ page }) => {
  const ranged = `${stream}-range`;
  for (const ms of [1000, 2000, 3000, 4000]) await redis.xaddBuffer(ranged, `${ms}-0`, 'v', pack({ ms }));
  try {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByPlaceholder('Filter streams and channels').fill(ranged);
    await page.getByRole('button', { name: `Open stream ${ranged}`, exact: true }).click();
    const scan = page.getByRole('region', { name: 'Filter scan' });
    await scan.getByRole('textbox', { name: 'Filter expression (CEL)' }).fill('value.ms > 0');
    await scan.getByRole('textbox', { name: 'Start id' }).fill('3000');
    await scan.getByRole('textbox', { name: 'End id' }).fill('2000-0');
    await expect(scan.getByRole('alert')).toHaveText('Start id 3000 comes after end id 2000-0.');
    await expect(scan.getByRole('button', { name: 'Scan', exact: true })).toBeDisabled();

    await scan.getByRole('textbox', { name: 'Start id' }).fill('2000');
    await scan.getByRole('textbox', { name: 'End id' }).fill('4000');
    await scan.getByRole('textbox', { name: 'To time' }).fill('1970-01-01T00:00:03Z');
    await scan.getByRole('button', { name: 'Scan', exact: true }).click();
    await expect(scan.getByRole('status')).toContainText('Scan done: 2 entries scanned, 2 matched');
    await expect(scan.getByRole('list', { name: 'Matching entries' })).toContainText('2000-0');
    await expect(scan.getByRole('list', { name: 'Matching entries' })).toContainText('3000-0');
    await expect(scan.getByRole('list', { name: 'Matching entries' })).not.toContainText('4000-0');
  } finally {
    await redis.del(ranged);
  }
});
