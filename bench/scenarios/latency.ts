// Latency under a steady load: one shared producer process paced at 1k, 5k and 10k events/s (one
// XADD per event, sends overlapping), 3 consumer processes. Latency is producer stamp → handler,
// across processes. Targets use the steady state: events sent after the first 20 % of the run
// (warm-up: JIT, connections, the workers' first collections); whole-run figures are reported too.
import type { Family, Scenario, ScenarioContext, Target } from '../harness/scenario';
import { sized } from '../harness/scenario';
import type { ProduceMode } from '../drivers/types';
import { bareLoop, bullmqWorkers, engineImmediate, measure, moleculerChannels, type ConsumerSystem } from './flows';
import { BULLMQ_CONCURRENCY, MOLECULER_MAX_IN_FLIGHT } from './peers';

const INSTANCES = 3;
const RATES = [1_000, 5_000, 10_000] as const;
// 10 s by default: the p99 after warm-up of a 5 s run came from 4 s of events, whose slowest 1 %
// (200 events at 5k/s) a single 10 ms stall of the shared host fills a quarter of; and the first
// 20 % (2 s) covers both sides' JIT tier-up, measured up to ~1.5 s at ~1,700 events/s per process
// (docs/benchmarks.md, "One write per read").
const seconds = (ctx: ScenarioContext) => sized(ctx, { quick: 1, default: 10, full: 15 });
const paced = (perSecond: number): ProduceMode => ({ kind: 'paced', perSecond });

function at(system: ConsumerSystem, perSecond: number) {
  return (ctx: ScenarioContext) =>
    measure({
      redisUrl: ctx.redisUrl,
      token: ctx.token,
      system,
      services: ['svc'],
      instances: INSTANCES,
      events: perSecond * seconds(ctx),
      mode: paced(perSecond),
      backlog: false,
    });
}

const k = (rate: number) => `${rate / 1000}k`;

const scenarios: Scenario[] = RATES.flatMap((rate): Scenario[] => {
  // The baseline and its A/A control run the very same thing.
  const bare = at(bareLoop(100), rate);
  return [
    {
      id: `latency.bare-${k(rate)}`,
      title: `shared producer paced at ${rate}/s → bare XREADGROUP COUNT 100 BLOCK 100`,
      meaning: `Baseline: the shared producer sends one XADD per event at ${rate} events/s; 3 bare consumers (COUNT 100, BLOCK 100, XACK per read).`,
      run: bare,
    },
    {
      id: `latency.bare-${k(rate)}-again`,
      title: `the same bare loop at ${rate}/s, a second time (A/A)`,
      meaning: `Control: exactly the baseline again, in the same rounds; its ratio to the baseline is how far the host alone moved the p99.`,
      baseline: `latency.bare-${k(rate)}`,
      run: bare,
    },
    {
      id: `latency.engine-${k(rate)}`,
      title: `shared producer paced at ${rate}/s → engine Immediate, concurrency 1`,
      meaning: `The same producer and rate, 3 engine Immediate instances (concurrency 1).`,
      baseline: `latency.bare-${k(rate)}`,
      run: at(engineImmediate, rate),
    },
  ];
});

scenarios.push(
  {
    id: `latency.bullmq-c${BULLMQ_CONCURRENCY}-5k`,
    title: `BullMQ Queue.add paced at 5000/s → Workers, concurrency ${BULLMQ_CONCURRENCY}`,
    meaning: `Peer at 5,000 events/s: BullMQ's own producer (one Queue.add per event), 3 Workers with concurrency ${BULLMQ_CONCURRENCY}.`,
    baseline: 'latency.bare-5k',
    run: at(bullmqWorkers(BULLMQ_CONCURRENCY), 5_000),
  },
  {
    id: `latency.moleculer-if${MOLECULER_MAX_IN_FLIGHT}-5k`,
    title: `shared producer (payload field) paced at 5000/s → moleculer maxInFlight ${MOLECULER_MAX_IN_FLIGHT}`,
    meaning: `Peer at 5,000 events/s: the shared producer writing moleculer's field, 3 channel consumers with maxInFlight ${MOLECULER_MAX_IN_FLIGHT}.`,
    baseline: 'latency.bare-5k',
    run: at(moleculerChannels(MOLECULER_MAX_IN_FLIGHT), 5_000),
  },
);

const targets: Target[] = [
  ...RATES.map((rate): Target => ({
    label: `p99 after warm-up at ${rate}/s`,
    subject: `latency.engine-${k(rate)}`,
    reference: `latency.bare-${k(rate)}`,
    metric: 'p99Warm',
    atMost: 1.3,
    control: `latency.bare-${k(rate)}-again`,
  })),
  {
    label: 'p99 after warm-up at 5k/s below BullMQ',
    subject: 'latency.engine-5k',
    reference: `latency.bullmq-c${BULLMQ_CONCURRENCY}-5k`,
    metric: 'p99Warm',
    atMost: 1,
    control: 'latency.bare-5k-again',
  },
  {
    label: 'p99 after warm-up at 5k/s below moleculer',
    subject: 'latency.engine-5k',
    reference: `latency.moleculer-if${MOLECULER_MAX_IN_FLIGHT}-5k`,
    metric: 'p99Warm',
    atMost: 1,
    control: 'latency.bare-5k-again',
  },
];

// A paced p99 is the 99th percentile of a few thousand events on a shared host: one run's p99
// swings 2–20 ms for both sides (docs/benchmarks.md), so its medians are of 5 runs.
export const latency: Family = { name: 'latency', scenarios, targets, runs: 5 };
