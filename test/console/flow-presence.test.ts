// Instances the console does not host (another process's engine) appear in the flow feed and the
// membership timeline through their presence heartbeats: joined, their counters, then stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { EventConsumer, EventStreamService, eventStream } from '../../electron/engine';
import type { FlowSnapshot, MembershipEvent } from '../../shared/dto';
import { cleanupPattern, connectShared, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { eventually, value } from './support';

let service: ConsoleService;
const redis = connectShared();
const stream = uniqueName('flow-presence');

beforeAll(async () => {
  service = await createConsole({ redis: SHARED_REDIS_URL });
});
afterAll(async () => {
  await service.close();
  await redis.del(stream, `${stream}.dead-letter`);
  await cleanupPattern(redis, `streamscope:*{${stream}}*`);
  redis.disconnect();
});

describe('flow from presence', () => {
  it('reports a foreign instance joining, its delivery rate, and going stale after a crash', async () => {
    const ticks: FlowSnapshot[] = [];
    const members: MembershipEvent[] = [];
    service.onEvent((event, payload) => {
      if (event === 'flow.tick') ticks.push(...(payload as FlowSnapshot[]).filter((s) => s.stream === stream));
      if (event === 'membership.changed') members.push(...(payload as MembershipEvent[]).filter((m) => m.stream === stream));
    });
    await redis.xgroup('CREATE', stream, 'remote-svc', '$', 'MKSTREAM');
    value(await service.dispatch('flow.watch', { stream }));

    const remote = new EventStreamService({
      redis: SHARED_REDIS_URL,
      service: 'remote-svc',
      instance: 'pod-7',
      presence: { heartbeatMs: 200 },
    });
    const sub = await remote.subscribe(
      eventStream<{ n: number }>(stream),
      EventConsumer.immediate(async () => undefined),
    );
    const producer = remote.createProducer(eventStream<{ n: number }>(stream));
    await eventually(async () => members.some((m) => m.instance === 'pod-7' && m.kind === 'joined'), 10_000, 'joined from presence');

    const feeding = setInterval(() => void producer.produce([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]), 50);
    try {
      const busy = await eventually(
        async () => {
          const row = ticks
            .at(-1)
            ?.groups.find((g) => g.group === 'remote-svc')
            ?.instances.find((i) => i.instance === 'pod-7');
          return row && row.deliveredPerSec > 0 ? row : null;
        },
        15_000,
        'delivery rate from presence',
      );
      expect(busy).toMatchObject({ presence: 'live', hosted: false, share: 1 });
    } finally {
      clearInterval(feeding);
    }

    await sub.crash();
    await eventually(async () => members.some((m) => m.instance === 'pod-7' && m.kind === 'stale'), 15_000, 'stale after crash');
    const consumers = value(await service.dispatch('consumers.list', { stream, group: 'remote-svc' })) as Array<{
      name: string;
      presence: string;
      hostedId: string | null;
    }>;
    expect(consumers.find((c) => c.name === 'pod-7')).toMatchObject({ presence: 'stale', hostedId: null });
    const timeline = value(await service.dispatch('flow.timeline', { stream })) as MembershipEvent[];
    expect(timeline.filter((m) => m.instance === 'pod-7').map((m) => m.kind)).toEqual(expect.arrayContaining(['joined', 'stale']));
    await remote.close();
  }, 60_000);
});
