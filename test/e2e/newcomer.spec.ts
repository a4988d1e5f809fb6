// The newcomer's path through the console, against web mode (or the desktop app) and the real
// Redis: a stream made by redis-cli shows up, a message published from the UI lands in it, three
// hosted instances share the load, a crashed one leaves pending entries that get claimed, a prune
// is previewed and run, and a broadcast is tailed and published. Screenshots of the main screens
// go to docs/screenshots/ (the README shows one of them).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, REDIS_URL, test } from './fixtures';

const screenshots = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
mkdirSync(screenshots, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, `${name}.png`) });

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const stream = `e2e-jobs-${suffix}`;
const channel = `e2e-news-${suffix}`;

function redisCli(...args: string[]): string {
  return execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();
}

test.describe.configure({ mode: 'serial' });

test.afterAll(() => {
  redisCli('DEL', stream, `${stream}.dead-letter`, `streamscope:presence-index:{${stream}}`);
});

async function openStream(page: Page, name: string) {
  await page.getByRole('button', { name: 'Overview', exact: true }).click();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('region', { name: `Stream ${name}` })).toBeVisible();
}

test('newcomer path: see, publish, join, crash and claim, prune, broadcast', async ({ page }) => {
  test.setTimeout(150_000);

  // 1. A stream written the way UCloud (or redis-cli) writes it is listed and decoded.
  redisCli('XADD', stream, 'MAXLEN', '~', '1000000', '*', 'msg', JSON.stringify({ jobName: 'job-from-cli', state: 'RUNNING' }));
  await expect(page.getByRole('status', { name: /^Redis / })).toHaveText(/ready/);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(
    page
      .getByRole('link', { name: stream })
      .or(page.getByRole('button', { name: stream, exact: true }))
      .first(),
  ).toBeVisible();
  await shot(page, 'overview');
  await openStream(page, stream);
  await expect(page.getByText('job-from-cli').first()).toBeVisible();

  // 2. Publish from the UI and see the entry.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByLabel('Stream name', { exact: true }).fill(stream);
  await page.getByLabel('Payload (JSON template)').fill('{"jobName": "job-from-ui-{{seq}}", "state": "QUEUED"}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added to ${stream}` })).toBeVisible();
  await shot(page, 'publish');
  await openStream(page, stream);
  await expect(page.getByText(/job-from-ui-/).first()).toBeVisible();
  await shot(page, 'entries');

  // 3. Join three hosted instances of one service and watch the load spread.
  const group = `e2e-svc-${suffix}`;
  const instances = ['pod-a', 'pod-b', 'pod-c'].map((p) => `${p}-${suffix}`);
  // The panel stays open after a join, so several instances can be added in a row.
  await page.getByRole('button', { name: 'Join as instance' }).first().click();
  const form = page.getByRole('form', { name: 'Join instance form' });
  await form.getByLabel('Service (group)').selectOption({ label: 'New group…' });
  await form.getByLabel('New group name').fill(group);
  // Slow enough (3 × 2/s) that a backlog is still being worked when one instance is crashed below,
  // whatever the machine's speed: the crash must leave pending entries to claim.
  await form.getByLabel('Processing delay (ms)').fill('500');
  for (const instance of instances) {
    await form.getByLabel('Instance name').fill(instance);
    await form.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(form.getByRole('status')).toContainText(`as ${instance}`);
  }
  await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(form).toBeHidden();

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByLabel('Stream name', { exact: true }).fill(stream);
  await page.getByLabel('Count').fill('200');
  await page.getByLabel('Rate (msg/s)').fill('50');
  await page.getByRole('button', { name: 'Start sending' }).click();
  // Let the job finish here (4 s), so nothing writes to the stream after the test deletes it.
  await expect(page.getByRole('status').filter({ hasText: /Done: 200 of 200/ })).toBeVisible({ timeout: 30_000 });

  await openStream(page, stream);
  await page.getByRole('tab', { name: 'Instances' }).click();
  for (const instance of instances) {
    const bar = page.getByRole('meter', { name: `Share of load of ${instance}` }).or(page.getByLabel(`Share of load of ${instance}`));
    await expect(bar.first()).toBeVisible();
    // Each instance gets a real share of the group's deliveries (value > 0 %).
    await expect
      .poll(
        async () =>
          Number((await bar.first().getAttribute('aria-valuenow')) ?? (await bar.first().textContent())?.replace(/[^\d.]/g, '') ?? 0),
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThan(0);
  }
  await shot(page, 'instances');
  await page.getByRole('tab', { name: 'Flow' }).click();
  await page.waitForTimeout(2500);
  await shot(page, 'flow');

  // 4. Crash one instance mid-work: its pending entries stay, then get claimed by a survivor.
  await page.getByRole('tab', { name: 'Instances' }).click();
  const victim = instances[0];
  await page.getByRole('button', { name: `Crash ${victim}` }).click();
  await page.getByRole('button', { name: 'Crash instance' }).click();

  await page.getByRole('tab', { name: 'Pending' }).click();
  const filters = page.getByRole('group', { name: 'Pending filters' });
  await filters.getByLabel('Group').selectOption(group);
  await filters.getByLabel('Consumer').selectOption(victim);
  const refresh = page.getByRole('button', { name: 'Refresh pending' });
  const pendingRows = page.getByRole('checkbox', { name: /^Select \d+-\d+$/ });
  await expect.poll(async () => (await refresh.click(), await pendingRows.count()), { timeout: 30_000 }).toBeGreaterThan(0);
  await shot(page, 'pending');

  const bulk = page.getByRole('group', { name: 'Bulk actions' });
  await bulk.getByLabel('Claim to').selectOption(instances[1]);
  await bulk.getByRole('button', { name: 'Auto-claim idle' }).click();
  await expect.poll(async () => (await refresh.click(), await pendingRows.count()), { timeout: 30_000 }).toBe(0);

  // 5. Preview and run a prune.
  await page.getByRole('button', { name: 'Prune…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Entries to keep').fill('5');
  await dialog.getByRole('button', { name: /Preview/ }).click();
  const preview = dialog.getByRole('region', { name: 'Prune preview' });
  await expect(preview).toBeVisible();
  await shot(page, 'prune');
  await dialog
    .getByRole('button', { name: /^Prune/ })
    .last()
    .click();
  const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog').filter({ hasText: /cannot be undone|Prune .*\?/ }));
  await confirm.getByRole('button', { name: /Prune/ }).last().click();
  await expect(page.getByRole('status').filter({ hasText: /Removed|removed/ })).toBeVisible();
  const lengthAfter = Number(redisCli('XLEN', stream));
  expect(lengthAfter).toBeLessThan(200);

  // 6. Tail a broadcast channel with two console subscribers and publish to it.
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Broadcast', exact: true }).click();
  const subscribe = page.getByRole('form', { name: 'Subscribe form' });
  await subscribe.getByLabel('Channel or pattern').fill(channel);
  await subscribe.getByLabel('Subscribers').fill('2');
  await subscribe.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('list', { name: 'Subscriptions' })).toContainText(channel);
  const publish = page.getByRole('form', { name: 'Publish broadcast form' });
  await publish.getByLabel('Publish to channel').fill(channel);
  await publish.getByLabel('Payload (JSON)').fill('{"headline": "hello from e2e"}');
  await publish.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: /received by [2-9]\d* subscriber/ })).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Live tail' })
      .getByText(/hello from e2e/)
      .first(),
  ).toBeVisible();
  await shot(page, 'broadcast');

  // Leave nothing running: the surviving hosted instances leave.
  await openStream(page, stream);
  await page.getByRole('tab', { name: 'Instances' }).click();
  // Wait until each has left: a running instance would re-create the stream after afterAll deletes it.
  for (const instance of instances.slice(1)) {
    const leave = page.getByRole('button', { name: `Leave ${instance}` });
    // The table re-renders every second; a click that lands during a re-render is retried.
    await expect(async () => {
      if (await leave.isVisible()) await leave.click({ timeout: 2_000 });
      await expect(leave).toBeHidden({ timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
  }
});
