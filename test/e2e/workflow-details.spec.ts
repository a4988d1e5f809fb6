// Details of daily work at 1440 px against the real Redis: Broadcast starts with one subscriber,
// tells a pattern subscription from a channel one (list and fan-out table), and disables Publish on
// invalid JSON saying why; every publish form shows the size limit up front; "Tail" tails, and subscriptions outlive the view until ended from the header; the Flow picture gives a truncated name in full on hover and on keyboard focus; the Overview
// filter shows its whole placeholder; msgs/s numbers line up with their sparklines.
import { execFileSync, spawn } from 'node:child_process';
import { expect, REDIS_URL, test } from './fixtures';

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const channel = `e2e-details-${suffix}`;
const stream = `e2e-details-${suffix}`;
const group = `a-group-name-well-beyond-twenty-characters-${suffix}`;
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.use({ viewport: { width: 1440, height: 900 } });
test.afterAll(() => {
  redisCli('DEL', stream, `${stream}-other`);
});

test('broadcast: one subscriber by default, pattern and channel told apart, publish checks the JSON', async ({ page }) => {
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Broadcast', exact: true }).click();
  const subscribe = page.getByRole('form', { name: 'Subscribe form' });
  await expect(subscribe.getByLabel('Subscribers')).toHaveValue('1');
  await subscribe.getByLabel('Channel or pattern').fill(channel);
  await subscribe.getByRole('button', { name: 'Subscribe' }).click();
  await subscribe.getByLabel('Channel or pattern').fill(`${channel}*`);
  await subscribe.getByLabel('Pattern (glob)').check();
  await subscribe.getByRole('button', { name: 'Subscribe' }).click();
  const list = page.getByRole('list', { name: 'Subscriptions' });
  await expect(list.getByRole('listitem').filter({ hasText: channel })).toHaveText([
    new RegExp(`^channel ${channel} ×1`),
    new RegExp(`^pattern ${channel}\\* ×1`),
  ]);

  const publish = page.getByRole('form', { name: 'Publish broadcast form' });
  await publish.getByLabel('Publish to channel').fill(channel);
  const payload = publish.getByLabel('Payload (JSON)');
  await payload.fill('{"headline": ');
  await expect(publish.getByRole('button', { name: 'Publish' })).toBeDisabled();
  await expect(payload).toHaveAttribute('aria-invalid', 'true');
  await expect(publish.getByText(/The payload is not valid JSON/)).toBeVisible();
  await payload.fill('{"headline": "both subscriptions get it"}');
  await expect(publish.getByText('Valid JSON.')).toBeVisible();
  await publish.getByRole('button', { name: 'Publish' }).click();
  const fanout = page.getByRole('table', { name: 'Fan-out per message' });
  await expect(fanout.getByRole('columnheader')).toContainText([`channel ${channel}`, `pattern ${channel}*`]);
  await expect(fanout.getByRole('cell', { name: `pattern ${channel}* got it` })).toBeVisible();
  for (const name of [`channel ${channel}`, `pattern ${channel}*`]) await list.getByRole('button', { name: `Unsubscribe ${name}` }).click();
});

