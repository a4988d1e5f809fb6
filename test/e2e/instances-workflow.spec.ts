// Hosting instances as a new user does, at 1440 px against the real Redis: the join dialog has one
// title and one Close, offers the stream's groups and shows real defaults; the Instances table fits
// without a horizontal scrollbar; a paused instance reads "paused" (not also "live"); the crash
// confirmation counts the entries Redis holds pending for that instance.
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, REDIS_URL, test } from './fixtures';

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const stream = `e2e-instances-${suffix}`;
const group = `e2e-orchestrator-service-${suffix}`;
const instances = [1, 2, 3].map((n) => `orchestrator-instance-${n}-${suffix}`);
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.use({ viewport: { width: 1440, height: 900 } });

test.afterAll(() => {
  redisCli('DEL', stream, `${stream}.dead-letter`, `streamscope:presence-index:{${stream}}`);
});

async function openStream(page: Page) {
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true }).click();
  await expect(page.getByRole('region', { name: `Stream ${stream}` })).toBeVisible();
}

test('join dialog, a table that fits at 1440 px, paused reads paused, crash counts what Redis holds pending', async ({ page }) => {
  test.setTimeout(120_000);
  redisCli('XGROUP', 'CREATE', stream, group, '$', 'MKSTREAM');
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  await openStream(page);

  await page.getByRole('button', { name: 'Join as instance' }).click();
  const dialog = page.getByRole('dialog', { name: `Join ${stream} as an instance` });
  await expect(dialog.getByRole('heading')).toHaveCount(1);
  await expect(dialog.getByRole('button', { name: /close/i })).toHaveCount(1);
  const form = dialog.getByRole('form', { name: 'Join instance form' });
  await expect(form.getByLabel('Service (group)')).toHaveValue(group);
  await expect(form.getByLabel('Claim entries idle over (ms)')).toHaveAttribute('placeholder', '30,000 ms (default)');
  await expect(form.getByLabel('Dead-letter after deliveries')).toHaveAttribute('placeholder', '5 (default)');
  // Entries a "never ack" instance takes stay in Redis's pending list for it.
  await form.getByLabel('Ack mode').selectOption('never');
  for (const instance of instances) {
    await form.getByLabel('Instance name').fill(instance);
    await form.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(form.getByRole('status')).toContainText(`as ${instance}`);
  }
  await dialog.getByRole('button', { name: 'Close' }).click();
  for (let i = 0; i < 60; i++) redisCli('XADD', stream, '*', 'msg', JSON.stringify({ i }));

  await page.getByRole('tab', { name: 'Instances' }).click();
  const table = page.getByRole('table', { name: `Instances of ${group}` });
  const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });
  const victim = instances[0];
  const pendingOf = async (name: string) => Number((await row(name).getByRole('cell').nth(4).textContent())?.replace(/\D/g, ''));
  await expect.poll(() => pendingOf(victim), { timeout: 30_000 }).toBeGreaterThan(0);

  await page.getByRole('button', { name: `Pause ${instances[1]}` }).click();
  const paused = row(instances[1]).getByRole('rowheader');
  await expect(paused).toContainText('paused');
  await expect(paused).not.toContainText('live');

  // The whole table is visible at 1440 px: no horizontal scrolling, every action button whole.
  const wrap = page.locator('.ss-table-wrap').filter({ has: table });
  const overflow = await wrap.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow, 'the instances table scrolls sideways').toBeLessThanOrEqual(0);
  const box = await wrap.boundingBox();
  for (const name of instances) {
    const del = await page.getByRole('button', { name: `Delete consumer ${name}` }).boundingBox();
    expect(del!.x + del!.width, `Delete of ${name} is cut off`).toBeLessThanOrEqual(box!.x + box!.width + 0.5);
  }

  const pending = await pendingOf(victim);
  await page.getByRole('button', { name: `Crash ${victim}` }).click();
  const confirm = page.getByRole('alertdialog', { name: `Crash ${victim}?` });
  const text = (await confirm.textContent()) ?? '';
  const said = Number(/its ([\d,]+) pending entr/.exec(text)?.[1].replace(/,/g, ''));
  // The count is Redis's pending list for this instance, read just before (it can only have grown).
  expect(said).toBeGreaterThanOrEqual(pending);
  expect(Number(redisCli('XPENDING', stream, group, '-', '+', '1000', victim).split('\n').length / 4)).toBeGreaterThanOrEqual(said);
  await confirm.getByRole('button', { name: 'Crash instance' }).click();
  for (const name of instances.slice(1)) await page.getByRole('button', { name: `Leave ${name}` }).click();
});
