// Consumers on the same input: a backlog written beforehand by one shared producer process (bare
// pipelined XADDs; BullMQ: its addBulk), then 3 consumer processes of one service start and drain
// it; measured from their start to the last delivery. The producer cannot set the pace here, so
// these are the consumer throughput comparisons (and their heap and GC per 100k events).
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
  warmUpEvents,
} from './flows';
import { BULLMQ_CONCURRENCY, MOLECULER_MAX_IN_FLIGHT } from './peers';

const INSTANCES = 3;
/** The backlog the targets are about. */
const backlog = (ctx: ScenarioContext) => sized(ctx, { quick: 3_000, default: 200_000, full: 200_000 });
/** One round trip per event (COUNT 1) and the peers drain 5–20× slower: a smaller backlog keeps the run short. */
const slowBacklog = (ctx: ScenarioContext) => sized(ctx, { quick: 1_000, default: 50_000, full: 200_000 });

function drain(system: ConsumerSystem, events: (ctx: ScenarioContext) => number, warm = false) {
  return (ctx: ScenarioContext) =>
    measure({
      redisUrl: ctx.redisUrl,
      token: ctx.token,
      system,
      services: ['svc'],
      instances: INSTANCES,
      events: events(ctx),
      mode: FLOOD_100,
      backlog: true,
      ...(warm ? { warmUp: warmUpEvents(ctx) } : {}),
    });
}

const scenarios: Scenario[] = [
  {
    id: 'drain.bare-count100',
    title: 'bare XREADGROUP COUNT 100 loop + one XACK per read, draining a backlog',
    meaning:
      "Baseline: 3 processes in one group, each looping XREADGROUP COUNT 100 BLOCK 100 read as bytes and decoded to text in place (the engine's way of reading a reply: the same decoder, electron/engine/reply.ts), JSON.parse + the per-message handler for each entry, then one XACK of the ids read, on a backlog written beforehand (group at 0).",
    run: drain(bareLoop(100), backlog),
  },
  {
    id: 'drain.engine-batched',
    title: 'engine Batched(maxBatchSize 100, maxLatency 10 ms) draining the same backlog',
    meaning:
      'The engine: 3 instances of EventConsumer.batched(100, 10 ms), default subscribe options, the handler calls the same per-message handler for each event of the batch.',
    baseline: 'drain.bare-count100',
    run: drain(engineBatched, backlog),
  },
  {
    id: 'drain.engine-immediate',
    title: 'engine Immediate(concurrency 1) draining the same backlog',
    meaning:
      'The engine: 3 instances of EventConsumer.immediate with concurrency 1 (one event at a time, in order; prefetch 100 by default), same handler; compared with the bare COUNT 100 loop, which also reads 100 per round trip.',
    baseline: 'drain.bare-count100',
    run: drain(engineImmediate, backlog),
  },
  {
    id: 'drain.warm-bare-count100',
    title: 'bare COUNT 100 loop, each process warmed up first (extra row)',
    meaning:
      'The baseline loop, but each of the 3 processes first drains 100,000 events of a stream of its own with the same loop, so the measured drain runs optimized code, as a long-running service does. The cold rows above are processes that start and drain at once (~67,000 events each in under a second), where compiling the code is part of the cost.',
    run: drain(bareLoop(100), backlog, true),
  },
  {
    id: 'drain.warm-engine-batched',
    title: 'engine Batched(100, 10 ms), each process warmed up first (extra row)',
    meaning:
      'The engine row above, with the same warm-up as the warm baseline (each process first drains 100,000 events of its own with a Batched subscription): the difference between the cold and warm ratios is what the engine pays once, to compile its larger per-event code, in a process that lives for one short drain.',
    baseline: 'drain.warm-bare-count100',
    run: drain(engineBatched, backlog, true),
  },
  {
    id: 'drain.bare-count100-text',
    title: "bare COUNT 100 loop on ioredis's text replies (extra row)",
    meaning:
      "For reference: the baseline loop reading with ioredis's text command (which copies each entry's two arrays while decoding), emptying the reply once its entries are taken: the baseline until the engine read bytes and decoded in place.",
    baseline: 'drain.bare-count100',
    run: drain(bareLoop(100, 'text'), backlog),
  },
  {
    id: 'drain.bare-count100-plain',
    title: 'bare COUNT 100 loop as commonly written (extra row)',
    meaning:
      "For reference: the loop as commonly written, ioredis's text command and each XREADGROUP reply array kept as ioredis resolved it; emptying it once the entries are taken keeps V8 from promoting every reply (electron/engine/reply.ts).",
    baseline: 'drain.bare-count100',
    run: drain(bareLoop(100, 'text-kept'), backlog),
  },
  {
    id: 'drain.bare-count1',
    title: 'bare XREADGROUP COUNT 1 + XACK per message (extra row)',
    meaning:
      'For reference: the bare loop reading and acking one entry per round trip (what a consumer without prefetch does), on a smaller backlog.',
    baseline: 'drain.bare-count100',
    run: drain(bareLoop(1), slowBacklog),
  },
  {
    id: `drain.bullmq-c${BULLMQ_CONCURRENCY}`,
    title: `BullMQ 6.7: 3 Worker processes, concurrency ${BULLMQ_CONCURRENCY}, backlog from addBulk`,
    meaning: `Peer at its documented best: one queue, jobs added beforehand with Queue.addBulk (100 per call, removeOnComplete/removeOnFail), 3 Worker processes with concurrency ${BULLMQ_CONCURRENCY}; on a smaller backlog.`,
    baseline: 'drain.bare-count100',
    run: drain(bullmqWorkers(BULLMQ_CONCURRENCY), slowBacklog),
  },
  {
    id: `drain.moleculer-if${MOLECULER_MAX_IN_FLIGHT}`,
    title: `@moleculer/channels 0.1.8 Redis adapter, maxInFlight ${MOLECULER_MAX_IN_FLIGHT}`,
    meaning: `Peer: moleculer 0.14 brokers with the channels middleware, 3 processes in one group, maxInFlight ${MOLECULER_MAX_IN_FLIGHT}, on a backlog in its format (field payload) written by the shared bare producer; on a smaller backlog.`,
    baseline: 'drain.bare-count100',
    run: drain(moleculerChannels(MOLECULER_MAX_IN_FLIGHT), slowBacklog),
  },
];

