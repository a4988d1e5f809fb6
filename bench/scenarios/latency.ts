// Latency under a steady load: the producer sends one event per call at a fixed rate (1k, 5k,
// 10k per second), 3 consumer processes; latency is producer stamp → handler, across processes.
import type { Family, Scenario, ScenarioContext, Target } from '../harness/scenario';
import type { ProduceMode } from '../drivers/types';
import { createGroups, group, measure } from './flows';

const INSTANCES = 3;
const RATES = [1_000, 5_000, 10_000] as const;
const seconds = (ctx: ScenarioContext) => (ctx.full ? 15 : 3);
const paced = (perSecond: number): ProduceMode => ({ kind: 'paced', perSecond });

function bare(perSecond: number) {
  return async (ctx: ScenarioContext) => {
    const stream = `${ctx.token}:events`;
    const service = `${ctx.token}-svc`;
    await createGroups(ctx.redisUrl, stream, [service]);
    return measure({
      groups: [group(service, ctx.redisUrl, INSTANCES, { kind: 'bare-stream', stream, group: service, count: 100, blockMs: 100 })],
      producer: { kind: 'bare-stream', redis: ctx.redisUrl, stream },
      events: perSecond * seconds(ctx),
      mode: paced(perSecond),
    });
  };
}

function engine(perSecond: number) {
  return async (ctx: ScenarioContext) => {
    const stream = `${ctx.token}:events`;
    const service = `${ctx.token}-svc`;
    await createGroups(ctx.redisUrl, stream, [service]);
    return measure({
      groups: [group(service, ctx.redisUrl, INSTANCES, { kind: 'engine-immediate', stream, service, concurrency: 1 })],
      producer: { kind: 'engine', redis: ctx.redisUrl, stream, service },
      events: perSecond * seconds(ctx),
      mode: paced(perSecond),
    });
  };
}

function bullmq(perSecond: number) {
  return async (ctx: ScenarioContext) => {
    const queue = `${ctx.token}-queue`;
    return measure({
      groups: [group(queue, ctx.redisUrl, INSTANCES, { kind: 'bullmq', queue, concurrency: 100 })],
      producer: { kind: 'bullmq', redis: ctx.redisUrl, queues: [queue] },
      events: perSecond * seconds(ctx),
      mode: paced(perSecond),
    });
  };
}

function moleculer(perSecond: number) {
  return async (ctx: ScenarioContext) => {
    const stream = `${ctx.token}:events`;
    const service = `${ctx.token}-svc`;
    await createGroups(ctx.redisUrl, stream, [service]);
    return measure({
      groups: [group(service, ctx.redisUrl, INSTANCES, { kind: 'moleculer', stream, group: service, maxInFlight: 100 })],
      producer: { kind: 'moleculer', redis: ctx.redisUrl, stream },
      events: perSecond * seconds(ctx),
      mode: paced(perSecond),
    });
  };
}

const k = (rate: number) => `${rate / 1000}k`;

const scenarios: Scenario[] = RATES.flatMap((rate): Scenario[] => [
  {
    id: `latency.bare-${k(rate)}`,
    title: `bare XADD paced at ${rate}/s → XREADGROUP COUNT 100 BLOCK 100`,
    meaning: `Baseline: one XADD per event at ${rate} events/s, 3 bare consumers (COUNT 100, BLOCK 100, XACK per read).`,
    run: bare(rate),
  },
  {
    id: `latency.engine-${k(rate)}`,
    title: `engine produce paced at ${rate}/s → Immediate, concurrency 1`,
    meaning: `The engine at ${rate} events/s: one produce() per event, 3 Immediate instances (concurrency 1).`,
    baseline: `latency.bare-${k(rate)}`,
    run: engine(rate),
  },
]);

scenarios.push(
  {
    id: 'latency.bullmq-5k',
    title: 'BullMQ add paced at 5000/s → Worker concurrency 100',
    meaning: 'Peer at 5,000 events/s: one Queue.add per event, 3 Workers with concurrency 100.',
    baseline: 'latency.bare-5k',
    run: bullmq(5_000),
  },
  {
    id: 'latency.moleculer-5k',
    title: 'moleculer sendToChannel paced at 5000/s → maxInFlight 100',
    meaning: 'Peer at 5,000 events/s: one sendToChannel per event, 3 channel consumers with maxInFlight 100.',
    baseline: 'latency.bare-5k',
    run: moleculer(5_000),
  },
);

const targets: Target[] = [
  ...RATES.map((rate): Target => ({
    label: `p99 at ${rate}/s`,
    subject: `latency.engine-${k(rate)}`,
    reference: `latency.bare-${k(rate)}`,
    metric: 'p99',
    atMost: 1.5,
  })),
  { label: 'p99 at 5k/s below BullMQ', subject: 'latency.engine-5k', reference: 'latency.bullmq-5k', metric: 'p99', atMost: 1 },
  { label: 'p99 at 5k/s below moleculer', subject: 'latency.engine-5k', reference: 'latency.moleculer-5k', metric: 'p99', atMost: 1 },
];

export const latency: Family = { name: 'latency', scenarios, targets };
