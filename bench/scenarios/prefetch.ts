// Prefetch with slow handlers: 3 Immediate instances (in this process) drain a backlog of 1,500
// events whose handler takes long next to claimIdleMs, so the default prefetch of 100 holds
// entries for longer than claimIdleMs. Compared with prefetch 1 (nothing held, nothing to claim):
// with the default prefetch the engine must be as fast and must not run events twice (notes:
// duplicates, claimed, deadLettered). Before instances kept their hold on what they fetched, peers
// claimed and re-ran those entries: 89–106 % duplicates and half the throughput at 25 ms / 1 s.
import { slowDrain } from '../../test/chaos/fixtures/slow-drain';
import { sized, type Family, type Measurement, type Scenario, type ScenarioContext } from '../harness/scenario';

const EVENTS = 1_500;
const INSTANCES = 3;
/** `{"n":1234}`: the events are tiny; the handler's time is what is measured. */
const EVENT_BYTES = 10;

/**
 * The slow case stands for 500 ms handlers with the default claimIdleMs of 30 s (prefetch × handler
 * = 1.67 × claimIdleMs). A default-size run keeps that ratio at a tenth of the times, a full one at
 * a fifth (a run at the real times takes over 4 minutes).
 */
const slowCase = (ctx: ScenarioContext) =>
  sized(ctx, {
    quick: { handlerMs: 50, claimIdleMs: 3_000 },
    default: { handlerMs: 50, claimIdleMs: 3_000 },
    full: { handlerMs: 100, claimIdleMs: 6_000 },
  });

async function drain(ctx: ScenarioContext, handlerMs: number, claimIdleMs: number, prefetch?: number): Promise<Measurement> {
  const f = await slowDrain({
    redisUrl: ctx.redisUrl,
    stream: `${ctx.token}:prefetch`,
    group: `${ctx.token}-svc`,
    instances: INSTANCES,
    events: EVENTS,
    handlerMs,
    options: { claimIdleMs, ...(prefetch ? { prefetch } : {}) },
    timeoutMs: 600_000,
  });
  if (f.handled + f.deadLettered < EVENTS) throw new Error(`only ${f.handled} of ${EVENTS} events handled within the time limit`);
  return {
    messages: f.handled,
    seconds: f.seconds,
    bytesPerMessage: EVENT_BYTES,
    latency: null,
    notes: {
      handlerRuns: f.handlerRuns,
      duplicates: f.duplicates,
      claimed: f.claimed,
      deadLettered: f.deadLettered,
      handlerMs,
      claimIdleMs,
    },
  };
}

const scenarios: Scenario[] = [
  {
    id: 'prefetch.p1-25ms',
    title: 'Immediate prefetch 1, 25 ms handler, claimIdleMs 1 s',
    meaning: `Baseline: 3 Immediate instances (concurrency 1, prefetch 1: nothing waits in a buffer) drain ${EVENTS.toLocaleString('en-US')} waiting events with a 25 ms handler.`,
    run: (ctx) => drain(ctx, 25, 1_000, 1),
  },
  {
    id: 'prefetch.default-25ms',
    title: 'Immediate default prefetch (100), 25 ms handler, claimIdleMs 1 s',
    meaning:
      'The same with the default prefetch: 100 × 25 ms = 2.5 s of buffer per instance, 2.5 × claimIdleMs; notes count handler runs, duplicates and claims.',
    baseline: 'prefetch.p1-25ms',
    run: (ctx) => drain(ctx, 25, 1_000),
  },
  {
    id: 'prefetch.p1-slow',
    title: 'Immediate prefetch 1, slow handler (scaled 500 ms / claimIdleMs 30 s)',
    meaning:
      'Baseline: prefetch 1 with the slow handler (50 ms with claimIdleMs 3 s; --full 100 ms with 6 s), the ratio of 500 ms handlers with the default 30 s.',
    run: (ctx) => drain(ctx, slowCase(ctx).handlerMs, slowCase(ctx).claimIdleMs, 1),
  },
  {
    id: 'prefetch.default-slow',
    title: 'Immediate default prefetch (100), slow handler (scaled 500 ms / claimIdleMs 30 s)',
    meaning: 'The same with the default prefetch: the buffer holds 1.67 × claimIdleMs of work per instance.',
    baseline: 'prefetch.p1-slow',
    run: (ctx) => drain(ctx, slowCase(ctx).handlerMs, slowCase(ctx).claimIdleMs),
  },
];

export const prefetchFamily: Family = {
  name: 'prefetch',
  scenarios,
  targets: [
    {
      label: 'prefetch with 25 ms handlers',
      subject: 'prefetch.default-25ms',
      reference: 'prefetch.p1-25ms',
      metric: 'msgsPerSec',
      atLeast: 0.9,
    },
    {
      label: 'prefetch with slow handlers',
      subject: 'prefetch.default-slow',
      reference: 'prefetch.p1-slow',
      metric: 'msgsPerSec',
      atLeast: 0.9,
    },
  ],
};
