// Accessibility audit of every screen against web mode and the real Redis, one test per screen so a
// failure names it: axe-core finds no serious or critical violation, Tab reaches every control with
// a visible focus indicator, dialogs trap focus and give it back on Escape, tabs move with the arrow
// keys, and destructive actions ask first. The streams, groups and channel are this spec's own
// (unique names) and are deleted afterwards.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, REDIS_URL, test } from './fixtures';
import { expectArrowTabs, expectKeyboardWalk, expectModalDialog, expectNoSeriousViolations } from './a11y';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const stream = `a11y-orders-${suffix}`;
const group = `a11y-billing-${suffix}`;
const channel = `a11y-news-${suffix}`;
const deadLetters = `${stream}.dead-letter`;
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-u', REDIS_URL, ...args], { encoding: 'utf8' }).trim();

// Tab walks press a key per control and read the focus each time: slower than a plain path.
test.describe.configure({ timeout: 180_000 });

// Not serial: every screen reports even when another fails. A failure restarts the worker, which
// runs beforeAll again, so seeding starts from nothing each time.
test.beforeAll(() => {
  redisCli('DEL', stream, deadLetters);
  for (let i = 0; i < 30; i++)
    redisCli('XADD', stream, '*', 'msg', JSON.stringify({ jobName: `job-${i}`, state: i % 3 ? 'RUNNING' : 'FAILED' }));
  redisCli('XGROUP', 'CREATE', stream, group, '0');
  // Five entries delivered to a consumer that never acks: pending entries to look at.
  redisCli('XREADGROUP', 'GROUP', group, 'worker-1', 'COUNT', '5', 'STREAMS', stream, '>');
  const first = redisCli('XRANGE', stream, '-', '+', 'COUNT', '1').split('\n')[0];
  redisCli(
    'XADD',
    deadLetters,
    '*',
    'msg',
    '{"jobName":"poison"}',
    'originalId',
    first,
    'stream',
    stream,
    'group',
    group,
    'consumer',
    'worker-1',
    'deliveries',
    '5',
    'error',
    'handler threw',
    'deadAt',
    String(Date.now()),
  );
});

test.afterAll(() => {
  redisCli('DEL', stream, deadLetters, `streamscope:presence-index:{${stream}}`);
});

async function ready(page: Page) {
  await expect(page.getByRole('status', { name: /^Redis / })).toHaveText(/ready/);
}

async function openStream(page: Page, tab?: string) {
  await ready(page);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: stream, exact: true }).click();
  const view = page.getByRole('region', { name: `Stream ${stream}` });
  await expect(view).toBeVisible();
  if (tab) await page.getByRole('tab', { name: tab, exact: true }).click();
  return view;
}

const main = (page: Page) => page.getByRole('main');

test('Overview with streams', async ({ page }) => {
  await ready(page);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  // Only this spec's rows, so the walk does not depend on what else the shared Redis holds.
  await page.getByPlaceholder('Filter streams and channels').fill(`a11y-orders-${suffix}`);
  await expect(page.getByRole('button', { name: `Open stream ${stream}`, exact: true })).toBeVisible();
  await expectNoSeriousViolations(page, 'Overview');
  await expectKeyboardWalk(page, main(page), 'Overview');
  // The sidebar's navigation is reachable and marks where you are.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Overview', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  // With more than 8 streams the sidebar has its own filter: narrow it too, so the walk stays short.
  const navFilter = page.getByLabel('Filter the stream list');
  if (await navFilter.isVisible()) await navFilter.fill(stream);
  await expectKeyboardWalk(page, page.getByRole('navigation', { name: 'Main' }), 'Sidebar');

  // A filter that matches nothing: the empty state says so and offers to clear it.
  await page.getByPlaceholder('Filter streams and channels').fill(`nothing-matches-${suffix}`);
  await expect(page.getByRole('status').filter({ hasText: 'No stream matches' })).toBeVisible();
  await expectNoSeriousViolations(page, 'Overview, no stream matches the filter');
  await expectKeyboardWalk(page, main(page), 'Overview, no match');
});

