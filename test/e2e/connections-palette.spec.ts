// Connections from the keyboard: the command palette's "Connections…" opens the Connections dialog,
// and "Connect to <profile>" asks the same switch confirmation as the dialog's Connect button, then
// switches (the header shows the profile's label). Its own web-mode server, so no other spec sees the switch.
import { expect, REDIS_URL, test } from './fixtures';
import { startWebMode, type WebMode } from './web-mode';

let web: WebMode;
const name = `staging ${Math.floor(Math.random() * 1e6).toString(36)}`;

test.beforeAll(async () => {
  if (test.info().project.name === 'electron') return;
  web = await startWebMode(REDIS_URL);
});
test.afterAll(async () => {
  await web?.stop();
});

test('the palette opens the Connections dialog and connects to a saved profile after the switch confirmation', async ({
  page,
}, testInfo) => {
  test.skip(
    testInfo.project.name === 'electron',
    'switching the shared desktop app would disturb the other specs; web mode runs its own server here',
  );
  test.setTimeout(90_000);
  await page.goto(web.url);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  const header = page.getByRole('banner', { name: 'Connection' });
  const headerLabel = header.getByTitle("This connection's label (set in its profile)");
  await expect(headerLabel).toHaveCount(0);

  // "Connections…" from the palette opens the dialog; save a profile there.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette.getByRole('combobox')).toBeFocused();
  await page.keyboard.type('Connections');
  await expect(palette.getByRole('option', { name: 'Connections…' })).toBeVisible();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Connections' });
  await expect(dialog).toBeVisible();
  const form = dialog.getByRole('form', { name: 'Save a profile' });
  await form.getByLabel('Profile name').fill(name);
  await form.getByLabel('Profile URL').fill(REDIS_URL);
  await form.getByLabel('Label').fill('staging-label');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(dialog.getByRole('button', { name: `Connect to ${name}` })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await expect(dialog).toHaveCount(0);

  // "Connect to <name>" asks first; cancelling keeps the connection as it was.
  await page.keyboard.press('Control+k');
  await expect(palette.getByRole('combobox')).toBeFocused();
  await page.keyboard.type(`Connect to ${name}`);
  await expect(palette.getByRole('option', { name: `Connect to ${name}` })).toBeVisible();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: /^Switch to / });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(headerLabel).toHaveCount(0);
  await page.getByRole('dialog', { name: 'Connections' }).getByRole('button', { name: 'Close' }).last().click();

  await page.keyboard.press('Control+k');
  await expect(palette.getByRole('combobox')).toBeFocused();
  await page.keyboard.type(`Connect to ${name}`);
  await page.keyboard.press('Enter');
  await page
    .getByRole('alertdialog', { name: /^Switch to / })
    .getByRole('button', { name: 'Switch connection' })
    .click();
  await expect(page.getByRole('dialog', { name: 'Connections' })).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible({ timeout: 20_000 });
  await expect(headerLabel).toHaveText('staging-label');
});
