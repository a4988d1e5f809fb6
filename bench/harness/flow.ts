// One producer process and consumer processes in groups (every group must receive every event:
// a consumer group per service, or one subscriber per group for pub/sub). Measures end to end:
// from the producer's first send (or, for a backlog, from the consumers' start) to the last
// delivery in the slowest group. A run that loses events, or in which deliveries stop for
// STALL_MS, fails (it is not a measurement).
import { Redis } from 'ioredis';
import { monoMs, sleep } from './clock';
import type { ConsumerReport, ProducerReport } from './protocol';
import type { Measurement } from './scenario';
import { concatSamples, summarize } from './stats';
import { WorkerProcess } from './workers';
import { redisCpuUs } from './redis';
import type { ConsumerConfig, ProducerJob } from '../drivers/types';

export interface FlowGroup {
  label: string;
  instances: ConsumerConfig[];
}

export interface FlowSpec {
  groups: FlowGroup[];
  producer: ProducerJob;
  /** Produce everything first, then start the consumers (a drain). */
  backlog: boolean;
  timeoutMs?: number;
  /** The Redis the flow runs on: its CPU time over the measured part is reported (none: not measured). */
  redisUrl?: string;
  /** Events each consumer process drains of its own before the flow starts (see ConsumerJob.warmUp). */
  warmUp?: number;
}

/** Events sent in the first WARMUP share of a run are warm-up (JIT, connections, first GCs). */
export const WARMUP = 0.2;
/** No new delivery for this long while events are still missing: the run stalled. */
export const STALL_MS = 30_000;

export interface GroupOutcome {
  label: string;
  deliveries: number;
  unique: number;
  seconds: number;
  latencies: Float64Array;
  /** Latencies of events sent after the first WARMUP share: leaves out warm-up. */
  warmLatencies: Float64Array;
  perInstance: number[];
  /** From the start (consumers' start signal, or the producer's first send) to the first delivery: subscribe and connection set-up. */
  firstDeliveryMs: number;
  /** From the first instance's last delivery to the last one's: how unevenly the instances finish. */
  tailMs: number;
  /** What each instance reported (for profiling aids that look at single deliveries). */
  reports: ConsumerReport[];
}

export interface FlowOutcome {
  groups: GroupOutcome[];
  producerSeconds: number;
  backlog: boolean;
  /** The producer's asked rate when it was paced, else null (it flooded). */
  pacedAt: number | null;
  /** CPU the Redis server used from the start (consumers' start, or the producer's) to the last delivery; null when not measured. */
  redisCpuUs: number | null;
}

const STARTUP_MS = 60_000;

export async function runFlow(spec: FlowSpec): Promise<FlowOutcome> {
  const events = spec.producer.events;
  const consumers = spec.groups.map((group) =>
    group.instances.map(
      (consumer) =>
        new WorkerProcess(`${group.label}/${consumer.instance}`, 'consumer', {
          consumer,
          expected: Math.ceil((events * 1.5) / group.instances.length),
          warmUp: spec.warmUp,
        }),
    ),
  );
  const all = consumers.flat();
  const producer = new WorkerProcess('producer', 'producer', spec.producer);
  const redis = spec.redisUrl ? new Redis(spec.redisUrl) : null;
  try {
    await Promise.all([...all, producer].map((w) => w.waitFor('ready', STARTUP_MS)));

    let t0: number;
    let produced: Promise<ProducerReport>;
    let redisCpuAtStart = 0;
    const startConsumers = async () => {
      for (const w of all) w.send({ type: 'start' });
      await Promise.all(all.map((w) => w.waitFor('started', STARTUP_MS)));
    };
    const startProducer = () => {
      producer.send({ type: 'start' });
      return producer.waitFor('done', spec.timeoutMs ?? 300_000).then((m) => m.report as ProducerReport);
    };
    if (spec.backlog) {
      produced = startProducer();
      await produced;
      if (redis) redisCpuAtStart = await redisCpuUs(redis);
      t0 = monoMs();
      await startConsumers();
    } else {
      await startConsumers();
      if (redis) redisCpuAtStart = await redisCpuUs(redis);
      produced = startProducer();
      t0 = Number.NaN; // the producer's own start stamp, below
    }

    await waitForDeliveries(consumers, events, spec.timeoutMs ?? 300_000);
    const redisCpu = redis ? (await redisCpuUs(redis)) - redisCpuAtStart : null;
    const producerReport = await produced;
    if (!spec.backlog) t0 = producerReport.startedAt;

    for (const w of all) w.send({ type: 'stop' });
    const reports = await Promise.all(
      consumers.map((group) => Promise.all(group.map((w) => w.waitFor('done', STARTUP_MS).then((m) => m.report as ConsumerReport)))),
    );
    return {
      backlog: spec.backlog,
      pacedAt: spec.producer.mode.kind === 'paced' ? spec.producer.mode.perSecond : null,
      producerSeconds: (producerReport.endedAt - producerReport.startedAt) / 1000,
      redisCpuUs: redisCpu,
      groups: spec.groups.map((group, i) => summarizeGroup(group.label, reports[i], events, t0)),
    };
  } finally {
    for (const w of [...all, producer]) w.kill();
    redis?.disconnect();
  }
}

