// Deep links in web mode: an address down to a stream, a tab, an entry id or a group lands there
// (token flow intact), a reload keeps the place, moving around updates the address, "Copy link" gives
// the address without the token, a second window opened on that link lands on the same place, and a
// malformed link lands on the Overview instead of failing.
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { expect, REDIS_URL, test } from './fixtures';

/** Clicks "Copy link to this view" and returns the copied address (null when the clipboard cannot be read here). */
async function copyLink(page: Page): Promise<string | null> {
  await page.getByRole('button', { name: 'Copy link to this view' }).click();
  const status = page.getByRole('status').filter({ hasText: /Link copied|the link is/ });
  await expect(status).toBeVisible();
  return (await status.textContent())!.includes('Link copied')
    ? await page.evaluate(() => navigator.clipboard.readText()).catch(() => null)
    : ((await status.locator('code').textContent()) ?? null);
}

const stream = `e2e-links-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

test.afterAll(() => {
  redisCli('DEL', stream);
});

test('a link lands on the entry, reload keeps the place, and the address follows the view', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'desktop windows have no address bar; streamscope:// links are not covered here');
  const ids = [1, 2, 3].map((n) => redisCli('XADD', stream, '*', 'msg', JSON.stringify({ n })));
  const base = new URL(page.url());
  expect(base.searchParams.get('token'), 'web mode opened with its token').toBeTruthy();

  const link = new URL(base.href);
  link.hash = `#/stream/${encodeURIComponent(stream)}?entry=${ids[1]}`;
  await page.goto(link.href);
  const view = page.getByRole('region', { name: `Stream ${stream}` });
  await expect(view).toBeVisible();
  await expect(view.getByRole('tab', { name: 'Entries' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('complementary', { name: `Entry ${ids[1]}` })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('complementary', { name: `Entry ${ids[1]}` })).toBeVisible();
  expect(new URL(page.url()).hash).toBe(`#/stream/${encodeURIComponent(stream)}?entry=${ids[1]}`);

  // Another tab: the address follows, and a reload lands on that tab.
  await view.getByRole('tab', { name: 'Pending' }).click();
  await expect.poll(() => new URL(page.url()).hash).toBe(`#/stream/${encodeURIComponent(stream)}/pending`);
  await page.reload();
  await expect(page.getByRole('region', { name: `Stream ${stream}` }).getByRole('tab', { name: 'Pending' })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  // Copy link: this view's address, without the per-launch token.
  const copied = await copyLink(page);
  if (copied !== null) {
    expect(copied).toContain(`#/stream/${encodeURIComponent(stream)}/pending`);
    expect(copied).not.toContain('token=');
  }

  // A link to a view, and a malformed one: the Overview, not an error.
  await page.goto(`${base.origin}${base.pathname}${base.search}#/broadcast`);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Broadcast', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await page.goto(`${base.origin}${base.pathname}${base.search}#/stream/%E0%A4%A/nonsense?entry=x`);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Overview', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
});

test('a link to a group opens its Groups tab with the group marked; a second window on the copied link lands there too', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'desktop windows have no address bar; streamscope:// links are not covered here');
  const groups = Array.from({ length: 3 }, (_, i) => `links-group-${i}`);
  redisCli('XADD', stream, '*', 'msg', '{"n":0}');
  for (const g of groups) redisCli('XGROUP', 'CREATE', stream, g, '0');
  const base = new URL(page.url());
  const hash = `#/stream/${encodeURIComponent(stream)}/groups?group=${groups[1]}`;
  const link = new URL(base.href);
  link.hash = hash;

  const landsOnGroup = async (p: typeof page) => {
    const view = p.getByRole('region', { name: `Stream ${stream}` });
    await expect(view.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
    const table = view.getByRole('table', { name: 'Groups' });
    await expect(table.getByRole('row', { name: new RegExp(`^${groups[1]}\\b`) })).toHaveAttribute('aria-current', 'true');
    for (const other of [groups[0], groups[2]]) {
      await expect(table.getByRole('row', { name: new RegExp(`^${other}\\b`) })).not.toHaveAttribute('aria-current', 'true');
    }
  };
  await page.goto(link.href);
  await landsOnGroup(page);
  expect(new URL(page.url()).hash).toBe(hash);

  // Copy link keeps the group; a second window of the same browser opens it without the token.
  const copied = await copyLink(page);
  const shared = copied ?? `${base.origin}${base.pathname}${hash}`;
  expect(shared).toContain(hash);
  expect(shared).not.toContain('token=');
  const second = await page.context().newPage();
  try {
    await second.goto(shared);
    await expect(second.getByRole('status', { name: 'Redis ready' })).toBeVisible();
    await landsOnGroup(second);
  } finally {
    await second.close();
  }

  // Another tab drops the group from the address.
  await page
    .getByRole('region', { name: `Stream ${stream}` })
    .getByRole('tab', { name: 'Pending' })
    .click();
  await expect.poll(() => new URL(page.url()).hash).toBe(`#/stream/${encodeURIComponent(stream)}/pending`);
});
