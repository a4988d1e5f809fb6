// Measuring aid (not part of `npm run bench`): what the console's counting costs Redis
// (docs/lag-and-rates.md). Redis time comes from INFO commandstats (usec of EVALSHA/EVAL), wall
// time from here. Every key carries one token and is deleted afterwards.
//   npx tsx bench/profile/lag-cost.ts [--redis redis://127.0.0.1:6379] [--entries 250000] [--streams 200]
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createConsole } from '../../electron/console';
import type { StreamPage } from '../../shared/dto';
import { LAG_LIMITS } from '../../electron/console/group-lag';
import { countAfter, pendingGone } from '../../electron/console/stream-scripts';
import { deleteKeysContaining, redisVersion, uniqueToken } from '../harness/redis';

const { values } = parseArgs({
  options: {
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    entries: { type: 'string', default: '250000' },
    streams: { type: 'string', default: '200' },
  },
});
const redis = new Redis(values.redis);
const token = uniqueToken();
const payload = JSON.stringify({ jobName: 'job', state: 'RUNNING', detail: 'x'.repeat(60) });

/** Redis-side µs and calls of the scripting commands since the last call. */
async function scriptTime(): Promise<{ usec: number; calls: number }> {
  const stats = await redis.info('commandstats');
  let usec = 0;
  let calls = 0;
  for (const m of stats.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+),usec=(\d+)/g)) {
    calls += Number(m[1]);
    usec += Number(m[2]);
  }
  return { usec, calls };
}

async function measure<T>(what: () => Promise<T>): Promise<{ result: T; redisMs: number; wallMs: number; calls: number }> {
  const before = await scriptTime();
  const t = performance.now();
  const result = await what();
  const wallMs = performance.now() - t;
  const after = await scriptTime();
  return { result, redisMs: (after.usec - before.usec) / 1000, wallMs, calls: after.calls - before.calls };
}

async function fill(key: string, n: number): Promise<void> {
  for (let from = 1; from <= n; from += 10_000) {
    const p = redis.pipeline();
    for (let i = from; i < Math.min(n + 1, from + 10_000); i++) p.xadd(key, `${i}-0`, 'msg', payload);
    await p.exec();
  }
}

async function main() {
  const n = Number(values.entries);
  console.log(`Redis ${await redisVersion(redis)}; stream of ${n.toLocaleString('en-US')} entries of ${payload.length} bytes`);
  const key = `${token}:long`;
  await fill(key, n);

  console.log('\ncounting the entries after a position (chunks of 100, inside Redis)');
  for (const behind of [1_000, 10_000, 100_000, n - 1000]) {
    const after = `${n - behind}-0`;
    const m = await measure(() =>
      countAfter(redis, key, {
        after,
        limit: LAG_LIMITS.exactUpTo,
        behindBudget: LAG_LIMITS.behindBudget,
        behindAfter: LAG_LIMITS.behindAfter,
      }),
    );
    const r = m.result;
    console.log(
      `  lag ${behind.toLocaleString('en-US').padStart(9)}: ${r.exact ? 'exact   ' : 'at least'} ${r.count.toLocaleString('en-US').padStart(9)}, walked ${r.walked.toLocaleString('en-US').padStart(9)}, Redis ${m.redisMs.toFixed(1).padStart(6)} ms (${((m.redisMs * 1000) / Math.max(1, r.walked)).toFixed(2)} µs/entry), wall ${m.wallMs.toFixed(1)} ms`,
    );
  }
  {
    const m = await measure(() =>
      countAfter(redis, key, {
        after: `${Math.floor(n / 2)}-0`,
        limit: LAG_LIMITS.exactUpTo,
        behindBudget: LAG_LIMITS.behindBudget,
        behindAfter: LAG_LIMITS.behindAfter,
      }),
    );
    console.log(
      `  worst case (position mid-stream, both sides long): ${m.result.exact ? 'exact' : 'at least'} ${m.result.count.toLocaleString('en-US')}, walked ${m.result.walked.toLocaleString('en-US')}, Redis ${m.redisMs.toFixed(1)} ms`,
    );
  }

  console.log('\npending ids whose entry is gone (one XRANGE id id per pending id)');
  const pel = `${token}:pel`;
  await fill(pel, 10_000);
  await redis.xgroup('CREATE', pel, 'g', '0');
  await redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', 10_000, 'STREAMS', pel, '>');
  const gone = Array.from({ length: 100 }, (_, i) => `${i * 100 + 1}-0`);
  await redis.xdel(pel, ...gone);
  {
    const m = await measure(() => pendingGone(redis, pel, { group: 'g', limit: 10_000, ack: false }));
    console.log(
      `  PEL of ${m.result.scanned.toLocaleString('en-US')}: ${m.result.gone} gone, Redis ${m.redisMs.toFixed(1)} ms (${((m.redisMs * 1000) / m.result.scanned).toFixed(2)} µs/pending id)`,
    );
  }

  const streams = Number(values.streams);
  console.log(`\nOverview (streams.list) over ${streams} streams, each with one group Redis 7.0 gives no lag for (1,000 behind)`);
  for (let s = 0; s < streams; s++) {
    const k = `${token}:ov:${s}`;
    const p = redis.pipeline();
    for (let i = 1; i <= 5; i++) p.xadd(k, `${i}-0`, 'msg', payload);
    p.xgroup('CREATE', k, 'late', '$');
    for (let i = 6; i <= 1005; i++) p.xadd(k, `${i}-0`, 'msg', payload);
    await p.exec();
  }
  const service = await createConsole({ redis: values.redis, embedded: false });
  try {
    const pass = async () => {
      const reply = await service.dispatch('streams.list', { pattern: `${token}:ov:*`, count: 5000 });
      if (!reply.ok) throw new Error(reply.error.message);
      return (reply.value as StreamPage).streams;
    };
    const first = await measure(pass);
    const lags = new Set(first.result.map((x) => `${x.totalLag} ${x.totalLagKind}`));
    console.log(
      `  first pass:  ${first.calls} scripts, Redis ${first.redisMs.toFixed(1)} ms, wall ${first.wallMs.toFixed(0)} ms; totals seen: ${[...lags].join(', ')}`,
    );
    const second = await measure(pass);
    console.log(
      `  second pass (nothing changed): ${second.calls} scripts, Redis ${second.redisMs.toFixed(1)} ms, wall ${second.wallMs.toFixed(0)} ms`,
    );
  } finally {
    await service.close();
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await deleteKeysContaining(redis, token);
    redis.disconnect();
  });