async function waitForDeliveries(groups: WorkerProcess[][], events: number, timeoutMs: number): Promise<void> {
  const deadline = monoMs() + timeoutMs;
  let total = -1;
  let movedAt = monoMs();
  for (;;) {
    const failed = groups.flat().find((w) => w.failed);
    if (failed?.failed) throw failed.failed;
    const counts = groups.map((g) => g.reduce((n, w) => n + w.progress, 0));
    if (counts.every((n) => n >= events)) return;
    const now = monoMs();
    const sum = counts.reduce((a, b) => a + b, 0);
    if (sum !== total) {
      total = sum;
      movedAt = now;
    }
    if (now - movedAt > STALL_MS)
      throw new Error(`stalled: no delivery for ${STALL_MS / 1000} s, deliveries per group ${counts.join(', ')} of ${events}`);
    if (now > deadline) throw new Error(`timed out: deliveries per group ${counts.join(', ')} of ${events}`);
    await sleep(20);
  }
}

function summarizeGroup(label: string, reports: ConsumerReport[], events: number, t0: number): GroupOutcome {
  const seen = new Uint8Array(events);
  let unique = 0;
  for (const report of reports) {
    for (const seq of report.seqs) {
      if (seq < events && seen[seq] === 0) {
        seen[seq] = 1;
        unique++;
      }
    }
  }
  const lastAt = Math.max(...reports.map((r) => r.lastAt));
  const active = reports.filter((r) => r.received > 0);
  return {
    label,
    deliveries: reports.reduce((n, r) => n + r.received, 0),
    unique,
    seconds: (lastAt - t0) / 1000,
    latencies: concatSamples(reports.map((r) => r.latencies)),
    warmLatencies: concatSamples(reports.map((r) => r.latencies.filter((_, i) => r.seqs[i] >= events * WARMUP))),
    perInstance: reports.map((r) => r.received),
    firstDeliveryMs: Math.min(...active.map((r) => r.firstAt)) - t0,
    tailMs: lastAt - Math.min(...active.map((r) => r.lastAt)),
    reports,
  };
}

/**
 * One scenario measurement from a flow: rate of the slowest group, latency over all deliveries,
 * heap and GC over all consumer processes. Throws when an event never arrived.
 */
export function measureFlow(outcome: FlowOutcome, events: number, bytesPerMessage: number): Measurement {
  const missing = outcome.groups.reduce((n, g) => n + (events - g.unique), 0);
  if (missing > 0)
    throw new Error(`lost events: ${outcome.groups.map((g) => `${g.label} ${events - g.unique}`).join(', ')} of ${events} never delivered`);
  const seconds = Math.max(...outcome.groups.map((g) => g.seconds));
  const producerMsgsPerSec = events / outcome.producerSeconds;
  const notes: Record<string, number | string> = {
    duplicates: outcome.groups.reduce((n, g) => n + (g.deliveries - g.unique), 0),
  };
  if (outcome.backlog) notes.backlogWrittenPerSec = Math.round(producerMsgsPerSec);
  // Labels carry the run's unique token; drop it so notes of different runs line up.
  for (const g of outcome.groups) {
    const label = g.label.replace(/bench-[0-9a-f]+[-:]?/, '');
    notes[`share:${label}`] = g.perInstance.join('/');
    // Where the time that is not steady delivery goes: set-up before the first event, uneven finish.
    notes[`firstDeliveryMs:${label}`] = Math.round(g.firstDeliveryMs);
    notes[`tailMs:${label}`] = Math.round(g.tailMs);
  }
  const reports = outcome.groups.flatMap((g) => g.reports);
  const delivered = reports.reduce((n, r) => n + r.received, 0);
  const per100k = (v: number) => (v * 1e5) / delivered;
  // CPU per delivered event over all consumer processes: tells a consumer that works more per event
  // from one that waits more (on Redis, or on the cores the other processes hold).
  notes.cpuUsPerEvent = Number((reports.reduce((n, r) => n + r.cpuUs, 0) / delivered).toFixed(2));
  // The Redis server's share: with the consumers it shares the cores, and its own CPU per event
  // shows a consumer that makes Redis work more (smaller reads, more commands). Live flows include the producer's writes.
  if (outcome.redisCpuUs !== null) notes.redisCpuUsPerEvent = Number((outcome.redisCpuUs / delivered).toFixed(2));
  return {
    messages: events,
    seconds,
    bytesPerMessage,
    latency: summarize(concatSamples(outcome.groups.map((g) => g.latencies))),
    warmLatency: summarize(concatSamples(outcome.groups.map((g) => g.warmLatencies))),
    ...(outcome.backlog
      ? {}
      : {
          producer: {
            msgsPerSec: producerMsgsPerSec,
            bound: events / seconds >= 0.9 * producerMsgsPerSec,
            ...(outcome.pacedAt === null ? {} : { pacedAt: outcome.pacedAt }),
          },
        }),
    heap: {
      allocMBPer100k: per100k(reports.reduce((n, r) => n + r.heap.allocBytes, 0)) / 1e6,
      gcPer100k: per100k(reports.reduce((n, r) => n + r.heap.gcCount, 0)),
      gcMsPer100k: per100k(reports.reduce((n, r) => n + r.heap.gcMs, 0)),
      heapPeakMB: Math.max(...reports.map((r) => r.heap.heapPeakBytes)) / 1e6,
    },
    notes,
  };
}