test.describe('Overview of an empty Redis', () => {
  let redis: PrivateRedis | undefined;
  let server: ChildProcess | undefined;
  test.afterAll(async () => {
    server?.kill('SIGTERM');
    await redis?.dispose();
  });

  test('Overview without streams: the empty state says what to do next', async ({ page }, testInfo) => {
    test.skip(
      testInfo.project.name === 'electron',
      'needs a second web-mode server on an empty private Redis; the desktop window stays on the configured Redis',
    );
    redis = await startPrivateRedis({ appendonly: false });
    server = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'electron/web/cli.ts', '--port', '0', '--redis', redis.url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (b: Buffer) => {
        out += b.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(out);
        if (m) resolve(m[0]);
      };
      server!.stdout!.on('data', onData);
      server!.stderr!.on('data', onData);
      server!.once('exit', (code) => reject(new Error(`web mode on the empty Redis exited (${code}):\n${out}`)));
    });
    await page.goto(url);
    await ready(page);
    const empty = page.getByRole('status').filter({ hasText: 'This Redis has no streams or broadcast channels yet' });
    await expect(empty).toBeVisible();
    await expect(empty.getByRole('button', { name: 'Start the demo' })).toBeVisible();
    await expectNoSeriousViolations(page, 'Overview of an empty Redis');
    await expectKeyboardWalk(page, main(page), 'Overview of an empty Redis');
  });
});

test('Connection bar and the profiles dialog', async ({ page }) => {
  await ready(page);
  const bar = page.getByRole('banner', { name: 'Connection' }).or(page.locator('header.connection-bar'));
  await expectNoSeriousViolations(page, 'Connection bar', 'header.connection-bar');
  await expectKeyboardWalk(page, bar.first(), 'Connection bar');
  const dialog = page.getByRole('dialog', { name: 'Connections' });
  await expectModalDialog(page, page.getByRole('button', { name: 'Connections…' }), dialog);
  await page.getByRole('button', { name: 'Connections…' }).click();
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page, 'Profiles dialog');
});

test('Stream view: Entries, the JSON detail, journey and re-publish', async ({ page }) => {
  const view = await openStream(page);
  await expect(page.getByRole('grid', { name: 'Entries' })).toBeVisible();
  await expectArrowTabs(page, page.getByRole('tablist', { name: 'Stream views' }));
  await page.getByRole('tab', { name: 'Entries', exact: true }).click();
  await expect(page.getByText('job-29').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'Entries tab');
  await expectKeyboardWalk(page, view, 'Entries tab');

  // Select an entry with the keyboard: the rows container takes arrow keys.
  await page.getByLabel('Entries rows (arrow keys select)').focus();
  await page.keyboard.press('ArrowDown');
  const detail = page.getByRole('complementary', { name: /^Entry / });
  await expect(detail).toBeVisible();
  await expect(detail.getByLabel('Entry JSON')).toContainText('jobName');
  await detail.getByRole('button', { name: /journey/i }).click();
  await expect(detail.getByText(/produced/i).first()).toBeVisible();
  await expectNoSeriousViolations(page, 'Entry detail with its journey');
  await expectKeyboardWalk(page, detail, 'Entry detail');

  // Re-publishing writes a new entry: it asks first, and Cancel writes nothing.
  const before = redisCli('XLEN', stream);
  const confirm = page.getByRole('alertdialog');
  await expectModalDialog(page, detail.getByRole('button', { name: /Re-publish/ }), confirm, async () => {
    await expectNoSeriousViolations(page, 'Re-publish dialog');
  });
  expect(redisCli('XLEN', stream)).toBe(before);
});

test('Stream view: Groups, with create, delete and set-position confirmations', async ({ page }) => {
  const view = await openStream(page, 'Groups');
  const table = page.getByRole('table', { name: 'Groups' });
  await expect(table.getByText(group)).toBeVisible();
  await expectNoSeriousViolations(page, 'Groups tab');
  await expectKeyboardWalk(page, view, 'Groups tab');

  // Deleting a group and moving its position both ask first; Cancel leaves Redis as it was.
  await expectModalDialog(page, page.getByRole('button', { name: `Delete group ${group}` }), page.getByRole('alertdialog'), async () => {
    await expectNoSeriousViolations(page, 'Delete group confirmation');
  });
  await expectModalDialog(
    page,
    page.getByRole('button', { name: `Set position of ${group}` }),
    page.getByRole('dialog').or(page.getByRole('alertdialog')),
    async () => {
      await expectNoSeriousViolations(page, 'Set position dialog');
    },
  );
  expect(redisCli('XINFO', 'GROUPS', stream)).toContain(group);

  // Create a group from the form with the keyboard, then delete it through the confirmation.
  const created = `a11y-created-${suffix}`;
  const form = page.getByRole('form', { name: 'Create group' });
  await form.getByRole('textbox').first().fill(created);
  await form.getByRole('textbox').first().press('Enter');
  await expect(table.getByText(created)).toBeVisible();
  await page.getByRole('button', { name: `Delete group ${created}` }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: /^Delete/ })
    .click();
  await expect(table.getByText(created)).toBeHidden();
  expect(redisCli('XINFO', 'GROUPS', stream)).not.toContain(created);
});