export const drainFamily: Family = {
  name: 'drain',
  scenarios,
  // Each run starts 3 cold processes that finish in under a second; on a shared host one run of
  // either side moves ±15 % (docs/benchmarks.md), so its medians are of 5 runs.
  runs: 5,
  targets: [
    {
      label: 'Batched drain of the backlog',
      subject: 'drain.engine-batched',
      reference: 'drain.bare-count100',
      metric: 'msgsPerSec',
      atLeast: 0.95,
    },
    {
      label: 'Immediate (concurrency 1) drain',
      subject: 'drain.engine-immediate',
      reference: 'drain.bare-count100',
      metric: 'msgsPerSec',
      atLeast: 0.8,
    },
    {
      label: 'Batched heap allocated per 100k events',
      subject: 'drain.engine-batched',
      reference: 'drain.bare-count100',
      metric: 'allocMBPer100k',
      atMost: 1.2,
    },
    {
      label: 'Batched GC time per 100k events',
      subject: 'drain.engine-batched',
      reference: 'drain.bare-count100',
      metric: 'gcMsPer100k',
      atMost: 1.2,
    },
    {
      label: 'Immediate heap allocated per 100k events',
      subject: 'drain.engine-immediate',
      reference: 'drain.bare-count100',
      metric: 'allocMBPer100k',
      atMost: 1.2,
    },
    {
      label: 'Immediate GC time per 100k events',
      subject: 'drain.engine-immediate',
      reference: 'drain.bare-count100',
      metric: 'gcMsPer100k',
      atMost: 1.2,
    },
    {
      label: 'Batched faster than BullMQ',
      subject: 'drain.engine-batched',
      reference: `drain.bullmq-c${BULLMQ_CONCURRENCY}`,
      metric: 'msgsPerSec',
      atLeast: 1,
    },
    {
      label: 'Batched faster than moleculer',
      subject: 'drain.engine-batched',
      reference: `drain.moleculer-if${MOLECULER_MAX_IN_FLIGHT}`,
      metric: 'msgsPerSec',
      atLeast: 1,
    },
  ],
};
