// Profiling aid (not part of `npm run bench`): one consumer, in this process, drains a backlog
// while every ioredis command it sends is counted, with its CPU, the bytes it allocates and its GC
// per event (V8 GCProfiler); --profile writes a V8 CPU profile of the drain alone (not the backlog
// fill) and --heap-profile a sampling heap profile that keeps objects already collected (so it
// attributes every allocation, short-lived ones included, to the function that made it); both
// for bench/profile/top.ts. It also splits GC into scavenges and full collections and counts the
// bytes scavenges promote to the old generation (garbage that lives past two scavenges costs a
// copy each time and a mark-compact later):
//   npx tsx bench/profile/drain-one.ts --kind engine-batched --profile /tmp/engine.cpuprofile --heap-profile /tmp/engine.heapprofile
//   node --import tsx --trace-gc-nvp bench/profile/drain-one.ts --kind engine-immediate --gc-first --mark
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { Redis } from 'ioredis';
import { monoMs, sleep } from '../harness/clock';
import { collectGarbage, HeapMeter } from '../harness/heap';
import { fillStream, runThenClean, uniqueToken } from '../harness/redis';
import { CommandCounter } from '../harness/round-trips';
import { openConsumer } from '../drivers';
import type { ConsumerConfig } from '../drivers/types';

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'engine-batched' },
    events: { type: 'string', default: '100000' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    profile: { type: 'string' },
    'heap-profile': { type: 'string' },
    /** With --heap-profile: leave out what a scavenge collected, so the profile is what survived one (promoted or still young). */
    survivors: { type: 'boolean', default: false },
    /** A full collection after the backlog fill, so the fill's garbage is not promoted during the drain. */
    'gc-first': { type: 'boolean', default: false },
    /** Print lines around the measured drain, to cut `node --trace-gc-nvp` output to it. */
    mark: { type: 'boolean', default: false },
    /** Write a heap snapshot (/tmp/drain-<kind>.heapsnapshot) when the handler has seen this many events. */
    'snapshot-at': { type: 'string', default: '0' },
  },
});
const events = Number(values.events);
const token = uniqueToken();
const stream = `${token}:profile`;
const service = `${token}-svc`;
const redis = new Redis(values.redis);

function config(kind: string): ConsumerConfig {
  const base = { redis: values.redis, instance: 'profiled' };
  switch (kind) {
    case 'bare-count100':
      return { ...base, kind: 'bare-stream', stream, group: service, count: 100, blockMs: 100, reply: 'bytes' };
    case 'bare-count100-text':
      return { ...base, kind: 'bare-stream', stream, group: service, count: 100, blockMs: 100, reply: 'text' };
    case 'bare-count100-plain':
      return { ...base, kind: 'bare-stream', stream, group: service, count: 100, blockMs: 100, reply: 'text-kept' };
    case 'bare-count1':
      return { ...base, kind: 'bare-stream', stream, group: service, count: 1, blockMs: 100, reply: 'bytes' };
    case 'engine-batched':
      return { ...base, kind: 'engine-batched', stream, service, maxBatchSize: 100, maxLatencyMs: 10 };
    case 'engine-immediate':
      return { ...base, kind: 'engine-immediate', stream, service, concurrency: 1 };
    default:
      throw new Error(
        `--kind must be bare-count100, bare-count100-text, bare-count100-plain, bare-count1, engine-batched or engine-immediate, got '${kind}'`,
      );
  }
}

async function main(): Promise<void> {
  await redis.xgroup('CREATE', stream, service, '0', 'MKSTREAM');
  await fillStream(redis, stream, events, 1000);
  const counter = new CommandCounter();
  counter.ignore(redis);
  counter.start();
  let received = 0;
  const snapAt = Number(values['snapshot-at']);
  const consumer = await openConsumer(config(values.kind ?? ''), () => {
    if (++received === snapAt) console.log('snapshot', writeHeapSnapshot(`/tmp/drain-${values.kind}.heapsnapshot`));
  });
  counter.take();
  const session = new Session();
  if (values.profile || values['heap-profile']) session.connect();
  if (values.profile) {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  if (values['heap-profile']) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: !values.survivors,
    });
  }
  if (values['gc-first']) collectGarbage();
  if (values.mark) console.log('== drain start');
  const heapMeter = new HeapMeter();
  heapMeter.start();
  const t0 = monoMs();
  const cpu0 = process.cpuUsage();
  const loop0 = performance.eventLoopUtilization();
  await consumer.start();
  while (received < events) await sleep(1);
  const seconds = (monoMs() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // The main thread's busy time alone (CPU above also counts V8's GC helper threads and the kernel).
  const busyMs = performance.eventLoopUtilization(loop0).active;
  const counted = counter.take();
  const heap = heapMeter.stop();
  if (values.mark) console.log('== drain end');
  if (values.profile) {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(values.profile, JSON.stringify(profile));
  }
  if (values['heap-profile']) {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    await writeFile(values['heap-profile'], JSON.stringify(profile));
  }
  if (values.profile || values['heap-profile']) session.disconnect();
  await consumer.stop();
  counter.stop();
  const byCommand = Object.entries(counted.byCommand)
    .map(([k, n]) => `${k}=${n}`)
    .join(' ');
  console.log(
    `${values.kind}: ${events} events in ${seconds.toFixed(2)} s = ${Math.round(events / seconds)}/s; ` +
      `CPU ${((cpu.user + cpu.system) / events).toFixed(1)} µs/event (user ${(cpu.user / events).toFixed(1)}, system ${(cpu.system / events).toFixed(1)}), main thread busy ${((busyMs * 1000) / events).toFixed(1)} µs/event; ` +
      `allocated ${(heap.allocBytes / events).toFixed(0)} B/event; GC ${heap.gcMs.toFixed(0)} ms in ${heap.gcCount} pauses ` +
      `(${heap.scavenges} scavenges ${heap.scavengeMs.toFixed(0)} ms, ${heap.majors} mark-compacts, full GC ${heap.majorMs.toFixed(0)} ms), ` +
      `promoted ${(heap.promotedBytes / events).toFixed(1)} B/event; ` +
      `commands/event ${(counted.commands / events).toFixed(3)}, round trips/event ${(counted.roundTrips / events).toFixed(3)} (${byCommand})`,
  );
}

runThenClean(main, redis, token);
