// Profiling aid (not part of `npm run bench`): what keeping an ioredis reply array costs. One
// process drains a backlog with a plain XREADGROUP COUNT 100 loop (no handler, no ack) twice per
// round, once keeping each reply as ioredis resolved it and once emptying it after taking the
// entries (electron/engine/reply.ts says why that matters), and prints bytes allocated, scavenges
// and bytes promoted per entry for each:
//   npx tsx bench/profile/reply-survival.ts --events 100000 --rounds 3
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { detachStreamEntries, type StreamReadReply } from '../../electron/engine';
import { monoMs } from '../harness/clock';
import { collectGarbage, HeapMeter } from '../harness/heap';
import { deleteKeysContaining, fillStream, uniqueToken } from '../harness/redis';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const events = Number(values.events);
const rounds = Number(values.rounds);

async function drainOnce(redis: Redis, token: string, detach: boolean): Promise<string> {
  const stream = `${token}:${detach ? 'detached' : 'kept'}`;
  await redis.xgroup('CREATE', stream, 'svc', '0', 'MKSTREAM');
  await fillStream(redis, stream, events, 1000);
  const reader = new Redis(values.redis);
  await reader.ping();
  collectGarbage(); // the fill's garbage is not the drain's
  const meter = new HeapMeter();
  meter.start();
  const t0 = monoMs();
  let read = 0;
  while (read < events) {
    const reply = (await reader.xreadgroup('GROUP', 'svc', 'c', 'COUNT', 100, 'STREAMS', stream, '>')) as StreamReadReply;
    read += (detach ? detachStreamEntries(reply) : (reply?.[0]?.[1] ?? [])).length;
  }
  const ms = monoMs() - t0;
  const use = meter.stop();
  reader.disconnect();
  await redis.del(stream);
  const per = (n: number) => (n / events).toFixed(1);
  return `${detach ? 'detached' : 'kept    '}: ${Math.round((events * 1000) / ms)} entries/s; allocated ${per(use.allocBytes)} B/entry; ${use.scavenges} scavenges ${use.scavengeMs.toFixed(0)} ms, ${use.majors} mark-compacts; promoted ${per(use.promotedBytes)} B/entry`;
}

const redis = new Redis(values.redis);
const token = uniqueToken();
try {
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? [false, true] : [true, false];
    for (const detach of order) console.log(`round ${round} ${await drainOnce(redis, token, detach)}`);
  }
} finally {
  await deleteKeysContaining(redis, token);
  redis.disconnect();
}
