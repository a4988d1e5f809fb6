// The console against a Redis Cluster, end to end: a private 3-master cluster
// (scripts/redis-cluster.sh) and a second web-mode server connected to it by a `?cluster=true`
// URL. Streams made by `redis-cli -c` on three different masters are all listed with the node
// and slot serving them; one is opened (its header says where it lives), a message published
// from the UI shows up in it, and a hosted instance joins and consumes.
import { execFileSync } from 'node:child_process';
import type { BrowserContext, Page } from '@playwright/test';
import { missingRedisTools, startCluster, type TestCluster } from '../cluster/cluster';
import { expect, test } from './fixtures';
import { startWebMode, type WebMode } from './web-mode';

/** Preferred first port (the test/cluster suites use 7301-7335); moves on if taken. */
const BASE = 7341;
const missing = missingRedisTools();
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

test('on a Redis Cluster: streams of every master with node and slot, open, publish, join', async ({ lazyBrowser, viewport }, testInfo) => {
  test.skip(missing !== null, `needs redis-server and redis-cli to start a cluster: ${missing}`);
  test.skip(testInfo.project.name !== 'chromium', 'runs once, in the chromium project: it starts its own web-mode server on the cluster');
  test.setTimeout(150_000);

  let cluster: TestCluster | undefined;
  let web: WebMode | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  try {
    cluster = await startCluster(BASE);
    const seed = cluster.ports[0];
    const cli = (...args: string[]) =>
      execFileSync('redis-cli', ['-c', '-h', '127.0.0.1', '-p', String(seed), ...args], { encoding: 'utf8' }).trim();

    // One stream on each master: names are tried until three land on different masters.
    const streams: Array<{ name: string; node: string; slot: string; job: string }> = [];
    const masters = new Set<number>();
    for (let i = 0; streams.length < 3; i++) {
      if (i > 100) throw new Error(`no 3 stream names on different masters after ${i} tries`);
      const name = `e2e-cluster-${suffix}-${i}`;
      const port = await cluster.masterPortOf(name);
      if (masters.has(port)) continue;
      masters.add(port);
      const job = `from-cli-${streams.length}`;
      streams.push({ name, node: `127.0.0.1:${port}`, slot: cli('CLUSTER', 'KEYSLOT', name), job });
      cli('XADD', name, '*', 'msg', JSON.stringify({ jobName: job }));
    }

    web = await startWebMode(`redis://${cluster.seeds.map((s) => `${s.host}:${s.port}`).join(',')}?cluster=true`);
    context = await (await lazyBrowser()).newContext({ viewport });
    page = await context.newPage();
    await page.goto(web.url);
    await expect(page.getByRole('status', { name: /^Redis / })).toHaveText(/ready/);

    // Overview: every stream (the scan walks each master in turn) with its master and slot.
    const table = page.getByRole('table', { name: 'Streams' });
    for (const s of streams) {
      const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: `Open stream ${s.name}`, exact: true }) });
      await expect(row.getByRole('cell').nth(1)).toHaveText(s.node);
      await expect(row.getByRole('cell').nth(2)).toHaveText(s.slot);
    }
    await expect(table.getByRole('columnheader', { name: 'Node', exact: true })).toBeVisible();

    // Open one: the header says where it lives, the entry written by redis-cli is decoded.
    const target = streams[1];
    await table.getByRole('button', { name: `Open stream ${target.name}`, exact: true }).click();
    const view = page.getByRole('region', { name: `Stream ${target.name}` });
    await expect(view.getByRole('group', { name: 'Cluster node and slot' })).toHaveText(`node ${target.node} slot ${target.slot}`);
    await expect(view.getByText(target.job).first()).toBeVisible();

    // Join a hosted instance first, so it consumes what is published next.
    const group = `e2e-svc-${suffix}`;
    const instance = `e2e-pod-${suffix}`;
    await view.getByRole('button', { name: 'Join as instance' }).click();
    const form = page.getByRole('form', { name: 'Join instance form' });
    await form.getByLabel('Service (group)').selectOption({ label: 'New group…' });
    await form.getByLabel('New group name').fill(group);
    await form.getByLabel('Instance name').fill(instance);
    await form.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(form.getByRole('status')).toContainText(`as ${instance}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();
    await expect(form).toBeHidden();

    // Publish from the UI; the new entry lands on the stream's master and the live tail shows it.
    const tail = view.getByRole('button', { name: 'Live tail' });
    await tail.click();
    await expect(tail).toHaveAttribute('aria-pressed', 'true');
    await view.getByRole('button', { name: 'Publish to stream…' }).click();
    const publish = page.getByRole('dialog', { name: `Publish to ${target.name}` });
    await publish.getByLabel('Payload (JSON template)').fill('{"jobName": "from-ui-{{seq}}"}');
    await publish.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(publish.getByRole('status').filter({ hasText: `Added to ${target.name}` })).toBeVisible();
    await publish.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(view.getByText(/from-ui-/).first()).toBeVisible();
    expect(Number(cli('XLEN', target.name))).toBe(2);

    // The hosted instance is live on the cluster (presence in the stream's slot) and consumed.
    await view.getByRole('tab', { name: 'Instances' }).click();
    const instances = view.getByRole('table', { name: `Instances of ${group}` });
    await expect(instances.getByRole('rowheader', { name: new RegExp(instance) })).toContainText('live');
    const groupInfo = () => {
      const lines = cli('XINFO', 'GROUPS', target.name).split('\n');
      return Object.fromEntries(Array.from({ length: lines.length / 2 }, (_, i) => [lines[2 * i], lines[2 * i + 1]]));
    };
    await expect.poll(() => groupInfo(), { timeout: 30_000 }).toMatchObject({ name: group, 'entries-read': '2', lag: '0', pending: '0' });
  } catch (error) {
    if (page) await testInfo.attach('screenshot', { body: await page.screenshot(), contentType: 'image/png' }).catch(() => undefined);
    throw error;
  } finally {
    // Stopping web mode closes the hosted instance; stopping the cluster deletes every key.
    await context?.close();
    await web?.stop();
    await cluster?.stop();
  }
});
