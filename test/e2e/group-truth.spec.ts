// Groups other programs left on Redis (test/fixtures/foreign-groups.ts), as the page shows them:
// lag Redis does not give is counted and marked "computed" in the Overview, the Groups tab and each
// Instances group; an entry's journey says "pending", "not delivered yet" or "past the group's
// position" with no invented acknowledgement or time; pending entries whose entry was deleted are
// marked and acked together after a confirmation; broadcast rates are measured while the view is
// open and read "not measured" until then.
import type { Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { writeForeignGroups, type ForeignGroups } from '../fixtures/foreign-groups';
import { expect, REDIS_URL, test } from './fixtures';

const base = `e2e-foreign-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const channel = `${base}:news`;
let redis: Redis;
let app: Redis;
let publisher: ReturnType<typeof setInterval> | undefined;
let f: ForeignGroups;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  f = await writeForeignGroups(redis, base);
  // Another program's subscriber and its publisher, 5 messages a second; the console subscribes to nothing.
  app = redis.duplicate();
  await app.subscribe(channel);
  publisher = setInterval(() => void redis.publish(channel, '{"headline":"x"}'), 200);
});

test.afterAll(async () => {
  clearInterval(publisher);
  app?.disconnect();
  await redis?.del(...f.keys);
  redis?.disconnect();
});

async function ready(page: Page) {
  await expect(page.getByRole('status', { name: /^Redis / })).toHaveText(/ready/);
}

async function openStream(page: Page, name: string, tab: string) {
  await page.getByRole('button', { name: 'Overview', exact: true }).click();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
  await page.getByRole('tab', { name: tab }).click();
}

const streamRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Streams' })
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: `Open stream ${name}` }) });

test('the Overview sums counted lag, marks it, and measures broadcast rates while open', async ({ page }) => {
  await ready(page);
  await page.getByPlaceholder('Filter streams and channels').fill(base);
  const orders = streamRow(page, f.orders.stream);
  // Columns: stream, length, msgs/s, groups, total lag, …
  const lag = orders.getByRole('cell').nth(4);
  await expect(lag).toHaveText(/^33computed · oldest \d+ (ms|s|min)$/);
  await expect(lag).toHaveAttribute('title', /2 group\(s\) counted by the console/);
  await expect(streamRow(page, f.deleted.stream).getByRole('cell').nth(4)).toHaveText(/^3computed/);

  const rate = page
    .getByRole('table', { name: 'Broadcast channels' })
    .getByRole('row')
    .filter({ hasText: channel })
    .getByRole('cell')
    .nth(2);
  await expect.poll(async () => Number((await rate.textContent()) ?? 'NaN'), { timeout: 20_000 }).toBeGreaterThan(0);
});

test('the Broadcast view says "not measured" until it has measured a whole second', async ({ page }) => {
  await ready(page);
  await page.getByRole('button', { name: 'Broadcast', exact: true }).click();
  const rate = page.getByRole('table', { name: 'Channel list' }).getByRole('row').filter({ hasText: channel }).getByRole('cell').nth(1);
  await expect(rate).toHaveText('not measured');
  await page.getByRole('button', { name: 'Refresh channels' }).click();
  await expect.poll(async () => Number((await rate.textContent()) ?? 'NaN'), { timeout: 20_000 }).toBeGreaterThan(0);
});

test('the Groups and Instances tabs show counted lag and the oldest entry waiting', async ({ page }) => {
  await ready(page);
  await openStream(page, f.orders.stream, 'Groups');
  const lagOf = (group: string) =>
    page
      .getByRole('table', { name: 'Groups' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: group, exact: true }) })
      .getByRole('cell')
      .first();
  await expect(lagOf('billing')).toHaveText(/^12computed · oldest /);
  await expect(lagOf('replay')).toHaveText(/^7computed · oldest /);
  await expect(lagOf('audit')).toHaveText(/^14 · oldest /);

  await page.getByRole('tab', { name: 'Instances' }).click();
  await expect(page.getByLabel('Backlog of billing')).toHaveText(/^waiting \(lag\) 12computed · oldest .* · pending 0$/);
  await expect(page.getByLabel('Backlog of audit')).toHaveText(/^waiting \(lag\) 14 · oldest .* · pending 2$/);
  await expect(page.getByRole('table', { name: 'Instances of audit' }).getByRole('rowheader')).toContainText('ghost');
});

test('an entry’s journey says where it stands in each group, with no invented acknowledgement', async ({ page }) => {
  await ready(page);
  await openStream(page, f.orders.stream, 'Entries');
  const o = f.orders.ids;
  await page.getByRole('grid', { name: 'Entries' }).getByRole('row').filter({ hasText: o[2] }).click();
  await page.getByRole('button', { name: 'Journey', exact: true }).click();
  const now = page.getByRole('list', { name: `Where ${o[2]} stands in each group` });
  await expect(now.getByRole('listitem').filter({ hasText: 'group audit' })).toContainText(
    /pending · group audit · instance ghost · delivered 1 time/,
  );
  for (const group of ['billing', 'replay']) {
    const item = now.getByRole('listitem').filter({ hasText: `group ${group}` });
    await expect(item).toContainText('time not recorded past the group’s position');
    await expect(item).toContainText('acknowledged, or skipped when the group was created or moved (Redis does not record which');
  }
  await expect(page.getByRole('list', { name: `Journey of ${o[2]}` })).not.toContainText('acked');

  await page.getByRole('grid', { name: 'Entries' }).getByRole('row').filter({ hasText: o[11] }).click();
  await page.getByRole('button', { name: 'Journey', exact: true }).click();
  const later = page.getByRole('list', { name: `Where ${o[11]} stands in each group` });
  await expect(later.getByRole('listitem').filter({ hasText: 'group billing' })).toContainText(
    'not delivered yet · group billing · not delivered to this group yet: 6 entries before it',
  );
});

test('pending entries whose entry was deleted are marked and acked together after confirming', async ({ page }) => {
  await ready(page);
  await openStream(page, f.deleted.stream, 'Pending');
  const table = page.getByRole('table', { name: 'Pending entries' });
  const d = f.deleted.ids;
  await expect(table.getByRole('row').filter({ hasText: 'entry deleted' })).toHaveCount(2);
  await expect(table.getByRole('row').filter({ hasText: d[2] })).toContainText('entry deleted');
  await expect(table.getByRole('row').filter({ hasText: d[1] })).not.toContainText('entry deleted');
  await page.getByRole('button', { name: 'Ack all 2 deleted' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Acknowledge 2 pending entries whose entry was deleted?' });
  await dialog.getByRole('button', { name: 'Acknowledge deleted' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Acknowledged 2 pending entries whose entry was deleted.' })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'entry deleted' })).toHaveCount(0);
  await expect(table.getByRole('row')).toHaveCount(4); // header + d2, d5, d6
});
