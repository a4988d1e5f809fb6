// Producing alone, in this process: awaited one at a time, and in batches of 100. Latency here is
// the time one call (one event, or one batch) takes to be accepted by Redis. The engine sends a
// batch as one script call (EVALSHA running the XADDs): its baseline is the same technique done
// bare; the bare pipeline of 100 XADDs is reported beside it (a different technique, not overhead).
import { monoMs } from '../harness/clock';
import { benchEvent, EVENT_BYTES, type BenchEvent } from '../harness/payload';
import { sized, type Family, type Measurement, type Scenario, type ScenarioContext } from '../harness/scenario';
import { summarize } from '../harness/stats';
import { openProducer } from '../drivers';
import type { ProducerConfig } from '../drivers/types';

const events = (ctx: ScenarioContext) => sized(ctx, { quick: 1_000, default: 20_000, full: 100_000 });

async function timedSends(count: number, batch: number, send: (events: BenchEvent[]) => Promise<unknown>): Promise<Measurement> {
  const calls = new Float64Array(Math.ceil(count / batch));
  const started = monoMs();
  for (let seq = 0, call = 0; seq < count; seq += batch, call++) {
    const t = monoMs();
    const chunk: BenchEvent[] = [];
    for (let i = seq; i < Math.min(count, seq + batch); i++) chunk.push(benchEvent(i, t));
    await send(chunk);
    calls[call] = monoMs() - t;
  }
  return { messages: count, seconds: (monoMs() - started) / 1000, bytesPerMessage: EVENT_BYTES, latency: summarize(calls) };
}

function produceWith(make: (ctx: ScenarioContext) => ProducerConfig, batch: number) {
  return async (ctx: ScenarioContext): Promise<Measurement> => {
    const producer = await openProducer(make(ctx));
    try {
      return await timedSends(events(ctx), batch, (chunk) => producer.send(chunk));
    } finally {
      await producer.close();
    }
  };
}

const bareStream = (ctx: ScenarioContext): ProducerConfig => ({ kind: 'bare-stream', redis: ctx.redisUrl, stream: `${ctx.token}:produce` });
const bareLua = (ctx: ScenarioContext): ProducerConfig => ({ kind: 'bare-lua', redis: ctx.redisUrl, stream: `${ctx.token}:produce` });
const engineStream = (ctx: ScenarioContext): ProducerConfig => ({
  kind: 'engine',
  redis: ctx.redisUrl,
  stream: `${ctx.token}:produce`,
  service: `${ctx.token}-svc`,
});

const scenarios: Scenario[] = [
  {
    id: 'produce.bare-xadd',
    title: 'bare ioredis XADD MAXLEN ~ 1e6, awaited one at a time',
    meaning: 'Baseline: one XADD per event in UCloud format, each awaited before the next; latency is per call.',
    run: produceWith(bareStream, 1),
  },
  {
    id: 'produce.engine-awaited',
    title: 'engine producer.produce(event), awaited one at a time',
    meaning: 'The engine producer, one event per awaited produce() call; latency is per call.',
    baseline: 'produce.bare-xadd',
    run: produceWith(engineStream, 1),
  },
  {
    id: 'produce.bare-pipeline100',
    title: 'bare ioredis pipeline of 100 XADD, awaited per pipeline',
    meaning: 'Baseline: 100 XADDs in one ioredis pipeline, pipelines awaited one after another; latency is per pipeline.',
    run: produceWith(bareStream, 100),
  },
  {
    id: 'produce.bare-lua100',
    title: 'bare ioredis EVALSHA of a script running 100 XADDs, awaited per call',
    meaning:
      "Baseline for batches: the engine's technique without the engine — one script call (defineCommand: EVALSHA) whose Lua runs the 100 XADD … MAXLEN ~ 1e6 calls; latency is per call.",
    run: produceWith(bareLua, 100),
  },
  {
    id: 'produce.engine-batch100',
    title: 'engine producer.produce([100 events]), awaited per batch',
    meaning: 'The engine producer given arrays of 100 events (one EVALSHA per batch); latency is per call.',
    baseline: 'produce.bare-lua100',
    run: produceWith(engineStream, 100),
  },
];

export const produce: Family = {
  name: 'produce',
  scenarios,
  // An awaited XADD is one loopback round trip (~70 µs): a run is 1–2 s, and load left by the
  // family before moves either side 10–20 % (0.87× to 1.04× in three runs of the same code,
  // docs/benchmarks.md). Each run is short, so its medians are of 5 runs.
  runs: 5,
  targets: [
    { label: 'produce awaited', subject: 'produce.engine-awaited', reference: 'produce.bare-xadd', metric: 'msgsPerSec', atLeast: 0.95 },
    {
      label: 'produce in batches of 100',
      subject: 'produce.engine-batch100',
      reference: 'produce.bare-lua100',
      metric: 'msgsPerSec',
      atLeast: 0.95,
    },
  ],
};
