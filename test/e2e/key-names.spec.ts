// A stream whose key is not valid UTF-8, end to end in the browser: the name crosses the WebSocket
// with escaped bytes (\udcff in JSON), is shown as \xNN, and opening it pages its entries.
import { Redis } from 'ioredis';
import { expect, REDIS_URL, test } from './fixtures';

test('a stream whose key is not valid UTF-8 is listed with \\xNN escapes and opens', async ({ page }) => {
  const prefix = `names-e2e-${Math.random().toString(36).slice(2, 8)}-`;
  const key = Buffer.concat([Buffer.from(prefix), Buffer.from([0xff, 0xfe])]);
  const shown = `${prefix}\\xFF\\xFE`;
  const redis = new Redis(REDIS_URL);
  try {
    await redis.xadd(key, '*', 'msg', JSON.stringify({ greeting: `hello from ${prefix}` }));
    await page.reload();
    const open = page.getByRole('button', { name: `Open stream ${shown}` });
    await expect(open).toBeVisible({ timeout: 15_000 });
    await expect(open).toHaveText(shown);
    await open.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`stream ${shown}`);
    await expect(page.getByText(`hello from ${prefix}`).first()).toBeVisible();
  } finally {
    await redis.del(key);
    redis.disconnect();
  }
});
