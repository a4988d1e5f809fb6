// Smoke: Streamscope opens (web mode in Chromium, or the desktop window) and reaches Redis.
import { expect, test } from './fixtures';

test('opens the console and connects to Redis', async ({ page }) => {
  await expect(page).toHaveTitle('Streamscope');
  // The connection bar's state indicator (role=status, "Redis <state>").
  const state = page.getByRole('status', { name: /^Redis / });
  await expect(state).toHaveText(/ready/);
});
