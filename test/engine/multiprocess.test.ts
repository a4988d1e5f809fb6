import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EventStreamService, eventStream } from '../../electron/engine';
import { SHARED_REDIS_URL } from '../helpers/redis';
import { delay, fixture, until } from './util';

const fx = fixture();
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await fx.run();
});

interface Worker {
  service: string;
  instance: string;
  proc: ChildProcess;
  ids: Set<string>;
  claimed: number;
  ready: boolean;
}

function startWorker(stream: string, service: string, instance: string): Worker {
  const script = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, REDIS_URL: SHARED_REDIS_URL, STREAM: stream, SERVICE: service, INSTANCE: instance, CLAIM_IDLE_MS: '1500', WORK_MS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  const w: Worker = { service, instance, proc, ids: new Set(), claimed: 0, ready: false };
  let rest = '';
  proc.stdout?.setEncoding('utf8');
  proc.stdout?.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') w.ready = true;
      else if (line.startsWith('got ')) for (const id of line.slice(4).split(',')) w.ids.add(id);
      else if (line.startsWith('claimed ')) w.claimed += Number(line.slice(8));
    }
  });
  return w;
}

describe('multi-process: 2 services × 3 instances, 5,000 events, one instance SIGKILLed', () => {
  it('each service gets every event, every instance a share, and the killed instance’s pending entries are claimed', { timeout: 300_000 }, async () => {
    const stream = fx.streamName('mp');
    const workers: Worker[] = [];
    for (const service of ['svc-a', 'svc-b']) for (const i of [1, 2, 3]) workers.push(startWorker(stream, service, `${service}-pod-${i}`));
    await until(() => workers.every((w) => w.ready), 'all 6 workers ready', 60_000);

    const producerSvc = fx.service({ service: 'producer', presence: false });
    const producer = producerSvc.createProducer(eventStream<{ n: number }>(stream));
    const victim = workers[1]; // svc-a-pod-2
    const produced: string[] = [];
    for (let batch = 0; batch < 50; batch++) {
      produced.push(...(await producer.produce(Array.from({ length: 100 }, (_, i) => ({ n: batch * 100 + i })))));
      if (batch === 20) {
        await until(() => victim.ids.size > 0, 'victim handled something');
        victim.proc.kill('SIGKILL');
      }
      await delay(20);
    }
    expect(new Set(produced).size).toBe(5000);

    const received = (service: string) => {
      const all = new Set<string>();
      for (const w of workers.filter((x) => x.service === service)) for (const id of w.ids) all.add(id);
      return all;
    };
    // Generous: six worker processes share two cores with everything else CI runs.
    await until(() => received('svc-a').size === 5000 && received('svc-b').size === 5000, 'both services got all 5,000', 150_000).catch(async (error: Error) => {
      const pending = await producerSvc.redis.xpending(stream, 'svc-a');
      throw new Error(`${error.message}: svc-a ${received('svc-a').size}, svc-b ${received('svc-b').size}; svc-a pending ${JSON.stringify(pending)}`);
    });
    for (const id of produced) {
      expect(received('svc-a').has(id)).toBe(true);
      expect(received('svc-b').has(id)).toBe(true);
    }
    // Load is shared: every instance got a part (the victim before it died).
    for (const w of workers) expect(w.ids.size, `${w.instance} share`).toBeGreaterThan(0);
    // The victim died with entries pending; survivors of svc-a claimed them.
    const survivorsClaimed = workers.filter((w) => w.service === 'svc-a' && w !== victim).reduce((s, w) => s + w.claimed, 0);
    expect(survivorsClaimed).toBeGreaterThan(0);
    await until(async () => Number(((await producerSvc.redis.xpending(stream, 'svc-a')) as [number])[0]) === 0, 'svc-a has nothing pending', 20_000);

    for (const w of workers) if (w !== victim) w.proc.kill('SIGTERM');
    await Promise.all(workers.filter((w) => w !== victim).map((w) => new Promise((r) => (w.proc.exitCode !== null ? r(null) : w.proc.once('exit', r)))));
  });
});
