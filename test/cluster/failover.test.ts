// Multi-process delivery on a Redis Cluster with a master killed mid-run: three consumer
// processes (the engine's multi-process worker, pointed at the cluster by URL) share one group
// while this process produces with waitForReplicas; the stream's master is SIGKILLed halfway,
// its replica takes over (and runs without a replica: produces then reject as NotReplicated until
// the old master is restarted and rejoins as its replica), and every produce that resolved must
// still be delivered.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStreamService, NotReplicatedError, eventStream } from '../../electron/engine';
import { missingRedisTools, startCluster, until, type TestCluster } from './cluster';

/** Preferred first port; the fixture moves to a free range if it is taken. */
const BASE = 7311;
const missing = missingRedisTools();

interface Worker {
  instance: string;
  proc: ChildProcess;
  ids: Set<string>;
  ready: boolean;
}

describe.skipIf(missing !== null)(`cluster failover with consumer processes${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let cluster: TestCluster;
  const children: ChildProcess[] = [];
  const services: EventStreamService[] = [];

  beforeAll(async () => {
    cluster = await startCluster(BASE);
  }, 60_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(services.map((s) => s.close()));
    if (cluster) await cluster.stop();
  }, 30_000);

  const clusterUrl = () => `redis://${cluster.seeds.map((s) => `${s.host}:${s.port}`).join(',')}?cluster=true`;

  function startWorker(stream: string, instance: string): Worker {
    const script = fileURLToPath(new URL('../engine/fixtures/worker.ts', import.meta.url));
    const proc = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, REDIS_URL: clusterUrl(), STREAM: stream, SERVICE: 'failover-svc', INSTANCE: instance, CLAIM_IDLE_MS: '1000', WORK_MS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(proc);
    const w: Worker = { instance, proc, ids: new Set(), ready: false };
    let rest = '';
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') w.ready = true;
        else if (line.startsWith('got ')) for (const id of line.slice(4).split(',')) w.ids.add(id);
      }
    });
    return w;
  }

  it('consumers in 3 processes keep going after the stream’s master is killed; no confirmed entry is lost', { timeout: 120_000 }, async () => {
    const stream = `failover-${randomBytes(4).toString('hex')}`;
    const masterPort = await cluster.masterPortOf(stream);
    const workers = [1, 2, 3].map((i) => startWorker(stream, `pod-${i}`));
    await until(() => workers.every((w) => w.ready), 'all 3 workers ready', 60_000);

    const producerSvc = new EventStreamService({ redis: clusterUrl(), service: 'producer', presence: false });
    services.push(producerSvc);
    const producer = producerSvc.createProducer(eventStream<{ n: number }>(stream), { waitForReplicas: { count: 1, timeoutMs: 2000 } });
    const confirmed: string[] = [];
    const confirmedAfterFailover: string[] = [];
    let failedProduces = 0;
    let unconfirmed = 0;
    let killedAt = 0;
    let restarted: Promise<void> | null = null;
    for (let batch = 0; batch < 60; batch++) {
      const events = Array.from({ length: 20 }, (_, i) => ({ n: batch * 20 + i }));
      for (;;) {
        try {
          const ids = await producer.produce(events);
          confirmed.push(...ids);
          if (killedAt) confirmedAfterFailover.push(...ids);
          break;
        } catch (e) {
          // While no master serves the slot, produce rejects; a NotReplicatedError means written
          // but not confirmed. Either way the producer retries (at-least-once).
          if (e instanceof NotReplicatedError) {
            unconfirmed += e.ids.length;
            // The replica took over and accepts writes but has no replica of its own: bring the
            // old master back; it rejoins as the new master's replica.
            if (killedAt && !restarted) restarted = cluster.restart(masterPort);
          } else {
            failedProduces++;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      if (batch === 20) {
        await until(() => workers.some((w) => w.ids.size > 0), 'a worker handled something');
        cluster.kill(masterPort);
        killedAt = Date.now();
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(restarted).not.toBeNull();
    await restarted;
    // The replica took over: a different node now serves the stream.
    await cluster.waitHealthy(stream);
    expect(await cluster.masterPortOf(stream)).not.toBe(masterPort);
    expect(confirmedAfterFailover.length).toBeGreaterThan(0);

    const received = () => {
      const all = new Set<string>();
      for (const w of workers) for (const id of w.ids) all.add(id);
      return all;
    };
    await until(() => confirmed.every((id) => received().has(id)), 'every confirmed entry delivered', 60_000);
    const all = received();
    expect(confirmed.filter((id) => !all.has(id))).toEqual([]);
    // Delivery continued on the new master, across the processes.
    const afterFailover = new Set(confirmedAfterFailover);
    expect(workers.filter((w) => [...w.ids].some((id) => afterFailover.has(id))).length).toBeGreaterThan(0);
    expect(unconfirmed).toBeGreaterThan(0);
    console.info(`cluster failover: ${confirmed.length} confirmed, ${failedProduces} produce calls rejected while the slot had no master, ${unconfirmed} written but unconfirmed`);
  });
});