test('broadcast: "Tail" tails at once, and the subscription and its tail outlive the view until ended from the header', async ({
  page,
}) => {
  const tailed = `${channel}-tailed`;
  // Another program listening on the channel, so Redis lists it among the active channels.
  const listener = spawn('redis-cli', ['-u', REDIS_URL, 'SUBSCRIBE', tailed], { stdio: 'ignore' });
  try {
    await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
    const main = page.getByRole('navigation', { name: 'Main' });
    await main.getByRole('button', { name: 'Broadcast', exact: true }).click();
    const channels = page.getByRole('region', { name: 'Channels' });
    const tail = channels.getByRole('button', { name: `Tail ${tailed}`, exact: true });
    await expect
      .poll(async () => (await channels.getByRole('button', { name: 'Refresh channels' }).click(), await tail.count()), {
        message: 'the channel is listed once redis-cli subscribes',
      })
      .toBe(1);
    await tail.click();
    const list = page.getByRole('list', { name: 'Subscriptions' });
    await expect(list.getByRole('listitem').filter({ hasText: tailed })).toHaveText(new RegExp(`^channel ${tailed} ×1`));
    const liveTail = page.getByRole('region', { name: 'Live tail' });
    // Published until the tail shows it: the subscription may still be starting on the first try.
    await expect
      .poll(async () => (redisCli('PUBLISH', tailed, '{"n":"before leaving"}'), await liveTail.textContent()))
      .toContain('before leaving');
    await expect(liveTail).toContainText('before leaving');

    // Away from the view: the header counts the subscription, and it keeps receiving.
    await main.getByRole('button', { name: 'Overview', exact: true }).click();
    await expect(liveTail).toBeHidden();
    const badge = page.getByRole('button', { name: '1 subscription', exact: true });
    await expect(badge).toBeVisible();
    const receiversWhileTailed = Number(redisCli('PUBLISH', tailed, '{"n":"while away"}'));

    await main.getByRole('button', { name: 'Broadcast', exact: true }).click();
    await expect(list.getByRole('listitem').filter({ hasText: tailed })).toHaveCount(1);
    await expect(liveTail).toContainText('before leaving');
    await expect(liveTail).toContainText('while away');

    // Ended from the header, from any view.
    await main.getByRole('button', { name: 'Overview', exact: true }).click();
    await badge.click();
    const dialog = page.getByRole('dialog', { name: 'Broadcast subscriptions' });
    await dialog.getByRole('button', { name: `End channel ${tailed}` }).click();
    await expect(dialog.getByText('No broadcast subscription runs.')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(badge).toBeHidden();
    await expect
      .poll(() => Number(redisCli('PUBLISH', tailed, '{"n":"after the end"}')), { message: 'one receiver fewer once ended' })
      .toBe(receiversWhileTailed - 1);
  } finally {
    listener.kill();
  }
});

test('every publish form shows the size limit before it is reached and refuses a payload over it in the same words', async ({ page }) => {
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  const main = page.getByRole('navigation', { name: 'Main' });
  const tooBig = `"${'x'.repeat(1_000_000)}"`;
  const overLimit = 'The payload is 1,000,002 bytes, over the 1 MB limit (1,000,000 bytes).';

  await main.getByRole('button', { name: 'Publish', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Publish' });
  await panel.getByLabel('Stream name', { exact: true }).fill(stream);
  const template = panel.getByLabel('Payload (JSON template)');
  await expect(panel.locator('.payload-meter')).toContainText(/^Valid JSON\..* B of up to 1 MB$/);
  await template.fill(tooBig);
  await expect(panel.locator('.payload-meter')).toContainText(overLimit);
  await expect(template).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();

  await main.getByRole('button', { name: 'Broadcast', exact: true }).click();
  const form = page.getByRole('form', { name: 'Publish broadcast form' });
  await form.getByLabel('Publish to channel').fill(channel);
  await expect(form.locator('.payload-meter')).toContainText(/^Valid JSON\..* B of up to 1 MB$/);
  await form.getByLabel('Payload (JSON)').fill(tooBig);
  await expect(form.locator('.payload-meter')).toContainText(overLimit);
  await expect(form.getByRole('button', { name: 'Publish' })).toBeDisabled();
});

test('flow names in full on hover and on focus; the overview filter and msgs/s column at 1440 px', async ({ page }) => {
  redisCli('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM');
  redisCli('XADD', stream, '*', 'msg', '{"n":1}');
  redisCli('XREADGROUP', 'GROUP', group, 'reader', 'COUNT', '1', 'STREAMS', stream, '>');
  redisCli('XADD', `${stream}-other`, '*', 'msg', '{"n":2}'); // rows to line up do not depend on other tests' streams
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();

  // The filter's placeholder is not cut: its text fits the box it is drawn in.
  const filter = page.getByRole('searchbox', { name: 'Filter streams and channels' });
  const room = await filter.evaluate((el: HTMLInputElement) => {
    const style = getComputedStyle(el);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return inner - ctx.measureText(el.placeholder).width;
  });
  expect(room, 'room left after the placeholder (px)').toBeGreaterThanOrEqual(0);

  // msgs/s: every row's sparkline starts at the same x, and every number ends at the same x.
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  const rates = page.getByRole('table').first().locator('.rate');
  await expect.poll(() => rates.count()).toBeGreaterThan(1);
  const edges = await rates.evaluateAll((cells) =>
    cells.slice(0, 20).map((cell) => {
      const spark = cell.querySelector('.sparkline')!.getBoundingClientRect();
      const num = cell.querySelector('.num')!.getBoundingClientRect();
      return { spark: Math.round(spark.left), num: Math.round(num.right) };
    }),
  );
  expect(new Set(edges.map((e) => e.spark)).size, 'sparklines start at one x').toBe(1);
  expect(new Set(edges.map((e) => e.num)).size, 'numbers end at one x').toBe(1);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true }).click();
  await page.getByRole('tab', { name: 'Flow' }).click();
  const node = page.locator(`g.ss-flow-node[data-node]`).filter({ hasText: group.slice(0, 19) });
  await expect(node.locator('text').first()).toHaveText(`${group.slice(0, 19)}…`);
  await node.hover();
  await expect(node.locator('title')).toHaveText(new RegExp(`^group ${group}: `));
  await page.mouse.move(0, 0);
  const fullName = page.locator('g.ss-flow-fullname');
  await expect(fullName).toHaveCount(0);

  // The keyboard reaches the same name: Tab from the stream's node lands on the group's, whose
  // accessible name and the box shown above it carry the name in full.
  const picture = page.getByRole('group', { name: `Delivery flow of ${stream}: 1 group(s)` });
  await picture.getByRole('img', { name: new RegExp(`^stream ${stream}: `) }).focus();
  await page.keyboard.press('Tab');
  const groupNode = picture.getByRole('img', { name: new RegExp(`^group ${group}: `) });
  await expect(groupNode).toBeFocused();
  await expect(fullName).toBeVisible();
  await expect(fullName).toHaveText(group);
  const [box, frame] = await Promise.all([fullName.boundingBox(), picture.boundingBox()]);
  expect(box!.x + box!.width, 'the full name stays inside the picture').toBeLessThanOrEqual(frame!.x + frame!.width + 1);
  await page.keyboard.press('Tab');
  await expect(groupNode).not.toBeFocused();
  await expect(fullName).toHaveCount(0); // the next node, the short-named reader, needs no box
});
