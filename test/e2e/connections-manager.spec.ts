// The Connections dialog as a connection manager: search saved connections by name, host or label;
// export them to a file that holds no password; import a file after a dry-run preview that says
// what would be added and what is already saved. Its own web-mode server, so its profiles stay its own.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, REDIS_URL, test } from './fixtures';
import { startWebMode, type WebMode } from './web-mode';

let web: WebMode;
const PASSWORD = 'manager-password-h-conn';

test.beforeAll(async () => {
  if (test.info().project.name === 'electron') return;
  web = await startWebMode(REDIS_URL);
});
test.afterAll(async () => {
  await web?.stop();
});

async function saveProfile(page: Page, name: string, url: string, label: string, password = '') {
  const form = page.getByRole('dialog', { name: 'Connections' }).getByRole('form', { name: 'Save a profile' });
  await form.getByLabel('Profile name').fill(name);
  await form.getByLabel('Profile URL').fill(url);
  await form.getByLabel('Label').fill(label);
  if (password) await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('dialog', { name: 'Connections' }).getByRole('button', { name: `Connect to ${name}` })).toBeVisible();
}

test('search, export without secrets, and an import previewed by a dry run', async ({ page }, testInfo) => {
  test.skip(
    testInfo.project.name === 'electron',
    'the desktop app shares its profiles with the other specs; web mode runs its own server here',
  );
  test.setTimeout(90_000);
  await page.goto(web.url);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  await page.getByRole('button', { name: 'Connections…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connections' });
  await expect(dialog.getByText(/No saved profiles yet: save one below, or import a connections file/)).toBeVisible();

  await saveProfile(page, 'orders prod', 'redis://10.1.2.3:6379', 'production', PASSWORD);
  await saveProfile(page, 'local dev', REDIS_URL, 'dev');
  const table = dialog.getByRole('table', { name: 'Saved profiles' });
  const search = dialog.getByRole('searchbox', { name: 'Search saved connections' });
  await search.fill('10.1.2');
  await expect(table.getByRole('row')).toHaveCount(2); // header and the one match
  await expect(table.getByText('orders prod')).toBeVisible();
  await search.fill('DEV');
  await expect(table.getByText('local dev')).toBeVisible();
  await expect(table.getByText('orders prod')).toHaveCount(0);
  await search.fill('nothing-like-this');
  await expect(dialog.getByText('No saved connection matches "nothing-like-this" by name, host, label or folder.')).toBeVisible();
  await search.fill('');

  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export connections' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('streamscope-connections.json');
  const exported = readFileSync((await download.path())!, 'utf8');
  expect(exported).not.toContain(PASSWORD);
  const file = JSON.parse(exported);
  expect(file.connections.map((c: { name: string }) => c.name).sort()).toEqual(['local dev', 'orders prod']);

  // A colleague's file: one new connection, one whose name is already saved.
  file.connections = [
    { name: 'billing staging', url: 'redis://10.9.9.9:6379', label: 'staging' },
    { name: 'local dev', url: 'redis://127.0.0.1:6390' },
  ];
  await dialog.getByLabel('Import connections from a file').setInputFiles({
    name: 'colleague.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  });
  const preview = dialog.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText('Would add 1 connection: billing staging.');
  await expect(preview.getByRole('list', { name: 'Already saved' })).toContainText('local dev: a saved connection has this name');
  await expect(table.getByText('billing staging')).toHaveCount(0);

  await dialog.getByRole('button', { name: 'Import 1 connection' }).click();
  await expect(dialog.getByRole('region', { name: 'Import report' })).toContainText('Added 1 connection: billing staging.');
  await expect(table.getByText('billing staging')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(4);
});
