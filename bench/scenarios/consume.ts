// Consumers fed live by one shared producer process (bare pipelines of 100 XADDs, the same for
// every stream consumer; BullMQ: its addBulk of 100) while 3 consumer processes of one service run.
// The producer shares the 2 cores with the consumers, so a consumer that keeps up delivers at the
// producer's rate: those runs are flagged producer-bound, and the consumer comparisons live in
// the drain family (same backlog for all). Here: does it keep up, and at what latency.
import type { Family, Scenario, ScenarioContext } from '../harness/scenario';
import { sized } from '../harness/scenario';
import {
  bareLoop,
  bullmqWorkers,
  engineBatched,
  engineImmediate,
  FLOOD_100,
  measure,
  moleculerChannels,
  type ConsumerSystem,
} from './flows';
import { BULLMQ_CONCURRENCY, MOLECULER_MAX_IN_FLIGHT } from './peers';

const INSTANCES = 3;
const events = (ctx: ScenarioContext) => sized(ctx, { quick: 2_000, default: 20_000, full: 100_000 });

function live(system: ConsumerSystem) {
  return (ctx: ScenarioContext) =>
    measure({
      redisUrl: ctx.redisUrl,
      token: ctx.token,
      system,
      services: ['svc'],
      instances: INSTANCES,
      events: events(ctx),
      mode: FLOOD_100,
      backlog: false,
    });
}

const scenarios: Scenario[] = [
  {
    id: 'consume.bare-count100',
    title: 'shared producer → bare COUNT 100 loop + one XACK per read',
    meaning:
      'Baseline, live: the shared producer process pipelines 100 XADDs at a time while 3 bare COUNT 100 consumers read; producer and consumer rates side by side.',
    run: live(bareLoop(100)),
  },
  {
    id: 'consume.engine-batched',
    title: 'shared producer → engine Batched(100, 10 ms)',
    meaning: 'The same producer process and input, 3 engine Batched instances.',
    baseline: 'consume.bare-count100',
    run: live(engineBatched),
  },
  {
    id: 'consume.engine-immediate',
    title: 'shared producer → engine Immediate(concurrency 1)',
    meaning: 'The same producer process and input, 3 engine Immediate instances with concurrency 1.',
    baseline: 'consume.bare-count100',
    run: live(engineImmediate),
  },
  {
    id: `consume.moleculer-if${MOLECULER_MAX_IN_FLIGHT}`,
    title: `shared producer (payload field) → @moleculer/channels maxInFlight ${MOLECULER_MAX_IN_FLIGHT}`,
    meaning: `The same producer process writing moleculer's field (payload), 3 channel consumers with maxInFlight ${MOLECULER_MAX_IN_FLIGHT}.`,
    baseline: 'consume.bare-count100',
    run: live(moleculerChannels(MOLECULER_MAX_IN_FLIGHT)),
  },
  {
    id: `consume.bullmq-c${BULLMQ_CONCURRENCY}`,
    title: `BullMQ addBulk of 100 → 3 Workers, concurrency ${BULLMQ_CONCURRENCY}`,
    meaning: `BullMQ's own producer (Queue.addBulk of 100, awaited one after another: a queue cannot be fed by XADD) while 3 Workers with concurrency ${BULLMQ_CONCURRENCY} consume.`,
    baseline: 'consume.bare-count100',
    run: live(bullmqWorkers(BULLMQ_CONCURRENCY)),
  },
];

export const consume: Family = { name: 'consume', scenarios, targets: [] };
