// Export matches: a filter scan in the Entries view over JSON and MessagePack values (bytes that
// are not UTF-8), its counts and budget shown, then "Export the N matches" downloads exactly the
// matching entries as NDJSON, each with the bytes Redis holds.
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { pack } from 'msgpackr';
import { parseEntryLine } from '../../shared/transfer-format';
import { expect, REDIS_URL, test } from './fixtures';

const stream = `export-matches-e2e-${Math.random().toString(36).slice(2, 8)}`;
let redis: Redis;

test.beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  for (let i = 1; i <= 30; i++) {
    const order = { kind: i % 5 === 0 ? 'refund' : 'sale', amount: i };
    await redis.xaddBuffer(stream, `${i * 1000}-0`, 'v', i % 2 === 0 ? pack(order) : Buffer.from(JSON.stringify(order)));
  }
});
test.afterAll(async () => {
  await redis.del(stream);
  redis.disconnect();
});

test('a filter scan shows its counts and budget, and "Export matches" downloads exactly the matching entries', async ({ page }) => {
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByPlaceholder('Filter streams and channels').fill(stream);
  await page.getByRole('button', { name: `Open stream ${stream}`, exact: true }).click();
  const scan = page.getByRole('region', { name: 'Filter scan' });
  await scan.getByRole('textbox', { name: 'Filter expression (CEL)' }).fill('value.kind == "refund"');
  await scan.getByRole('button', { name: 'Scan', exact: true }).click();
  await expect(scan.getByRole('status').first()).toContainText('Scan done: 30 entries scanned, 6 matched');
  await expect(scan.getByText(/^Budget: 1,000,000 entries, 30 s, 500 matches; the scan stops at whichever runs out first/)).toBeVisible();

  const exporter = scan.getByRole('region', { name: 'Export matches' });
  await exporter.getByRole('combobox', { name: 'Export format' }).selectOption('ndjson');
  const download = page.waitForEvent('download');
  await exporter.getByRole('button', { name: 'Export the 6 matches' }).click();
  const file = await readFile(await (await download).path());
  await expect(exporter.getByRole('status')).toContainText('Exported 6 matching entries');
  await expect(exporter.getByRole('status')).toContainText('30 entries scanned, 6 matched');

  const lines = file.toString('utf8').trimEnd().split('\n');
  const exported = lines.map((line) => {
    const parsed = parseEntryLine(line);
    if ('problem' in parsed) throw new Error(parsed.problem);
    return { id: parsed.entry.id, fields: parsed.entry.fields.map((f) => [f.name, Buffer.from(f.value).toString('base64')]) };
  });
  const inRedis = (await redis.xrangeBuffer(stream, '-', '+'))
    .filter(([id]) => Number(id.toString().split('-')[0]) % 5000 === 0)
    .map(([id, f]) => ({ id: id.toString(), fields: [[f[0].toString(), f[1].toString('base64')]] }));
  expect(exported).toEqual(inRedis);
  expect(exported.map((e) => e.id)).toEqual(['5000-0', '10000-0', '15000-0', '20000-0', '25000-0', '30000-0']);
});