test('Join panel and Instances with a hosted instance: crash confirms, leave ends it', async ({ page }) => {
  const view = await openStream(page);
  const instance = `a11y-pod-${suffix}`;
  const dialog = page.getByRole('dialog', { name: `Join ${stream} as an instance` });
  await expectModalDialog(page, page.getByRole('button', { name: 'Join as instance' }).first(), dialog, async () => {
    await expectNoSeriousViolations(page, 'Join panel');
  });
  await page.getByRole('button', { name: 'Join as instance' }).first().click();
  const form = page.getByRole('form', { name: 'Join instance form' });
  await form.getByLabel('Service (group)').selectOption({ label: 'New group…' });
  await form.getByLabel('New group name').fill(group);
  await form.getByLabel('Instance name').fill(instance);
  await form.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(form.getByRole('status')).toContainText(`as ${instance}`);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('tab', { name: 'Instances', exact: true }).click();
  const leave = page.getByRole('button', { name: `Leave ${instance}` });
  try {
    await expect(page.getByRole('button', { name: `Crash ${instance}` })).toBeVisible();
    await expectNoSeriousViolations(page, 'Instances tab with a hosted instance');
    await expectKeyboardWalk(page, view, 'Instances tab');
    await expectModalDialog(page, page.getByRole('button', { name: `Crash ${instance}` }), page.getByRole('alertdialog'), async () => {
      await expectNoSeriousViolations(page, 'Crash confirmation');
    });
    await expect(page.getByRole('button', { name: `Pause ${instance}` })).toBeVisible();
  } finally {
    // Leaving is graceful (nothing lost), so it does not ask. Also on failure: a hosted instance
    // left running would re-create the stream after afterAll deleted it.
    await page.keyboard.press('Escape');
    if (await leave.isVisible()) await leave.click();
  }
  await expect(page.getByRole('button', { name: `Pause ${instance}` })).toBeHidden();
});

test('Stream view: Flow', async ({ page }) => {
  const view = await openStream(page, 'Flow');
  await expect(view.getByRole('group', { name: `Delivery flow of ${stream}: 1 group(s)` })).toBeVisible();
  await expectNoSeriousViolations(page, 'Flow tab');
  await expectKeyboardWalk(page, view, 'Flow tab');
});

test('Stream view: Pending and dead letters, ACK and Replay confirm', async ({ page }) => {
  // A group of this test's own: the instance hosted by the Join test claims (and handles) entries
  // left idle in its group, as it should, so those are not a fixed set of pending entries.
  const pendingGroup = `a11y-pending-${suffix}`;
  redisCli('XGROUP', 'CREATE', stream, pendingGroup, '0');
  redisCli('XREADGROUP', 'GROUP', pendingGroup, 'worker-2', 'COUNT', '5', 'STREAMS', stream, '>');
  const view = await openStream(page, 'Pending');
  const filters = page.getByRole('group', { name: 'Pending filters' });
  await filters.getByLabel('Group').selectOption(pendingGroup);
  const rows = page.getByRole('checkbox', { name: /^Select \d+-\d+$/ });
  await expect.poll(async () => (await page.getByRole('button', { name: 'Refresh pending' }).click(), await rows.count())).toBe(5);
  await expect(page.getByRole('region', { name: 'Dead letters' }).getByText('handler threw')).toBeVisible();
  await expectNoSeriousViolations(page, 'Pending tab with dead letters');
  await expectKeyboardWalk(page, view, 'Pending tab');

  // Select with the keyboard (Space on a checkbox), then ACK asks first; Cancel keeps them pending.
  await rows.first().focus();
  await page.keyboard.press('Space');
  await expect(rows.first()).toBeChecked();
  const bulk = page.getByRole('group', { name: 'Bulk actions' });
  await expectModalDialog(page, bulk.getByRole('button', { name: /^ACK/ }), page.getByRole('alertdialog'), async () => {
    await expectNoSeriousViolations(page, 'ACK confirmation');
  });
  expect(redisCli('XPENDING', stream, pendingGroup).split('\n')[0]).toBe('5');

  // Replaying a dead letter re-delivers it to every group: it asks first, and Escape replays nothing.
  const dead = page.getByRole('region', { name: 'Dead letters' });
  const length = redisCli('XLEN', stream);
  await dead
    .getByRole('checkbox', { name: /^Select dead letter / })
    .first()
    .check();
  await expectModalDialog(page, dead.getByRole('button', { name: 'Replay selected (1)' }), page.getByRole('alertdialog'), async () => {
    await expect(page.getByRole('alertdialog', { name: `Replay 1 dead letter onto ${stream}?` })).toBeVisible();
    await expectNoSeriousViolations(page, 'Replay confirmation');
  });
  expect(redisCli('XLEN', stream)).toBe(length);
});

