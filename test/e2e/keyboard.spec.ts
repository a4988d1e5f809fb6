// Keyboard only: a developer can reach a stream, switch its tabs, publish to it and back out of a
// dialog without touching the mouse.
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, REDIS_URL, test } from './fixtures';

const stream = `e2e-keys-${Date.now().toString(36)}`;
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.afterAll(() => {
  redisCli('DEL', stream);
});

/** Presses Tab until `target` has focus (bounded, so a focus trap fails the test instead of hanging). */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${String(target)} with Tab in ${max} presses`);
}

test('reach a stream, switch tabs, publish and close a dialog with the keyboard', async ({ page }) => {
  redisCli('XADD', stream, '*', 'msg', JSON.stringify({ step: 'typed' }));
  await expect(page.getByRole('status', { name: /^Redis / })).toHaveText(/ready/);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();

  const nav = page.getByRole('navigation', { name: 'Main' });
  const streamButton = nav.getByRole('button', { name: stream, exact: true });
  await expect(streamButton).toBeVisible();
  await streamButton.focus();
  await page.keyboard.press('Enter');
  const view = page.getByRole('region', { name: `Stream ${stream}` });
  await expect(view).toBeVisible();

  // Tabs follow the WAI-ARIA pattern: arrow keys move between them.
  const entriesTab = page.getByRole('tab', { name: 'Entries' });
  await entriesTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(entriesTab).toHaveAttribute('aria-selected', 'true');

  // A dialog takes focus, keeps Tab inside, and Escape closes it.
  const prune = page.getByRole('button', { name: 'Prune…' });
  await prune.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Publish with the keyboard.
  const publishNav = nav.getByRole('button', { name: 'Publish', exact: true });
  await publishNav.focus();
  await page.keyboard.press('Enter');
  const name = page.getByLabel('Stream name', { exact: true });
  await name.focus();
  await page.keyboard.type(stream);
  const payload = page.getByLabel('Payload (JSON template)');
  await payload.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('{"step": "sent by keyboard"}');
  await tabTo(page, page.getByRole('button', { name: 'Send', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Added to ${stream}` })).toBeVisible();
  expect(redisCli('XREVRANGE', stream, '+', '-', 'COUNT', '1')).toContain('sent by keyboard');
});
