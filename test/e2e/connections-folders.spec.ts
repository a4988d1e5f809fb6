// The connection manager as a daily tool: profiles grouped in collapsible folders (kept by an
// export and an import), sorted by when the console last reached Redis with each, and a start that
// offers the last session (profile and view), reopens it when asked to, never connects to a
// production profile without a click, and can be told not to offer it. Its own web-mode server, so
// its profiles and connection switches stay its own.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, REDIS_URL, test } from './fixtures';
import { startWebMode, type WebMode } from './web-mode';

let web: WebMode;
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const stream = `e2e-reopen-${suffix}`;
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.beforeAll(async () => {
  if (test.info().project.name === 'electron') return;
  web = await startWebMode(REDIS_URL);
});
test.afterAll(async () => {
  await web?.stop();
  redisCli('DEL', stream);
});

const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Connections' });

async function openConnections(page: Page) {
  await page.getByRole('button', { name: 'Connections…' }).click();
  return dialogOf(page);
}

async function saveProfile(page: Page, fields: { name: string; folder?: string; label?: string }) {
  const form = dialogOf(page).getByRole('form', { name: 'Save a profile' });
  await form.getByLabel('Profile name').fill(fields.name);
  await form.getByLabel('Profile URL').fill(REDIS_URL);
  await form.getByLabel('Folder').fill(fields.folder ?? '');
  await form.getByLabel('Label').fill(fields.label ?? '');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(dialogOf(page).getByRole('button', { name: `Connect to ${fields.name}`, exact: true })).toBeVisible();
}

