// Profiling aid (not part of `npm run bench`): where producing in batches costs time, client and
// server side. Alternates the bare pipeline and the engine producer in this process, each sending
// --events in batches of --batch, and prints per run: rate, client CPU per event, and Redis's own
// time per event from INFO commandstats (usec of XADD / EVALSHA / EVAL; the server is shared, so
// other clients' calls of the same commands leak in — compare runs, not single figures).
//   npx tsx bench/profile/produce-one.ts --batch 100 --events 20000 --runs 3
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { monoMs } from '../harness/clock';
import { benchEvent, type BenchEvent } from '../harness/payload';
import { runThenClean, uniqueToken } from '../harness/redis';
import { openProducer } from '../drivers';
import type { ProducerConfig } from '../drivers/types';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '100' },
    events: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const batch = Number(values.batch);
const events = Number(values.events);
const redisUrl = values.redis as string;
const redis = new Redis(redisUrl);
const token = uniqueToken();

async function serverUsec(): Promise<Map<string, { calls: number; usec: number }>> {
  const info = await redis.info('commandstats');
  const stats = new Map<string, { calls: number; usec: number }>();
  for (const m of info.matchAll(/cmdstat_(xadd|evalsha|eval):calls=(\d+),usec=(\d+)/g))
    stats.set(m[1], { calls: Number(m[2]), usec: Number(m[3]) });
  return stats;
}

async function runOnce(config: ProducerConfig): Promise<string> {
  const producer = await openProducer(config);
  const chunks: BenchEvent[][] = [];
  for (let seq = 0; seq < events; seq += batch)
    chunks.push(Array.from({ length: Math.min(batch, events - seq) }, (_, i) => benchEvent(seq + i, 0)));
  await producer.send(chunks[0]); // warm: connection, script cache
  const before = await serverUsec();
  const cpu0 = process.cpuUsage();
  const t0 = monoMs();
  for (const chunk of chunks) await producer.send(chunk);
  const seconds = (monoMs() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const after = await serverUsec();
  await producer.close();
  const server = [...after]
    .map(([cmd, s]) => ({ cmd, calls: s.calls - (before.get(cmd)?.calls ?? 0), usec: s.usec - (before.get(cmd)?.usec ?? 0) }))
    .filter((s) => s.calls > 0)
    .map((s) => `${s.cmd} ${s.calls} calls ${(s.usec / events).toFixed(2)} µs/event`)
    .join(', ');
  return `${Math.round(events / seconds)}/s; client CPU ${((cpu.user + cpu.system) / events).toFixed(2)} µs/event; server ${server}`;
}

async function main(): Promise<void> {
  console.log(`${events} events in batches of ${batch}`);
  for (let run = 1; run <= Number(values.runs); run++) {
    const stream = `${token}:produce-${run}`;
    console.log(`run ${run} bare   ${await runOnce({ kind: 'bare-stream', redis: redisUrl, stream })}`);
    console.log(`run ${run} engine ${await runOnce({ kind: 'engine', redis: redisUrl, stream, service: `${token}-svc` })}`);
  }
}

runThenClean(main, redis, token);
