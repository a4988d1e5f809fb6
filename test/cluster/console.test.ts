// The console pointed at a Redis Cluster by URL (`redis://…?cluster=true`): discovery walks every
// master and reports each stream's node and slot; detail, entries, live tail, groups, consumers,
// pending, publish, hosted engine instances, dead letters and broadcast work as on one server.
import { randomBytes } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { keySlot } from '../../electron/engine';
import type { Results } from '../../shared/api';
import type { StreamSummary } from '../../shared/dto';
import type { MethodName } from '../../shared/schemas';
import { collect, onConsoleEvent, value } from '../console/support';
import { poll } from '../helpers/wait';
import { missingRedisTools, startCluster, until, type TestCluster } from './cluster';

/** Preferred first port; the fixture moves to a free range if it is taken. */
const BASE = 7321;
const missing = missingRedisTools();

describe.skipIf(missing !== null)(`console on Redis Cluster${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let cluster: TestCluster;
  let admin: Cluster;
  let console_: ConsoleService;
  const prefix = `cc-${randomBytes(3).toString('hex')}`;
  /** dispatch with the contract's result type (the console checks the arguments). */
  const call = async <M extends MethodName>(method: M, args: Record<string, unknown>): Promise<Results[M]> =>
    value(await console_.dispatch(method, args)) as Results[M];
  /** Stream name → port of the master it lives on; one stream per master. */
  const streams = new Map<string, number>();

  beforeAll(async () => {
    cluster = await startCluster(BASE);
    admin = cluster.connect();
    for (const port of cluster.ports.slice(0, 3)) {
      for (;;) {
        const name = `${prefix}-${randomBytes(3).toString('hex')}`;
        if ((await cluster.masterPortOf(name)) !== port) continue;
        streams.set(name, port);
        for (let n = 0; n < 5; n++) await admin.xadd(name, '*', 'msg', JSON.stringify({ n }));
        await admin.xgroup('CREATE', name, 'audit', '0');
        await admin.xreadgroup('GROUP', 'audit', 'reader-1', 'COUNT', 2, 'STREAMS', name, '>');
        break;
      }
    }
    console_ = await createConsole({ redis: `redis://127.0.0.1:${cluster.ports[1]}?cluster=true`, embedded: false });
  }, 60_000);

  afterAll(async () => {
    await console_?.close();
    if (cluster) await cluster.stop();
  }, 30_000);

  it('connects and reports ready with the Redis version', async () => {
    const status = await call('connection.status', {});
    expect(status.state).toBe('ready');
    expect(status.redisVersion).toMatch(/^\d+\.\d+/);
  });

  it('discovers streams on every master, page by page, with their node and slot', async () => {
    const found: StreamSummary[] = [];
    let cursor = '0';
    let pages = 0;
    do {
      const page = await call('streams.list', { pattern: `${prefix}-*`, cursor, count: 10 });
      found.push(...page.streams);
      cursor = page.cursor;
      expect(cursor).toMatch(/^\d+$/);
      pages++;
    } while (cursor !== '0' && pages < 1000);
    expect(found.map((s) => s.name).sort()).toEqual([...streams.keys()].sort());
    for (const s of found) {
      expect(s.node).toBe(`127.0.0.1:${streams.get(s.name)}`);
      expect(s.slot).toBe(keySlot(s.name));
      expect(s).toMatchObject({ length: 5, groups: 1, totalPending: 2 });
    }
    // Three different masters were walked.
    expect(new Set(found.map((s) => s.node)).size).toBe(3);
  });

  it('shows detail, entries, groups, consumers and pending of a stream on any node', async () => {
    for (const [stream, port] of streams) {
      const detail = await call('streams.detail', { stream });
      expect(detail).toMatchObject({ name: stream, length: 5, node: `127.0.0.1:${port}`, slot: keySlot(stream) });
      expect(detail.groups.map((g) => g.name)).toEqual(['audit']);
      const page = await call('entries.page', { stream, direction: 'forward', count: 10 });
      expect(page.entries).toHaveLength(5);
      const consumers = await call('consumers.list', { stream, group: 'audit' });
      expect(consumers.map((c) => [c.name, c.pending])).toEqual([['reader-1', 2]]);
      const pending = await call('pending.list', { stream, group: 'audit' });
      expect(pending.total).toBe(2);
      const acked = await call('pending.ack', { stream, group: 'audit', ids: pending.entries.map((e) => e.id) });
      expect(acked.acked).toBe(2);
    }
  });

  it('publishes, tails live and hosts an engine instance on the cluster', async () => {
    const [stream] = [...streams.keys()];
    const { tailId } = await call('entries.tail', { stream });
    const appended = collect<'entries.appended'>(onConsoleEvent(console_, 'entries.appended'), (all) =>
      all.some((e) => e.tailId === tailId && e.entries.length > 0),
    );
    const hosted = await call('instances.join', { stream, group: 'hosted', mode: { kind: 'immediate' }, from: '$' });
    const { id } = await call('publish.event', { stream, json: '{"n":99}' });
    const events = await appended;
    expect(events.flatMap((e) => e.entries.map((x) => x.id))).toContain(id);
    await until(async () => {
      const list = await call('instances.list', {});
      return list.some((h) => h.id === hosted.id && h.acked >= 1);
    }, 'hosted instance acked the published entry');
    await call('instances.leave', { id: hosted.id });
    await call('entries.untail', { tailId });
  });

  it('lists and replays dead letters of a stream whose dead-letter stream is in another slot', async () => {
    const [, stream] = [...streams.keys()];
    const dead = `${stream}.dead-letter`;
    await admin.xadd(
      dead,
      '*',
      'msg',
      '{"n":5}',
      'originalId',
      '1-0',
      'stream',
      stream,
      'group',
      'audit',
      'consumer',
      'c',
      'deliveries',
      '6',
      'error',
      'boom',
      'deadAt',
      String(Date.now()),
    );
    const list = await call('deadLetters.list', { stream });
    expect(list.entries.map((e) => e.payload)).toEqual([{ text: '{"n":5}', size: 7 }]);
    const replay = await call('deadLetters.replay', { stream, ids: [list.entries[0].id], remove: true });
    expect(replay.replayed).toBe(1);
    expect(await admin.xlen(dead)).toBe(0);
    expect(await admin.xlen(stream)).toBe(6);
  });

  it('receives broadcasts published on the cluster', async () => {
    const channel = `${prefix}-chan`;
    const messages = collect<'broadcast.messages'>(onConsoleEvent(console_, 'broadcast.messages'), (all) =>
      all.some((m) => m.messages.length > 0),
    );
    const { subscriptionId } = await call('broadcast.subscribe', { channel });
    // PUBLISH counts only the receiving node's own subscribers, so publish until it arrives.
    let arrived = false;
    void messages.then(() => (arrived = true));
    const delivered = await poll(
      async () => {
        if (arrived) return true;
        await cluster.node(cluster.ports[5]).publish(channel, '{"hello":1}');
        return false;
      },
      20_000,
      100,
    );
    expect(delivered, 'the console subscriber to receive a broadcast').toBe(true);
    const got = await messages;
    expect(got.flatMap((m) => m.messages.map((x) => x.payload))).toContain('{"hello":1}');
    await call('broadcast.unsubscribe', { subscriptionId });
  });
});
