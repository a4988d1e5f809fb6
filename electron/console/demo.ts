// The demo: one stream consumed by two services × three hosted instances, a producer at a rate,
// and a broadcast channel with live traffic, so every view has something to show. Stop removes
// everything it created (stream, dead letters, presence keys).
import { randomBytes } from 'node:crypto';
import type { DemoStatus } from '../../shared/dto';
import {
  clientFromUrl,
  deadLetterStream,
  ENGINE_CONNECTION_DEFAULTS,
  EventStreamService,
  eventStream,
  isRedisError,
  presenceIndexKey,
  presenceKey,
  pruneLockKey,
  RedisBroadcastingStream,
  type RedisClient,
} from '../engine';
import type { Area, ConsoleContext } from './context';
import type { InstancesArea } from './instances';
import { keyPrefix, textKey } from './redis-key';

export const DEMO_SERVICES = ['demo-orchestrator', 'demo-accounting'] as const;
const INSTANCES_PER_SERVICE = 3;
/** Live listeners on the demo channel, so it shows up with subscribers (pub/sub lists only channels someone hears). */
const BROADCAST_LISTENERS = 3;
const TICK_MS = 100;

interface DemoEvent {
  type: 'job.updated';
  jobId: string;
  seq: number;
  state: 'queued' | 'running' | 'done';
  at: number;
}

interface Running {
  status: DemoStatus;
  stop(): Promise<void>;
}

/**
 * The demo's groups on `key`, at '0' and creating the stream. A group that is there already
 * (BUSYGROUP) is what is wanted; any other refusal (no permission, a key of another type, a
 * replica) stops the demo with Redis's reason.
 */
export async function createDemoGroups(redis: RedisClient, key: string): Promise<void> {
  for (const group of DEMO_SERVICES)
    await redis.call('XGROUP', 'CREATE', key, group, '0', 'MKSTREAM').catch((error: unknown) => {
      if (!isRedisError(error, 'busy_group')) throw error;
    });
}

/** Two services × INSTANCES_PER_SERVICE hosted instances, each recorded (id, and group with name) as it joins. */
async function joinDemoInstances(
  instances: InstancesArea,
  stream: string,
  suffix: string,
  ids: string[],
  names: Array<[string, string]>,
): Promise<void> {
  for (const group of DEMO_SERVICES) {
    for (let n = 1; n <= INSTANCES_PER_SERVICE; n++) {
      const instance = `${group.replace('demo-', '')}-${n}-${suffix}`;
      const hosted = await instances.join({
        stream,
        group,
        instance,
        mode:
          group === 'demo-orchestrator' ? { kind: 'immediate', concurrency: 1 } : { kind: 'batched', maxLatencyMs: 250, maxBatchSize: 50 },
        processingDelayMs: group === 'demo-orchestrator' ? 5 : 20,
        failureRate: group === 'demo-orchestrator' ? 0.01 : 0,
        ackMode: 'auto',
        from: '0',
        claimIdleMs: 5000,
        maxDeliveries: 3,
      });
      ids.push(hosted.id);
      names.push([group, instance]);
    }
  }
}

/**
 * The demo's traffic: events at `ratePerSec` (catching up in batches, a tick at a time) and one
 * broadcast a second, which `broadcast` is given the number of events produced so far to send.
 */
function produceTraffic(
  ratePerSec: number,
  producer: { produce(events: DemoEvent[]): Promise<unknown> },
  broadcast: (produced: number) => Promise<unknown>,
): ReturnType<typeof setInterval> {
  const started = Date.now();
  let produced = 0;
  let broadcasts = 0;
  let busy = false;
  return setInterval(() => {
    if (busy) return;
    busy = true;
    const elapsed = Date.now() - started;
    const due = Math.floor((elapsed * ratePerSec) / 1000) - produced;
    const dueBroadcasts = Math.floor(elapsed / 1000) - broadcasts;
    const batch: DemoEvent[] = [];
    for (let i = 0; i < Math.min(due, 1000); i++) {
      const seq = ++produced;
      batch.push({
        type: 'job.updated',
        jobId: `job-${seq % 97}`,
        seq,
        state: (['queued', 'running', 'done'] as const)[seq % 3],
        at: Date.now(),
      });
    }
    const work: Array<Promise<unknown>> = [];
    if (batch.length > 0) work.push(producer.produce(batch));
    if (dueBroadcasts > 0) {
      broadcasts += dueBroadcasts;
      work.push(broadcast(produced));
    }
    void Promise.allSettled(work).then(() => (busy = false));
  }, TICK_MS);
}

