// One producer process and consumer processes in groups (every group must receive every event:
// a consumer group per service, or one subscriber per group for pub/sub). Measures end to end:
// from the producer's first send (or, for a backlog, from the consumers' start) to the last
// delivery in the slowest group.
import { monoMs, sleep } from './clock';
import type { ConsumerReport, ProducerReport } from './protocol';
import type { Measurement } from './scenario';
import { concatSamples, summarize } from './stats';
import { WorkerProcess } from './workers';
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
}

export interface GroupOutcome {
  label: string;
  deliveries: number;
  unique: number;
  seconds: number;
  latencies: Float64Array;
  /** Latencies of events after the first 10 % sent: leaves out warm-up (JIT, connections). */
  warmLatencies: Float64Array;
  perInstance: number[];
  /** What each instance reported (for profiling aids that look at single deliveries). */
  reports: ConsumerReport[];
}

export interface FlowOutcome {
  groups: GroupOutcome[];
  producerSeconds: number;
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
        }),
    ),
  );
  const all = consumers.flat();
  const producer = new WorkerProcess('producer', 'producer', spec.producer);
  try {
    await Promise.all([...all, producer].map((w) => w.waitFor('ready', STARTUP_MS)));

    let t0: number;
    let produced: Promise<ProducerReport>;
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
      t0 = monoMs();
      await startConsumers();
    } else {
      await startConsumers();
      produced = startProducer();
      t0 = Number.NaN; // the producer's own start stamp, below
    }

    await waitForDeliveries(consumers, events, spec.timeoutMs ?? 300_000);
    const producerReport = await produced;
    if (!spec.backlog) t0 = producerReport.startedAt;

    for (const w of all) w.send({ type: 'stop' });
    const reports = await Promise.all(
      consumers.map((group) => Promise.all(group.map((w) => w.waitFor('done', STARTUP_MS).then((m) => m.report as ConsumerReport)))),
    );
    return {
      producerSeconds: (producerReport.endedAt - producerReport.startedAt) / 1000,
      groups: spec.groups.map((group, i) => summarizeGroup(group.label, reports[i], events, t0)),
    };
  } finally {
    for (const w of [...all, producer]) w.kill();
  }
}

async function waitForDeliveries(groups: WorkerProcess[][], events: number, timeoutMs: number): Promise<void> {
  const deadline = monoMs() + timeoutMs;
  for (;;) {
    const failed = groups.flat().find((w) => w.failed);
    if (failed?.failed) throw failed.failed;
    const counts = groups.map((g) => g.reduce((n, w) => n + w.progress, 0));
    if (counts.every((n) => n >= events)) return;
    if (monoMs() > deadline) throw new Error(`timed out: deliveries per group ${counts.join(', ')} of ${events}`);
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
  return {
    label,
    deliveries: reports.reduce((n, r) => n + r.received, 0),
    unique,
    seconds: (lastAt - t0) / 1000,
    latencies: concatSamples(reports.map((r) => r.latencies)),
    warmLatencies: concatSamples(reports.map((r) => r.latencies.filter((_, i) => r.seqs[i] >= events / 10))),
    perInstance: reports.map((r) => r.received),
    reports,
  };
}

/** One scenario measurement from a flow: rate of the slowest group, latency over all deliveries. */
export function measureFlow(outcome: FlowOutcome, events: number, bytesPerMessage: number): Measurement {
  const notes: Record<string, number | string> = {
    missing: outcome.groups.reduce((n, g) => n + (events - g.unique), 0),
    duplicates: outcome.groups.reduce((n, g) => n + (g.deliveries - g.unique), 0),
    producerMsgsPerSec: Math.round(events / outcome.producerSeconds),
    p99AfterWarmup: summarize(concatSamples(outcome.groups.map((g) => g.warmLatencies)))?.p99 ?? Number.NaN,
  };
  // Labels carry the run's unique token; drop it so notes of different runs line up.
  for (const g of outcome.groups) notes[`share:${g.label.replace(/bench-[0-9a-f]+[-:]?/, '')}`] = g.perInstance.join('/');
  return {
    messages: events,
    seconds: Math.max(...outcome.groups.map((g) => g.seconds)),
    bytesPerMessage,
    latency: summarize(concatSamples(outcome.groups.map((g) => g.latencies))),
    notes,
  };
}
