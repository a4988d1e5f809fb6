// An alert as a user sets one up, against the real Redis: a hosted instance is paused, entries keep
// arriving, the group's lag grows past the rule's threshold and the alert fires on the Overview
// (saying what it compared) and on the group's tab; in web mode it also becomes a browser
// notification once allowed; the history can be cleared and the rule removed.
import { execFileSync } from 'node:child_process';
import { expect, REDIS_URL, test } from './fixtures';

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const stream = `e2e-alerts-${suffix}`;
const group = `e2e-alerts-service-${suffix}`;
const instance = `alerts-instance-${suffix}`;
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.afterAll(() => {
  redisCli('DEL', stream, `${stream}.dead-letter`, `streamscope:presence-index:{${stream}}`);
});

test('a paused instance lets lag grow and the lag alert fires on the Overview', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const web = testInfo.project.name === 'chromium';
  if (web) {
    // Record the notifications the page shows: headless Chromium draws none.
    await page.context().grantPermissions(['notifications']);
    await page.addInitScript(() => {
      const shown: string[] = [];
      (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
      const Native = window.Notification;
      class Recording extends Native {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push(`${title}\n${options?.body ?? ''}`);
        }
      }
      Object.defineProperty(window, 'Notification', { value: Recording });
    });
    await page.reload();
  }
  redisCli('XGROUP', 'CREATE', stream, group, '$', 'MKSTREAM');
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true }).click();

  await page.getByRole('button', { name: 'Join as instance' }).click();
  const dialog = page.getByRole('dialog', { name: `Join ${stream} as an instance` });
  const form = dialog.getByRole('form', { name: 'Join instance form' });
  await expect(form.getByLabel('Service (group)')).toHaveValue(group);
  await form.getByLabel('Instance name').fill(instance);
  await form.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(form.getByRole('status')).toContainText(`as ${instance}`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'Instances' }).click();
  await page.getByRole('button', { name: `Pause ${instance}` }).click();
  await expect(page.getByRole('button', { name: `Resume ${instance}` })).toBeVisible();

  await page.getByRole('button', { name: 'Overview', exact: true }).click();
  const alerts = page.getByRole('region', { name: 'Alerts' });
  if (web) await expect(alerts.getByText('Desktop notifications on')).toBeVisible();
  const add = alerts.getByRole('form', { name: 'Add an alert rule' });
  await add.getByLabel('Stream').fill(stream);
  await add.getByLabel('Group').fill(group);
  await add.getByLabel('Lag over (entries)').fill('5');
  await add.getByRole('button', { name: 'Save alert rule' }).click();
  const rules = alerts.getByRole('table', { name: 'Alert rules' });
  await expect(rules.getByRole('row').filter({ hasText: group })).toContainText('lag > 5');
  await expect(alerts.getByText('No alert is firing.')).toBeVisible();

  // The paused instance takes nothing: every entry adds to the group's lag.
  for (let i = 0; i < 12; i++) redisCli('XADD', stream, '*', 'n', String(i));
  const firing = alerts.getByRole('list', { name: 'Firing alerts' }).getByRole('listitem').filter({ hasText: group });
  await expect(firing).toContainText(
    new RegExp(
      `The lag of group ${group} of stream ${stream} is 12 entries, over the threshold of 5 entries \\((counted by the console: Redis gave none|Redis's own number)\\)`,
    ),
    { timeout: 30_000 },
  );
  if (web) {
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications))
      .toEqual([expect.stringMatching(new RegExp(`^Streamscope: lag on ${stream} / ${group}\\nThe lag of group ${group}`))]);
  }

  // The group's own tab says it too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true }).click();
  await page.getByRole('tab', { name: 'Groups' }).click();
  await expect(page.getByRole('list', { name: `Alerts on ${stream}` })).toContainText('is 12 entries, over the threshold of 5 entries');

  await page.getByRole('tab', { name: 'Instances' }).click();
  await page.getByRole('button', { name: `Leave ${instance}` }).click();
  await page.getByRole('button', { name: 'Overview', exact: true }).click();
  await alerts.getByText(/^History \(\d+\)$/).click();
  await expect(alerts.getByRole('list', { name: 'Alert history' })).toContainText(`Fired: The lag of group ${group}`);
  await alerts.getByRole('button', { name: `Remove alert rule for ${group} on ${stream}` }).click();
  await expect(rules).toHaveCount(0);
  await alerts.getByRole('button', { name: 'Clear history' }).click();
  await expect(alerts.getByText('History (0)')).toBeVisible();
});
