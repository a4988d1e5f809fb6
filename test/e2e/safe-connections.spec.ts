// Safe connections as a user meets them in web mode: a profile saved read-only, labelled
// "production" in red, shows its label and "read-only" in the header, disables every write the
// stream view offers (saying why) while reads keep working; a writable production profile asks for
// the stream's name before a group is deleted. Its own web-mode server, so no other spec sees the switch.
import { execFileSync } from 'node:child_process';
import { expect, REDIS_URL, test } from './fixtures';
import type { Page } from '@playwright/test';
import { startWebMode, type WebMode } from './web-mode';
import { expectNoSeriousViolations } from './a11y';

const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();
const stream = `e2e-safe-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const group = 'svc-safe';

let web: WebMode;

test.beforeAll(async () => {
  if (test.info().project.name === 'electron') return;
  web = await startWebMode(REDIS_URL);
});
test.afterAll(async () => {
  await web?.stop();
  redisCli('DEL', stream);
});

async function saveAndConnect(page: Page, name: string, opts: { readOnly: boolean }) {
  await page.getByRole('button', { name: 'Connections…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connections' });
  const form = dialog.getByRole('form', { name: 'Save a profile' });
  await form.getByLabel('Profile name').fill(name);
  await form.getByLabel('Profile URL').fill(REDIS_URL);
  await form.getByLabel('Label').fill('production');
  await form.getByLabel('Colour').selectOption('red');
  if (opts.readOnly) await form.getByLabel(/Read-only/).check();
  await form.getByRole('button', { name: 'Save profile' }).click();
  await dialog.getByRole('button', { name: `Connect to ${name}` }).click();
  await page
    .getByRole('alertdialog', { name: /^Switch to / })
    .getByRole('button', { name: 'Switch connection' })
    .click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible({ timeout: 20_000 });
}

async function openStream(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await nav.getByRole('button', { name: stream, exact: true }).click();
  await expect(page.getByRole('region', { name: `Stream ${stream}` })).toBeVisible();
}

test('a read-only production connection disables writes and says why; a writable one asks for the stream name', async ({
  page,
}, testInfo) => {
  test.skip(
    testInfo.project.name === 'electron',
    'switching the shared desktop app would disturb the other specs; web mode runs its own server here',
  );
  test.setTimeout(90_000);
  redisCli('XADD', stream, '*', 'msg', '{"n":1}');
  redisCli('XGROUP', 'CREATE', stream, group, '0');
  await page.goto(web.url);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();

  await saveAndConnect(page, 'prod read-only', { readOnly: true });
  const header = page.getByRole('banner', { name: 'Connection' });
  await expect(header.getByText('production', { exact: true })).toBeVisible();
  await expect(header.getByText('read-only', { exact: true })).toBeVisible();
  await expect(header).toHaveClass(/conn-colour-red/);
  await expect(page.getByRole('note', { name: 'Read-only connection' })).toContainText('publishing, acknowledging, claiming, pruning');
  await expect(page.getByRole('button', { name: 'Start demo' })).toBeDisabled();
  await expectNoSeriousViolations(page, 'the Overview on a read-only production connection');

  await openStream(page);
  const readOnlyTitle = 'Read-only connection: this profile does not allow changes to Redis';
  for (const name of ['Publish to stream…', 'Join as instance']) {
    const button = page.getByRole('button', { name, exact: true });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('title', readOnlyTitle);
  }
  // Reads keep working: the entry is listed, groups are listed, the prune preview runs.
  await expect(page.getByRole('tab', { name: /Groups/ })).toBeVisible();
  await page.getByRole('tab', { name: /Groups/ }).click();
  await expect(page.getByRole('button', { name: `Delete group ${group}` })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Create group' })).toBeDisabled();
  await page.getByRole('button', { name: 'Prune…' }).click();
  const prune = page.getByRole('dialog', { name: `Prune ${stream}` });
  await prune.getByRole('button', { name: 'Preview' }).click();
  await expect(prune.getByRole('button', { name: /^Prune/ })).toBeDisabled();
  await prune.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  expect(redisCli('XLEN', stream)).toBe('1');

  // A writable production profile: deleting a group needs the stream's name typed.
  await saveAndConnect(page, 'prod writable', { readOnly: false });
  await expect(page.getByRole('note', { name: 'Read-only connection' })).toHaveCount(0);
  await expect(page.getByRole('banner', { name: 'Connection' }).getByText('production', { exact: true })).toBeVisible();
  await openStream(page);
  await page.getByRole('tab', { name: /Groups/ }).click();
  await page.getByRole('button', { name: `Delete group ${group}` }).click();
  const confirm = page.getByRole('alertdialog', { name: `Delete group ${group}?` });
  const confirmButton = confirm.getByRole('button', { name: 'Delete group' });
  await expect(confirmButton).toBeDisabled();
  const typed = confirm.getByLabel(`This is a production connection. Type ${stream} to confirm.`);
  await expectNoSeriousViolations(page, 'the typed confirmation of a group deletion', '[role="alertdialog"]');
  await typed.fill(stream.slice(0, -1));
  await expect(confirmButton).toBeDisabled();
  expect(redisCli('XINFO', 'GROUPS', stream)).toContain(group);
  await typed.fill(stream);
  await confirmButton.click();
  await expect(confirm).toHaveCount(0);
  await expect.poll(() => redisCli('XINFO', 'GROUPS', stream)).toBe('');
});