test('Stream view: Charts', async ({ page }) => {
  const view = await openStream(page, 'Charts');
  await expect(view.locator('canvas, svg[role=img], [role=img]').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'Charts tab');
  await expectKeyboardWalk(page, view, 'Charts tab');
});

test('Prune dialog: preview, then a confirmation before anything is deleted', async ({ page }) => {
  await openStream(page);
  const dialog = page.getByRole('dialog', { name: `Prune ${stream}` });
  await expectModalDialog(page, page.getByRole('button', { name: 'Prune…' }), dialog);
  await page.getByRole('button', { name: 'Prune…' }).click();
  await dialog.getByLabel('Entries to keep').fill('10');
  // Safe mode would keep everything here (the group has not been delivered most entries).
  await dialog.getByRole('checkbox', { name: /Safe mode/ }).uncheck();
  await dialog.getByRole('button', { name: /Preview/ }).click();
  await expect(dialog.getByRole('region', { name: 'Prune preview' })).toBeVisible();
  await expectNoSeriousViolations(page, 'Prune dialog with a preview');
  await expectKeyboardWalk(page, dialog, 'Prune dialog');
  await dialog
    .getByRole('button', { name: /^Prune/ })
    .last()
    .click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toBeVisible();
  await expectNoSeriousViolations(page, 'Prune confirmation');
  // Escape closes only the confirmation; nothing was deleted.
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(dialog).toBeVisible();
  expect(Number(redisCli('XLEN', stream))).toBe(30);
});

test('Publish panel', async ({ page }) => {
  await ready(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Publish', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Publish' });
  await expect(panel).toBeVisible();
  await page.getByLabel('Stream name', { exact: true }).fill(stream);
  // An invalid payload shows its problem inline, in words.
  await page.getByLabel('Payload (JSON template)').fill('{"jobName": ');
  await expect(panel.getByText(/JSON|Unexpected|expected/i).first()).toBeVisible();
  await expectNoSeriousViolations(page, 'Publish panel with an invalid payload');
  await page.getByLabel('Payload (JSON template)').fill('{"jobName": "a11y"}');
  await expectNoSeriousViolations(page, 'Publish panel');
  await expectKeyboardWalk(page, panel, 'Publish panel');
});

test('Broadcast view and fan-out', async ({ page }) => {
  await ready(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Broadcast', exact: true }).click();
  const view = page.getByRole('region', { name: 'Broadcast' });
  await expect(view).toBeVisible();
  const subscribe = page.getByRole('form', { name: 'Subscribe form' });
  await subscribe.getByRole('textbox').first().fill(channel);
  await subscribe.getByRole('button', { name: /Subscribe/ }).click();
  await expect(page.getByRole('button', { name: `Unsubscribe channel ${channel}` })).toBeVisible();
  const publish = page.getByRole('form', { name: 'Publish broadcast form' });
  await publish.getByRole('textbox').first().fill(channel);
  await publish.getByRole('textbox').nth(1).fill('{"headline": "a11y"}');
  await publish.getByRole('button', { name: /Publish/ }).click();
  await expect(view.getByText('a11y').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Fan-out' })).toBeVisible();
  await expectNoSeriousViolations(page, 'Broadcast view with a message and its fan-out');
  await expectKeyboardWalk(page, view, 'Broadcast view');
  await page.getByRole('button', { name: `Unsubscribe channel ${channel}` }).click();
});