/** Switches through the Connections dialog and its confirmation; waits for Redis to answer. */
async function connectTo(page: Page, name: string) {
  const dialog = await openConnections(page);
  await dialog.getByRole('button', { name: `Connect to ${name}`, exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Switch connection' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
}

async function connectToUrl(page: Page) {
  const dialog = await openConnections(page);
  await dialog.getByLabel('Redis URL').fill(REDIS_URL);
  await dialog.getByRole('form', { name: 'Connect to a URL' }).getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Switch connection' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
}

/** A start: a new page of the same browser (same storage) at the address without a view. */
async function start(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(web.url);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  return page;
}

test('folders, last used, and reopening the last session', async ({ page }, testInfo) => {
  test.skip(
    testInfo.project.name === 'electron',
    'the desktop app shares its profiles with the other specs; web mode runs its own server here',
  );
  test.setTimeout(120_000);
  redisCli('XADD', stream, '*', 'msg', '{"n":1}');
  await page.goto(web.url);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  let dialog = await openConnections(page);
  await saveProfile(page, { name: 'alpha', folder: 'staging' });
  await saveProfile(page, { name: 'beta', folder: 'staging' });
  await saveProfile(page, { name: 'orders prod', folder: 'live', label: 'production' });
  await saveProfile(page, { name: 'loose' });
  // Folders by name, the profiles without one last; a folder folds away and comes back.
  const table = dialog.getByRole('table', { name: 'Saved profiles' });
  const folders = table.getByRole('button', { expanded: true });
  await expect(folders).toHaveText([/live \(1\)/, /staging \(2\)/, /No folder \(1\)/]);
  await table.getByRole('button', { name: /staging/ }).click();
  await expect(table.getByRole('button', { name: /staging/ })).toHaveAttribute('aria-expanded', 'false');
  await expect(table.getByRole('button', { name: 'Connect to alpha' })).toHaveCount(0);
  await table.getByRole('button', { name: /staging/ }).click();
  await expect(table.getByRole('button', { name: 'Connect to alpha' })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'beta' })).toContainText('never');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Last used: the time the console reached Redis through the profile, newest first.
  const before = Math.floor(Date.now() / 1000) * 1000;
  await connectTo(page, 'beta');
  const after = Date.now();
  dialog = await openConnections(page);
  const betaRow = table.getByRole('row').filter({ hasText: 'beta' });
  const shown = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec((await betaRow.textContent()) ?? '');
  expect(shown, 'beta shows when it was last connected').not.toBeNull();
  const [, y, mo, d, h, mi, s] = shown!.map(Number);
  const at = new Date(y, mo - 1, d, h, mi, s).getTime();
  expect(at).toBeGreaterThanOrEqual(before);
  expect(at).toBeLessThanOrEqual(after);
  const staging = table.getByRole('rowgroup', { name: 'Folder staging' });
  await expect(staging.getByRole('button', { name: /^Connect to / })).toHaveText(['Connect', 'Connect']);
  await expect(staging.getByRole('row').nth(1)).toContainText('beta');
  await dialog.getByLabel('Sort by').selectOption('name');
  await expect(staging.getByRole('row').nth(1)).toContainText('alpha');

  // Folders go out in the export and come back with an import.
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export connections' }).click();
  const file = JSON.parse(readFileSync((await (await downloading).path())!, 'utf8'));
  expect(file.connections.find((c: { name: string }) => c.name === 'alpha').folder).toBe('staging');
  expect(JSON.stringify(file)).not.toContain('lastConnectedAt');
  file.connections = file.connections.map((c: { name: string }) => ({ ...c, name: `${c.name} copy` }));
  await dialog.getByLabel('Import connections from a file').setInputFiles({
    name: 'copy.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  });
  await dialog.getByRole('button', { name: 'Import 4 connections' }).click();
  await expect(
    table.getByRole('rowgroup', { name: 'Folder staging' }).getByRole('button', { name: 'Connect to alpha copy' }),
  ).toBeVisible();
  await expect(
    table.getByRole('rowgroup', { name: 'Folder live' }).getByRole('button', { name: 'Connect to orders prod copy' }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The last view on beta is offered by the next start, after the console went elsewhere.
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true }).click();
  await page.getByRole('tab', { name: 'Groups' }).click();
  await expect(page).toHaveURL(new RegExp(`#/stream/${stream}/groups$`));
  await connectToUrl(page);
  let next = await start(page.context());
  let offer = next.getByRole('region', { name: 'Last session' });
  await expect(offer).toContainText(`Last session: beta — stream ${stream}, groups tab.`);
  await offer.getByRole('button', { name: 'Reopen' }).click();
  await next.getByRole('alertdialog').getByRole('button', { name: 'Switch connection' }).click();
  await expect(next.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
  await expect(next).toHaveURL(new RegExp(`#/stream/${stream}/groups$`));
  await expect(offer).toHaveCount(0);
  await next.close();

  // "Reopen" chosen for every start: a production profile still waits for a click ...
  await connectTo(page, 'orders prod');
  dialog = await openConnections(page);
  await dialog.getByLabel('When Streamscope starts').selectOption('always');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await connectToUrl(page);
  next = await start(page.context());
  offer = next.getByRole('region', { name: 'Last session' });
  await expect(offer).toContainText(
    'Last session: orders prodproduction — the Overview (a production connection: reopened only when you click).',
  );
  // Still on the plain URL: no profile's label in the header.
  await expect(next.getByTitle("This connection's label (set in its profile)")).toHaveCount(0);
  await next.close();

  // ... and any other is reopened at once, view included.
  await connectTo(page, 'alpha');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`#/stream/${stream}$`));
  await connectToUrl(page);
  next = await start(page.context());
  await expect(next).toHaveURL(new RegExp(`#/stream/${stream}$`));
  await expect(next.getByRole('region', { name: `Stream ${stream}` })).toBeVisible();
  await expect(next.getByRole('region', { name: 'Last session' })).toHaveCount(0);
  await next.close();

  // "Don't offer again": a start is a plain start.
  await connectToUrl(page);
  dialog = await openConnections(page);
  await dialog.getByLabel('When Streamscope starts').selectOption('ask');
  await dialog.getByRole('button', { name: 'Close' }).click();
  next = await start(page.context());
  await next.getByRole('region', { name: 'Last session' }).getByRole('button', { name: "Don't offer again" }).click();
  await next.close();
  next = await start(page.context());
  dialog = await openConnections(next);
  await expect(dialog.getByLabel('When Streamscope starts')).toHaveValue('never');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(next.getByRole('region', { name: 'Last session' })).toHaveCount(0);
  await expect(next).toHaveURL(/#\/overview$/);
});
