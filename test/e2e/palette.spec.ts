// Keyboard first: the command palette (Ctrl+K) goes to a stream, a tab of the current stream and a
// group, and runs actions; "g o" goes home; "?" lists every shortcut. Both overlays are axe-clean.
import { execFileSync } from 'node:child_process';
import { expect, REDIS_URL, test } from './fixtures';
import { expectNoSeriousViolations } from './a11y';

const stream = `e2e-palette-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const group = `svc-palette-${Math.floor(Math.random() * 1e6).toString(36)}`;
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.afterAll(() => {
  redisCli('DEL', stream);
});

test('the command palette goes to a stream, a tab and a group; shortcuts and their help overlay work', async ({ page }) => {
  redisCli('XADD', stream, '*', 'msg', '{"n":1}');
  redisCli('XGROUP', 'CREATE', stream, group, '0');
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true })).toBeVisible();

  // A stream, by typing part of its name.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('combobox')).toBeFocused();
  await expectNoSeriousViolations(page, 'the command palette', '[role="dialog"]');
  await page.keyboard.type(stream);
  await expect(palette.getByRole('option', { name: `stream ${stream}` })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  const view = page.getByRole('region', { name: `Stream ${stream}` });
  await expect(view).toBeVisible();
  await expect(view.getByRole('tab', { name: 'Entries' })).toHaveAttribute('aria-selected', 'true');

  // A tab of the stream on screen.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Pending tab');
  await page.keyboard.press('Enter');
  await expect(view.getByRole('tab', { name: 'Pending' })).toHaveAttribute('aria-selected', 'true');

  // A group: its stream's Groups tab, from anywhere.
  await page.keyboard.press('g');
  await page.keyboard.press('o');
  await expect(view).toHaveCount(0);
  await page.keyboard.press('Control+k');
  await page.keyboard.type(group);
  await expect(palette.getByRole('option', { name: new RegExp(`group ${group} on ${stream}`) })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(view.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
  await expect(view.getByRole('rowheader', { name: group, exact: true })).toBeVisible();
  // The palette points at that group: its row is marked, and the address links to it.
  await expect(view.getByRole('table', { name: 'Groups' }).getByRole('row', { name: new RegExp(`^${group}\\b`) })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await expect.poll(() => new URL(page.url()).hash).toBe(`#/stream/${encodeURIComponent(stream)}/groups?group=${group}`);

  // Nothing matches: said so; Escape closes and gives focus back.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('zzzz-no-such-thing-zzzz');
  await expect(palette.getByText('Nothing matches.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);

  // The help overlay lists the shortcuts the keys really do.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByRole('row', { name: /Ctrl\+K .*command palette/ })).toBeVisible();
  await expect(help.getByRole('row', { name: /g then o Go to the Overview/ })).toBeVisible();
  await expectNoSeriousViolations(page, 'the keyboard shortcuts overlay', '[role="dialog"]');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Typing in a field never triggers a one-key shortcut.
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  const field = page.getByRole('main').getByRole('textbox').first();
  await field.click();
  await page.keyboard.press('?');
  await expect(field).toHaveValue(/\?$/);
  await expect(help).toHaveCount(0);
});
