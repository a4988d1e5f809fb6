// Profiling aid (not part of `npm run bench`): where the paced-latency tail comes from. Runs the
// latency flow (1 paced producer, 3 consumer processes) for each side given, alternating, and per
// run prints p50/p95/p99 overall and per instance, and how the slowest deliveries cluster in time
// (one stall hits every event sent during it; a slow path hits events evenly).
//   npx tsx bench/profile/latency-tail.ts --rate 1000 --seconds 5 --runs 3 --sides bare/bare,engine/engine,bare/engine
// A side is producer/consumer: bare (ioredis, COUNT 100 BLOCK 100) or engine (produce() / Immediate c1);
// consumer engine-no-presence is the engine without presence heartbeats (BENCH_ENGINE_PRESENCE=off).
// A side may end in :NAME=value, an environment variable set for that side's processes only (an
// A/B of a setting in one invocation, e.g. bare/engine,bare/engine:BENCH_CHILD_NODE_ARGS=--max-semi-space-size=32).
// Each run also prints the consumer processes' CPU per event and Redis's. --warm-up N first has each
// consumer process drain N events of its own with the same code (a process past its JIT warm-up).
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
    'warm-up': { type: 'string', default: '0' },
  },
});
const rate = Number(values.rate);
const events = Math.round(rate * Number(values.seconds));
const redisUrl = values.redis as string;
const warmUp = Number(values['warm-up']);
const sides = (values.sides as string).split(',').map((s) => {
  const [producer, consumerAndEnv = ''] = s.split('/');
  const [consumer, setting] = consumerAndEnv.split(':');
  const [envName, envValue] = setting ? setting.split('=') : [];
  if (
    !['bare', 'engine'].includes(producer) ||
    !['bare', 'engine', 'engine-no-presence'].includes(consumer) ||
    (setting !== undefined && !(envName && envValue !== undefined))
  )
    throw new Error(
      `--sides: each side is producer/consumer[:NAME=value], producer bare|engine, consumer bare|engine|engine-no-presence, got '${s}'`,
    );
  // engine-no-presence is the engine with BENCH_ENGINE_PRESENCE=off (read by bench/drivers/engine.ts).
  const env: Array<[string, string]> = consumer === 'engine-no-presence' ? [['BENCH_ENGINE_PRESENCE', 'off']] : [];
  if (setting) env.push([envName, envValue]);
  return { producer, consumer: consumer === 'engine-no-presence' ? 'engine' : consumer, label: s, env };
});

const fmt = (n: number) => n.toFixed(1).padStart(6);

/** p99 after warm-up (events sent after the first 20 %, as the latency family's targets) per side, for the summary. */
const warmP99s = new Map<string, number[]>();
/** Consumer processes' CPU (user + system) per delivered event, µs, per side: what the paced tail competes for. */
const cpuPerEvent = new Map<string, number[]>();

async function runOnce(label: string, producerKind: string, consumerKind: string): Promise<string> {
  const token = uniqueToken();
  const stream = `${token}:events`;
  const service = `${token}-svc`;
  await createGroups(redisUrl, stream, [service]);
  const consumer: WithoutIdentity<ConsumerConfig> =
    consumerKind === 'bare'
      ? { kind: 'bare-stream', stream, group: service, count: 100, blockMs: 100, reply: 'bytes' }
      : { kind: 'engine-immediate', stream, service, concurrency: 1 };
  const producer: ProducerConfig =
    producerKind === 'bare' ? { kind: 'bare-stream', redis: redisUrl, stream } : { kind: 'engine', redis: redisUrl, stream, service };
  try {
    const outcome = await runFlow({
      groups: [group(service, redisUrl, 3, consumer)],
      producer: { producer, events, mode: { kind: 'paced', perSecond: rate } },
      backlog: false,
      redisUrl,
      // Each consumer process first drains a backlog of its own with the same code (bench/harness/warm-up.ts).
      ...(warmUp > 0 ? { warmUp } : {}),
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
    const cpuUs = reports.reduce((n, r) => n + r.cpuUs, 0) / all.length;
    cpuPerEvent.set(label, [...(cpuPerEvent.get(label) ?? []), cpuUs]);
    const redisUs = outcome.redisCpuUs === null ? 'unknown' : (outcome.redisCpuUs / all.length).toFixed(1);
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
      `p99 warm ${fmt(p99Warm)}; CPU/event consumers ${cpuUs.toFixed(1)} µs, Redis ${redisUs} µs; p50 ${fmt(percentile(all, 0.5))} p95 ${fmt(percentile(all, 0.95))} p99 ${fmt(p99)} max ${fmt(all[all.length - 1])} ms; ` +
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
    for (const side of sides) {
      // The side's settings reach its child processes (they inherit this environment) and no other side's.
      const before = side.env.map(([name]) => [name, process.env[name]] as const);
      for (const [name, value] of side.env) process.env[name] = value;
      try {
        console.log(`run ${run} ${side.label.padEnd(13)} ${await runOnce(side.label, side.producer, side.consumer)}`);
      } finally {
        for (const [name, value] of before) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    }
  }
  for (const [label, values] of warmP99s) {
    const sorted = Float64Array.from(values).sort();
    const cpu = Float64Array.from(cpuPerEvent.get(label) ?? []).sort();
    console.log(
      `${label.padEnd(13)} p99 warm median ${fmt(percentile(sorted, 0.5))} ms of ${values.map((v) => v.toFixed(1)).join(' ')}; ` +
        `consumer CPU/event median ${percentile(cpu, 0.5).toFixed(1)} µs`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
