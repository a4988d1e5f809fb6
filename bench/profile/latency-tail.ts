// Profiling aid (not part of `npm run bench`): where the paced-latency tail comes from. Runs the
// latency flow (1 paced producer, 3 consumer processes) for each side given, alternating, and per
// run prints p50/p95/p99 overall and per instance, and how the slowest deliveries cluster in time
// (one stall hits every event sent during it; a slow path hits events evenly).
//   npx tsx bench/profile/latency-tail.ts --rate 1000 --seconds 5 --runs 3 --sides bare/bare,engine/engine,bare/engine
// A side is producer/consumer: bare (ioredis, COUNT 100 BLOCK 100) or engine (produce() / Immediate c1);
// consumer engine-no-presence is the engine without presence heartbeats (BENCH_ENGINE_PRESENCE=off).
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { runFlow } from '../harness/flow';
import { deleteKeysContaining, uniqueToken } from '../harness/redis';
import { percentile } from '../harness/stats';
import type { ConsumerConfig, ProducerConfig } from '../drivers/types';
import { createGroups, group, type WithoutIdentity } from '../scenarios/flows';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
    sides: { type: 'string', default: 'bare/bare,engine/engine' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const rate = Number(values.rate);
const events = Math.round(rate * Number(values.seconds));
const redisUrl = values.redis as string;
const sides = (values.sides as string).split(',').map((s) => {
  const [producer, consumer] = s.split('/');
  if (!['bare', 'engine'].includes(producer) || !['bare', 'engine', 'engine-no-presence'].includes(consumer))
    throw new Error(`--sides: each side is producer/consumer, producer bare|engine, consumer bare|engine|engine-no-presence, got '${s}'`);
  return { producer, consumer, label: s };
});

const fmt = (n: number) => n.toFixed(1).padStart(6);

/** p99 after warm-up (events sent after the first 20 %, as the latency family's targets) per side, for the summary. */
const warmP99s = new Map<string, number[]>();

async function runOnce(label: string, producerKind: string, consumerKind: string): Promise<string> {
  const token = uniqueToken();
  const stream = `${token}:events`;
  const service = `${token}-svc`;
  await createGroups(redisUrl, stream, [service]);
  const consumer: WithoutIdentity<ConsumerConfig> =
    consumerKind === 'bare'
      ? { kind: 'bare-stream', stream, group: service, count: 100, blockMs: 100, reply: 'bytes' }
      : { kind: 'engine-immediate', stream, service, concurrency: 1 };
  // The consumer processes read it when they start (bench/drivers/engine.ts).
  if (consumerKind === 'engine-no-presence') process.env.BENCH_ENGINE_PRESENCE = 'off';
  else delete process.env.BENCH_ENGINE_PRESENCE;
  const producer: ProducerConfig =
    producerKind === 'bare' ? { kind: 'bare-stream', redis: redisUrl, stream } : { kind: 'engine', redis: redisUrl, stream, service };
  try {
    const outcome = await runFlow({
      groups: [group(service, redisUrl, 3, consumer)],
      producer: { producer, events, mode: { kind: 'paced', perSecond: rate } },
      backlog: false,
    });
    const reports = outcome.groups[0].reports;
    // Latency by send order (seq), over every instance.
    const bySeq = new Float64Array(events).fill(Number.NaN);
    const perInstance: string[] = [];
    for (const r of reports) {
      for (let i = 0; i < r.seqs.length; i++) if (r.seqs[i] < events) bySeq[r.seqs[i]] = r.latencies[i];
      const sorted = Float64Array.from(r.latencies).sort();
      perInstance.push(`${fmt(percentile(sorted, 0.99))}`);
    }
    const all = Float64Array.from(bySeq.filter((v) => !Number.isNaN(v))).sort();
    const p99 = percentile(all, 0.99);
    const warm = Float64Array.from(bySeq.subarray(Math.floor(events * 0.2)).filter((v) => !Number.isNaN(v))).sort();
    const p99Warm = percentile(warm, 0.99);
    warmP99s.set(label, [...(warmP99s.get(label) ?? []), p99Warm]);
    // Slow deliveries (≥ p99) grouped into bursts: consecutive seqs within 20 ms of send time.
    const slow: number[] = [];
    for (let s = 0; s < events; s++) if (bySeq[s] >= p99) slow.push(s);
    const bursts: Array<{ from: number; to: number; n: number; max: number }> = [];
    const gap = Math.max(1, Math.round((rate * 20) / 1000));
    for (const s of slow) {
      const last = bursts[bursts.length - 1];
      if (last && s - last.to <= gap) {
        last.to = s;
        last.n++;
        last.max = Math.max(last.max, bySeq[s]);
      } else bursts.push({ from: s, to: s, n: 1, max: bySeq[s] });
    }
    const burstText = bursts
      .sort((a, b) => b.n - a.n)
      .slice(0, 4)
      .map((b) => `${b.n}@${((b.from / rate) * 1000).toFixed(0)}ms(max ${b.max.toFixed(1)})`)
      .join(' ');
    return (
      `p99 warm ${fmt(p99Warm)}; p50 ${fmt(percentile(all, 0.5))} p95 ${fmt(percentile(all, 0.95))} p99 ${fmt(p99)} max ${fmt(all[all.length - 1])} ms; ` +
      `p99 per instance ${perInstance.join(' ')}; ${slow.length} slow in ${bursts.length} bursts: ${burstText}; ` +
      `first delivery at ${Math.min(...reports.map((r) => r.firstAt)).toFixed(1)} (monotonic ms)`
    );
  } finally {
    const redis = new Redis(redisUrl);
    await deleteKeysContaining(redis, token);
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  console.log(`${events} events paced at ${rate}/s, 3 consumer processes; latency producer stamp → handler`);
  for (let run = 1; run <= Number(values.runs); run++) {
    for (const side of sides) console.log(`run ${run} ${side.label.padEnd(13)} ${await runOnce(side.label, side.producer, side.consumer)}`);
  }
  for (const [label, values] of warmP99s) {
    const sorted = Float64Array.from(values).sort();
    console.log(`${label.padEnd(13)} p99 warm median ${fmt(percentile(sorted, 0.5))} ms of ${values.map((v) => v.toFixed(1)).join(' ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
