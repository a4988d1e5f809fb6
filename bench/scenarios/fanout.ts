// Fan-out: one stream, 2 services (consumer groups) × 3 instances each, 6 consumer processes, on a
// backlog written beforehand by the shared producer (BullMQ: one queue per service, every job
// added to both with FlowProducer.addBulk, as its docs show for adding to several queues at once).
// Every event must be counted at both services; throughput of the slower service.
import type { Family, Scenario, ScenarioContext } from '../harness/scenario';
import { sized } from '../harness/scenario';
import { bareLoop, bullmqWorkers, engineBatched, FLOOD_100, measure, moleculerChannels, type ConsumerSystem, warmUpEvents } from './flows';
import { BULLMQ_CONCURRENCY, MOLECULER_MAX_IN_FLIGHT } from './peers';

const INSTANCES = 3;
const SERVICES = ['billing', 'audit'];
/**
 * As large as the drain's backlog: with 50,000 events each of the 6 processes ran ~0.7 s, and its
 * start-up and JIT warm-up were a third of its CPU; this measures throughput, not warm-up.
 */
const events = (ctx: ScenarioContext) => sized(ctx, { quick: 2_000, default: 200_000, full: 200_000 });
/** The peers drain 5–10× slower: a smaller backlog keeps the run short. */
const slowEvents = (ctx: ScenarioContext) => sized(ctx, { quick: 1_000, default: 20_000, full: 100_000 });

function fanOut(system: ConsumerSystem, size: (ctx: ScenarioContext) => number, warm = false) {
  return (ctx: ScenarioContext) =>
    measure({
      redisUrl: ctx.redisUrl,
      token: ctx.token,
      system,
      services: SERVICES,
      instances: INSTANCES,
      events: size(ctx),
      mode: FLOOD_100,
      backlog: true,
      ...(warm ? { warmUp: warmUpEvents(ctx) } : {}),
    });
}

const scenarios: Scenario[] = [
  {
    id: 'fanout.bare-count100',
    title: 'bare COUNT 100 loop, 2 groups × 3 consumers, one backlog',
    meaning: 'Baseline: two consumer groups on one stream holding a backlog, 3 bare COUNT 100 processes per group.',
    run: fanOut(bareLoop(100), events),
  },
  {
    id: 'fanout.engine-batched',
    title: 'engine Batched(100, 10 ms), 2 services × 3 instances',
    meaning: 'The engine: two services (groups) subscribed to the same backlog with Batched consumers, 3 instances each.',
    baseline: 'fanout.bare-count100',
    run: fanOut(engineBatched, events),
  },
  {
    id: 'fanout.warm-bare-count100',
    title: 'bare COUNT 100 loop, 2 groups × 3 consumers, each process warmed up first (extra row)',
    meaning:
      'The baseline, but each of the 6 processes first drains 100,000 events of a stream of its own with the same loop, so the measured fan-out runs optimized code, as long-running services do.',
    run: fanOut(bareLoop(100), events, true),
  },
  {
    id: 'fanout.warm-engine-batched',
    title: 'engine Batched(100, 10 ms), 2 services × 3 instances, each process warmed up first (extra row)',
    meaning:
      'The engine row above with the same warm-up as the warm baseline: cold minus warm is what 6 short-lived processes pay once to compile the engine’s per-event code.',
    baseline: 'fanout.warm-bare-count100',
    run: fanOut(engineBatched, events, true),
  },
  {
    id: `fanout.bullmq-c${BULLMQ_CONCURRENCY}`,
    title: `BullMQ: one queue per service × 3 Workers, concurrency ${BULLMQ_CONCURRENCY}`,
    meaning: `Peer: a queue per consuming service (BullMQ has no consumer groups), every job added to both queues beforehand with FlowProducer.addBulk; 3 Workers per queue with concurrency ${BULLMQ_CONCURRENCY}; smaller backlog.`,
    baseline: 'fanout.bare-count100',
    run: fanOut(bullmqWorkers(BULLMQ_CONCURRENCY), slowEvents),
  },
  {
    id: `fanout.moleculer-if${MOLECULER_MAX_IN_FLIGHT}`,
    title: `@moleculer/channels: 2 groups × 3 consumers, maxInFlight ${MOLECULER_MAX_IN_FLIGHT}`,
    meaning: 'Peer: two moleculer services (one group each) on one stream holding a backlog in its format; smaller backlog.',
    baseline: 'fanout.bare-count100',
    run: fanOut(moleculerChannels(MOLECULER_MAX_IN_FLIGHT), slowEvents),
  },
];

export const fanout: Family = {
  name: 'fanout',
  scenarios,
  // 7 processes starting at once on a shared host: one run moves ±25 % (docs/benchmarks.md), so
  // its medians are of 5 runs.
  runs: 5,
  targets: [
    { label: 'fan-out vs bare', subject: 'fanout.engine-batched', reference: 'fanout.bare-count100', metric: 'msgsPerSec', atLeast: 0.95 },
    {
      label: 'fan-out faster than BullMQ',
      subject: 'fanout.engine-batched',
      reference: `fanout.bullmq-c${BULLMQ_CONCURRENCY}`,
      metric: 'msgsPerSec',
      atLeast: 1,
    },
    {
      label: 'fan-out faster than moleculer',
      subject: 'fanout.engine-batched',
      reference: `fanout.moleculer-if${MOLECULER_MAX_IN_FLIGHT}`,
      metric: 'msgsPerSec',
      atLeast: 1,
    },
  ],
};
