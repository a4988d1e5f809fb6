// Fan-out: one stream, 2 services (consumer groups) × 3 instances each, 7 processes in all. Every
// event must be counted at both services (notes: missing, duplicates, share per instance).
import type { Family, Scenario, ScenarioContext } from '../harness/scenario';
import { createGroups, FLOOD_100, group, measure } from './flows';

const INSTANCES = 3;
const events = (ctx: ScenarioContext) => (ctx.full ? 100_000 : 20_000);
const services = (ctx: ScenarioContext) => [`${ctx.token}-billing`, `${ctx.token}-audit`];

const scenarios: Scenario[] = [
  {
    id: 'fanout.bare-count100',
    title: 'bare COUNT 100 loop, 2 groups × 3 consumers',
    meaning: 'Reference: the bare COUNT 100 loop with two consumer groups on one stream, 3 processes per group.',
    run: async (ctx) => {
      const stream = `${ctx.token}:events`;
      await createGroups(ctx.redisUrl, stream, services(ctx));
      return measure({
        groups: services(ctx).map((s) => group(s, ctx.redisUrl, INSTANCES, { kind: 'bare-stream', stream, group: s, count: 100, blockMs: 100 })),
        producer: { kind: 'bare-stream', redis: ctx.redisUrl, stream },
        events: events(ctx),
        mode: FLOOD_100,
      });
    },
  },
  {
    id: 'fanout.engine-batched',
    title: 'engine Batched(100, 10 ms), 2 services × 3 instances',
    meaning: 'The engine: two services (groups) subscribed to one stream with Batched consumers, 3 instances each; throughput of the slower service.',
    baseline: 'fanout.bare-count100',
    run: async (ctx) => {
      const stream = `${ctx.token}:events`;
      await createGroups(ctx.redisUrl, stream, services(ctx));
      return measure({
        groups: services(ctx).map((s) =>
          group(s, ctx.redisUrl, INSTANCES, { kind: 'engine-batched', stream, service: s, maxBatchSize: 100, maxLatencyMs: 10 }),
        ),
        producer: { kind: 'engine', redis: ctx.redisUrl, stream, service: services(ctx)[0] },
        events: events(ctx),
        mode: FLOOD_100,
      });
    },
  },
  {
    id: 'fanout.bullmq-c100',
    title: 'BullMQ: two queues × 3 Workers, concurrency 100',
    meaning: 'Peer: BullMQ has no consumer groups, so fan-out is two queues; the producer adds every job to both (addBulk of 100).',
    baseline: 'fanout.bare-count100',
    run: (ctx) =>
      measure({
        groups: services(ctx).map((s) => group(s, ctx.redisUrl, INSTANCES, { kind: 'bullmq', queue: s, concurrency: 100 })),
        producer: { kind: 'bullmq', redis: ctx.redisUrl, queues: services(ctx) },
        events: events(ctx),
        mode: FLOOD_100,
      }),
  },
  {
    id: 'fanout.moleculer-if100',
    title: '@moleculer/channels: 2 groups × 3 consumers, maxInFlight 100',
    meaning: 'Peer: two moleculer services (one group each) on one channel, 3 broker processes per service.',
    baseline: 'fanout.bare-count100',
    run: async (ctx) => {
      const stream = `${ctx.token}:events`;
      await createGroups(ctx.redisUrl, stream, services(ctx));
      return measure({
        groups: services(ctx).map((s) => group(s, ctx.redisUrl, INSTANCES, { kind: 'moleculer', stream, group: s, maxInFlight: 100 })),
        producer: { kind: 'moleculer', redis: ctx.redisUrl, stream },
        events: events(ctx),
        mode: FLOOD_100,
      });
    },
  },
];

export const fanout: Family = {
  name: 'fanout',
  scenarios,
  targets: [
    { label: 'fan-out faster than BullMQ (two queues)', subject: 'fanout.engine-batched', reference: 'fanout.bullmq-c100', metric: 'msgsPerSec', atLeast: 1 },
    { label: 'fan-out faster than moleculer', subject: 'fanout.engine-batched', reference: 'fanout.moleculer-if100', metric: 'msgsPerSec', atLeast: 1 },
  ],
};
