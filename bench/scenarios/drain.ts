// Draining a backlog: the whole stream is written first (bare pipelines), then 3 consumer
// processes start; measured from their start to the last delivery.
import type { Family, Scenario, ScenarioContext } from '../harness/scenario';
import type { ConsumerConfig } from '../drivers/types';
import { createGroups, FLOOD_100, group, measure } from './flows';
import type { WithoutIdentity } from './flows';

const INSTANCES = 3;
const events = (ctx: ScenarioContext) => (ctx.full ? 100_000 : 50_000);

function drain(consumer: (stream: string, service: string) => WithoutIdentity<Extract<ConsumerConfig, { kind: 'bare-stream' | 'engine-batched' }>>) {
  return async (ctx: ScenarioContext) => {
    const stream = `${ctx.token}:backlog`;
    const service = `${ctx.token}-svc`;
    await createGroups(ctx.redisUrl, stream, [service]);
    return measure({
      groups: [group(service, ctx.redisUrl, INSTANCES, consumer(stream, service))],
      producer: { kind: 'bare-stream', redis: ctx.redisUrl, stream },
      events: events(ctx),
      mode: FLOOD_100,
      backlog: true,
    });
  };
}

const scenarios: Scenario[] = [
  {
    id: 'drain.bare-count100',
    title: 'bare COUNT 100 loop draining a backlog',
    meaning: 'Baseline: 3 bare COUNT 100 consumers started on a stream that already holds the whole backlog (group at 0).',
    run: drain((stream, service) => ({ kind: 'bare-stream', stream, group: service, count: 100, blockMs: 100 })),
  },
  {
    id: 'drain.engine-batched',
    title: 'engine Batched(100, 10 ms) draining a backlog',
    meaning: 'The engine: 3 Batched instances started on the same kind of backlog; latency includes the time entries waited in the backlog.',
    baseline: 'drain.bare-count100',
    run: drain((stream, service) => ({ kind: 'engine-batched', stream, service, maxBatchSize: 100, maxLatencyMs: 10 })),
  },
];

export const drainFamily: Family = {
  name: 'drain',
  scenarios,
  targets: [{ label: 'drain a backlog', subject: 'drain.engine-batched', reference: 'drain.bare-count100', metric: 'msgsPerSec', atLeast: 0.8 }],
};
