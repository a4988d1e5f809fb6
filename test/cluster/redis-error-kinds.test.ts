// A Redis Cluster's refusals provoked on a local cluster: MOVED (the console pointed at one node
// without ?cluster=true asks for a key another node serves) and CLUSTERDOWN (a slot no master
// serves). The reply keeps Redis's words and says what they mean; the engine reports cluster_down
// in its `error` events.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { EventConsumer, EventStreamService, eventStream, type EngineEvents } from '../../electron/engine';
import { eventually } from '../helpers/wait';
import { missingRedisTools, startCluster, type TestCluster } from './cluster';

/** Preferred first port; the fixture moves to a free range if it is taken. */
const BASE = 7521;
const missing = missingRedisTools();

describe.skipIf(missing !== null)(`Redis Cluster refusals${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let cluster: TestCluster;
  const consoles: ConsoleService[] = [];

  beforeAll(async () => {
    cluster = await startCluster(BASE);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(consoles.map((c) => c.close()));
    if (cluster) await cluster.stop();
  }, 30_000);

  /** A fresh key name whose slot the master on `port` serves (or, with `not`, any other master). */
  async function keyServedBy(port: number, not = false): Promise<string> {
    for (;;) {
      const name = `kinds-${randomBytes(4).toString('hex')}`;
      if (((await cluster.masterPortOf(name)) === port) !== not) return name;
    }
  }

  it('MOVED: one node asked without ?cluster=true says the key lives on another node and how to follow it', async () => {
    const [port] = cluster.ports;
    const elsewhere = await keyServedBy(port, true);
    await cluster.connect().xadd(elsewhere, '*', 'msg', '{"n":1}');
    const service = await createConsole({ redis: `redis://127.0.0.1:${port}`, embedded: false });
    consoles.push(service);
    const reply = await service.dispatch('entries.page', { stream: elsewhere });
    expect(reply).toMatchObject({ ok: false, error: { code: 'redis_error' } });
    expect(!reply.ok && reply.error.message).toMatch(
      /^MOVED \d+ 127\.0\.0\.1:\d+ — the key is served by another node of a Redis Cluster; connect with \?cluster=true to follow it$/,
    );
  });

  it(
    'CLUSTERDOWN: a slot no master serves is refused in plain words, and the engine reports cluster_down',
    { timeout: 60_000 },
    async () => {
      const master = cluster.ports[1];
      const stream = await keyServedBy(master);
      const admin = cluster.node(master);
      const slot = Number(await admin.cluster('KEYSLOT', stream));
      await cluster.connect().xadd(stream, '*', 'msg', '{"n":1}');
      const service = await createConsole({ redis: `redis://127.0.0.1:${cluster.ports[0]}?cluster=true`, embedded: false });
      consoles.push(service);
      const errors: Array<EngineEvents['error']> = [];
      const engine = new EventStreamService({
        redis: cluster.connect(),
        service: 'kinds',
        instance: 'kinds-1',
        presence: { heartbeatMs: 100 },
      });
      engine.events.on('error', (e) => errors.push(e));
      await engine.subscribe(
        eventStream<unknown>(stream),
        EventConsumer.immediate(() => undefined),
        { blockMs: 50, claimIdleMs: 200, from: '0' },
      );
      try {
        // The master stops serving the slot; with no owner, a node answers CLUSTERDOWN for its keys.
        await admin.cluster('DELSLOTS', slot);
        const reply = await service.dispatch('entries.page', { stream });
        expect(reply).toMatchObject({ ok: false, error: { code: 'redis_error' } });
        // Nodes that have not yet heard of the removed slot redirect to its old master, so the client may
        // give up following redirections before it reaches the CLUSTERDOWN answer; both are said in words.
        expect(!reply.ok && reply.error.message).toMatch(
          /CLUSTERDOWN .* — the Redis Cluster cannot serve this key: the cluster is down or no master serves the key's slot$|— the cluster client gave up following the Redis Cluster's redirections/,
        );
        const seen = await eventually(() => errors.find((e) => e.kind === 'cluster_down'), 30_000, 'an error event of kind cluster_down');
        expect(seen.stream).toBe(stream);
        expect(seen.error).toMatch(/CLUSTERDOWN .* — the Redis Cluster cannot serve this key/);
      } finally {
        await admin.cluster('ADDSLOTS', slot);
        await engine.close();
      }
    },
  );
});
