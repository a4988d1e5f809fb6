// Sharded pub/sub in the Broadcast view against the real Redis 7: a sharded subscription (SSUBSCRIBE)
// next to a classic one on the same name, the channel listed as sharded, a sharded publish
// (SPUBLISH) reaching only the sharded subscriber, and a sharded pattern refused with the reason.
import { expect, test } from './fixtures';

const channel = `e2e-ssub-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

test('subscribe and publish with sharded pub/sub next to classic channels', async ({ page }) => {
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Broadcast', exact: true }).click();
  const subscribe = page.getByRole('form', { name: 'Subscribe form' });
  await subscribe.getByLabel('Channel or pattern').fill(`${channel}*`);
  await subscribe.getByLabel('Pattern (glob)').check();
  await subscribe.getByLabel('Sharded (SSUBSCRIBE)').check();
  await subscribe.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Redis has no sharded pattern subscription' })).toBeVisible();

  await subscribe.getByLabel('Channel or pattern').fill(channel);
  await subscribe.getByLabel('Pattern (glob)').uncheck();
  await subscribe.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('button', { name: `Unsubscribe sharded channel ${channel}` })).toBeVisible();
  await subscribe.getByLabel('Sharded (SSUBSCRIBE)').uncheck();
  await subscribe.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('button', { name: `Unsubscribe channel ${channel}` })).toBeVisible();

  const rows = page.getByRole('table', { name: 'Channel list' }).getByRole('row').filter({ hasText: channel });
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'sharded' })).toHaveCount(1);

  const publish = page.getByRole('form', { name: 'Publish broadcast form' });
  await publish.getByLabel('Publish to channel').fill(channel);
  await publish.getByLabel('Payload (JSON)').fill('{"via": "spublish"}');
  await publish.getByLabel('Sharded (SPUBLISH)').check();
  await publish.getByRole('button', { name: 'Publish' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Published to sharded channel ${channel}: received by 1 subscriber.` }),
  ).toBeVisible();
  const tail = page.getByRole('region', { name: 'Live tail' });
  await expect(tail.getByText(/spublish/).first()).toBeVisible();

  await page.getByRole('button', { name: `Unsubscribe sharded channel ${channel}` }).click();
  await page.getByRole('button', { name: `Unsubscribe channel ${channel}` }).click();
});
