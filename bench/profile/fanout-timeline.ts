// Profiling aid (not part of `npm run bench`): one fan-out run (2 groups × 3 processes on one
// backlog), printing for every consumer process when its first and last delivery came after the
// consumers were started, its share, and its GC, to see where a fan-out run's time goes:
//   npx tsx bench/profile/fanout-timeline.ts --kind engine-batched --events 50000
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { monoMs } from '../harness/clock';
import { runFlow } from '../harness/flow';
import { deleteKeysContaining, uniqueToken } from '../harness/redis';
import { bareLoop, createGroups, engineBatched, engineImmediate, FLOOD_100, group } from '../scenarios/flows';

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'engine-batched' },
    events: { type: 'string', default: '50000' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const systems = { 'bare-count100': bareLoop(100), 'engine-batched': engineBatched, 'engine-immediate': engineImmediate };
const system = systems[values.kind as keyof typeof systems];
if (!system) throw new Error(`--kind must be one of ${Object.keys(systems).join(', ')}, got '${values.kind}'`);
const events = Number(values.events);

const token = uniqueToken();
const stream = `${token}:events`;
const services = ['billing', 'audit'].map((s) => `${token}-${s}`);
const redis = new Redis(values.redis);
try {
  await createGroups(values.redis, stream, services);
  const before = monoMs();
  const outcome = await runFlow({
    groups: services.map((s) => group(s, values.redis, 3, system.consumer(stream, s))),
    producer: { producer: { kind: 'bare-stream', redis: values.redis, stream }, events, mode: FLOOD_100 },
    backlog: true,
  });
  // Times below are from the earliest first delivery of any process.
  const t0 = Math.min(...outcome.groups.flatMap((g) => g.reports.map((r) => r.firstAt)));
  console.log(`${values.kind}: ${events} events, run took ${((monoMs() - before) / 1000).toFixed(2)} s in all`);
  for (const g of outcome.groups) {
    console.log(`  ${g.label.replace(token + '-', '')}: ${g.seconds.toFixed(3)} s from consumers' start to last delivery`);
    for (const r of g.reports)
      console.log(
        `    first +${(r.firstAt - t0).toFixed(0)} ms, last +${(r.lastAt - t0).toFixed(0)} ms, received ${r.received}, GC ${r.heap.gcMs.toFixed(0)} ms in ${r.heap.gcCount} (scavenges ${r.heap.scavengeMs.toFixed(0)} ms, ${r.heap.majors} mark-compacts ${r.heap.majorMs.toFixed(0)} ms, promoted ${(r.heap.promotedBytes / 1e6).toFixed(1)} MB), CPU ${(r.cpuUs / 1000).toFixed(0)} ms, alloc ${(r.heap.allocBytes / 1e6).toFixed(0)} MB`,
      );
  }
} finally {
  await deleteKeysContaining(redis, token);
  redis.disconnect();
}
