// Pub/sub: one publisher process, 3 subscriber processes; every subscriber must get every message.
// Throughput is per subscriber (the slowest one); the publisher keeps 100 publishes in flight.
import { measureFlow, runFlow } from '../harness/flow';
import { EVENT_BYTES } from '../harness/payload';
import { sized, type Family, type Measurement, type Scenario, type ScenarioContext } from '../harness/scenario';
import type { ConsumerConfig, ProducerConfig } from '../drivers/types';
import { FLOOD_100, group } from './flows';
import type { WithoutIdentity } from './flows';

const SUBSCRIBERS = 3;
const events = (ctx: ScenarioContext) => sized(ctx, { quick: 2_000, default: 20_000, full: 100_000 });

function subscribers(
  ctx: ScenarioContext,
  consumer: WithoutIdentity<Extract<ConsumerConfig, { kind: 'bare-subscribe' | 'engine-broadcast' }>>,
) {
  return Array.from({ length: SUBSCRIBERS }, (_, i) => group(`subscriber-${i + 1}`, ctx.redisUrl, 1, consumer));
}

/** Live: subscribers exist before the first publish (pub/sub keeps nothing for late joiners). */
async function measure(run: { groups: ReturnType<typeof subscribers>; producer: ProducerConfig; events: number }): Promise<Measurement> {
  const outcome = await runFlow({
    groups: run.groups,
    producer: { producer: run.producer, events: run.events, mode: FLOOD_100 },
    backlog: false,
  });
  return measureFlow(outcome, run.events, EVENT_BYTES);
}

const scenarios: Scenario[] = [
  {
    id: 'broadcast.bare-pubsub',
    title: 'bare ioredis PUBLISH → 3 SUBSCRIBE processes',
    meaning: 'Baseline: PUBLISH of the JSON text with 100 calls in flight; 3 subscriber processes each parse every message.',
    run: (ctx) => {
      const channel = `${ctx.token}:broadcast`;
      return measure({
        groups: subscribers(ctx, { kind: 'bare-subscribe', channel }),
        producer: { kind: 'bare-publish', redis: ctx.redisUrl, channel },
        events: events(ctx),
      });
    },
  },
  {
    id: 'broadcast.engine',
    title: 'engine RedisBroadcastingStream.broadcast → 3 subscribers',
    meaning: 'The engine: broadcast(msg, stream) with 100 calls in flight; 3 processes each with one RedisBroadcastingStream.subscribe.',
    baseline: 'broadcast.bare-pubsub',
    run: (ctx) => {
      const channel = `${ctx.token}:broadcast`;
      return measure({
        groups: subscribers(ctx, { kind: 'engine-broadcast', channel }),
        producer: { kind: 'engine-broadcast', redis: ctx.redisUrl, channel },
        events: events(ctx),
      });
    },
  },
];

export const broadcast: Family = {
  name: 'broadcast',
  scenarios,
  targets: [
    {
      label: 'broadcast per subscriber',
      subject: 'broadcast.engine',
      reference: 'broadcast.bare-pubsub',
      metric: 'msgsPerSec',
      atLeast: 0.8,
    },
  ],
};