const idle = (ratePerSec = 50): DemoStatus => ({ running: false, stream: null, channel: null, ratePerSec, services: [], instanceIds: [] });

export function createDemoArea(ctx: ConsoleContext, instances: InstancesArea): Area {
  let running: Running | null = null;
  let transition: Promise<unknown> = Promise.resolve();
  const publishStatus = () => ctx.emit('demo.changed', status());
  const status = (): DemoStatus =>
    running ? { ...running.status, services: [...running.status.services], instanceIds: [...running.status.instanceIds] } : idle();

  const start = async (ratePerSec: number): Promise<DemoStatus> => {
    if (running) return status();
    ctx.redis();
    const suffix = randomBytes(3).toString('hex');
    const stream = `demo-job-events-${suffix}`;
    const channel = `demo-notifications-${suffix}`;
    const key = textKey(ctx, stream, 'the demo');
    const instanceIds: string[] = [];
    const instanceNames: Array<[string, string]> = [];
    const client = clientFromUrl(ctx.redisUrl(), { ...ENGINE_CONNECTION_DEFAULTS, ...ctx.redisOptions(), lazyConnect: false });
    client.on('error', () => undefined);
    const producerService = new EventStreamService({
      redis: client,
      service: 'demo-producer',
      instance: `producer-${suffix}`,
      keyPrefix: keyPrefix(ctx),
      presence: false,
    });
    const producer = producerService.createProducer(eventStream<DemoEvent>(stream, { key: (e) => e.jobId }));
    let timer: ReturnType<typeof setInterval> | null = null;
    const listeners: RedisBroadcastingStream[] = [];

    const cleanup = async () => {
      if (timer) clearInterval(timer);
      timer = null;
      await Promise.all(listeners.map((l) => l.close().catch(() => undefined)));
      await Promise.all(instanceIds.map((id) => instances.leave(id).catch(() => undefined)));
      await producerService.close().catch(() => undefined);
      client.disconnect();
      const keys = [
        key,
        deadLetterStream(key),
        presenceIndexKey(key),
        pruneLockKey(key),
        ...instanceNames.map(([g, i]) => presenceKey(key, g, i)),
      ];
      // One DEL per key: on a Redis Cluster these keys live in different slots.
      await Promise.all(
        keys.map((k) =>
          ctx
            .redis()
            .del(k)
            .catch(() => undefined),
        ),
      );
    };

    try {
      // Groups first, at '0', so nothing the producer writes is missed by a slow joiner.
      await createDemoGroups(ctx.redis(), key);
      await joinDemoInstances(instances, stream, suffix, instanceIds, instanceNames);
      for (let n = 0; n < BROADCAST_LISTENERS; n++) {
        const listener = new RedisBroadcastingStream({ redis: client, onError: () => undefined });
        listeners.push(listener);
        await listener.subscribe(textKey(ctx, channel, 'the demo'), () => undefined);
      }
    } catch (error) {
      await cleanup();
      throw error;
    }

    const notify = (produced: number) =>
      client.publish(ctx.key(channel), JSON.stringify({ type: 'notification', produced, at: Date.now() }));
    timer = produceTraffic(ratePerSec, producer, notify);

    running = {
      status: { running: true, stream, channel, ratePerSec, services: [...DEMO_SERVICES], instanceIds },
      stop: cleanup,
    };
    return status();
  };

  const stop = async (): Promise<DemoStatus> => {
    const current = running;
    running = null;
    if (current) await current.stop();
    return status();
  };

  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = transition.then(work, work);
    transition = next.catch(() => undefined);
    return next.then((result) => {
      publishStatus();
      return result;
    });
  };

  return {
    handlers: {
      'demo.start': ({ ratePerSec }) => serial(() => start(ratePerSec)),
      'demo.stop': () => serial(stop),
      'demo.status': async () => status(),
    },
    close: async () => {
      await transition;
      const wasRunning = running !== null;
      await stop();
      // A connection switch closes the demo: windows showing "Stop demo" must hear that it stopped.
      if (wasRunning) publishStatus();
    },
  };
}
