// Profiling aid (not part of `npm run bench`): the drain flow of the bench (a backlog written
// beforehand, N consumer processes in one group) for the bare COUNT 100 loop and an engine
// consumer, alternating which goes first, several rounds; per run the rate, the consumer
// processes' CPU per event, the Redis server's CPU per event, GC per 100k and the Redis commands
// the run caused (INFO commandstats), then medians and the pairwise ratios. Where `npm run bench`
// gives one median per target, this shows the spread round by round and what each side cost.
//   npx tsx bench/profile/drain-ab.ts --rounds 5
//   npx tsx bench/profile/drain-ab.ts --rounds 3 --instances 1 --kind immediate --warm 100000
//   npx tsx bench/profile/drain-ab.ts --rounds 4 --services 2   (the fan-out flow: two groups on the backlog)
//   npx tsx bench/profile/drain-ab.ts --rounds 6 --bare-reply text   (the bare loop on ioredis's text replies)
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { bareLoop, engineBatched, engineImmediate, FLOOD_100, measure } from '../scenarios/flows';
import { callsBetween, commandCalls, deleteKeysContaining, uniqueToken } from '../harness/redis';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    events: { type: 'string', default: '200000' },
    instances: { type: 'string', default: '3' },
    /** Consumer groups on the backlog, each with `instances` processes (2: the fan-out family's flow). */
    services: { type: 'string', default: '1' },
    kind: { type: 'string', default: 'batched' },
    /** How the bare loop reads replies: bytes (the engine's way, the baseline), text or text-kept. */
    'bare-reply': { type: 'string', default: 'bytes' },
    /** Events each consumer process drains of its own first (the bench's warm rows use 100,000). */
    warm: { type: 'string', default: '0' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
function positive(name: string, text: string | undefined, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got '${text}'`);
  return n;
}

const bareReply = values['bare-reply'];
if (bareReply !== 'bytes' && bareReply !== 'text' && bareReply !== 'text-kept')
  throw new Error(`--bare-reply must be bytes, text or text-kept, got '${bareReply}'`);
const sides = { bare: bareLoop(100, bareReply), engine: values.kind === 'immediate' ? engineImmediate : engineBatched } as const;
type Side = keyof typeof sides;

interface Row {
  rate: number;
  cpu: number;
  redisCpu: number;
  gcMs: number;
  /** From the start signal to the first delivery (set-up: connections, group, presence, first read). */
  firstMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main(): Promise<void> {
  const rounds = positive('rounds', values.rounds);
  const events = positive('events', values.events);
  const instances = positive('instances', values.instances);
  const services = Array.from({ length: positive('services', values.services) }, (_, i) => (i === 0 ? 'svc' : `svc${i + 1}`));
  const warm = positive('warm', values.warm, 0);
  if (values.kind !== 'batched' && values.kind !== 'immediate')
    throw new Error(`--kind must be batched or immediate, got '${values.kind}'`);
  const redis = new Redis(values.redis ?? '');
  const rows: Record<Side, Row[]> = { bare: [], engine: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const order: Side[] = round % 2 === 0 ? ['bare', 'engine'] : ['engine', 'bare'];
      for (const side of order) {
        const token = uniqueToken();
        try {
          const before = await commandCalls(redis);
          const m = await measure({
            redisUrl: values.redis ?? '',
            token,
            system: sides[side],
            services,
            instances,
            events,
            mode: FLOOD_100,
            backlog: true,
            ...(warm > 0 ? { warmUp: warm } : {}),
          });
          const calls = callsBetween(before, await commandCalls(redis));
          const row = {
            rate: m.messages / m.seconds,
            cpu: Number(m.notes?.cpuUsPerEvent),
            redisCpu: Number(m.notes?.redisCpuUsPerEvent),
            gcMs: m.heap?.gcMsPer100k ?? Number.NaN,
            firstMs: Math.min(...services.map((svc) => Number(m.notes?.[`firstDeliveryMs:${svc}`]))),
          };
          rows[side].push(row);
          const commands = ['xreadgroup', 'xack', 'xclaim', 'evalsha']
            .filter((c) => calls[c])
            .map((c) => `${c} ${calls[c]}`)
            .join(', ');
          console.log(
            `round ${round + 1} ${side.padEnd(6)} ${Math.round(row.rate).toLocaleString('en-US').padStart(9)} msgs/s · consumer CPU ${row.cpu.toFixed(2)} µs/event · Redis CPU ${row.redisCpu.toFixed(2)} µs/event · GC ${row.gcMs.toFixed(1)} ms/100k · first ${row.firstMs} ms · ${commands}`,
          );
        } finally {
          await deleteKeysContaining(redis, token);
        }
      }
    }
    for (const side of ['bare', 'engine'] as const) {
      const r = rows[side];
      console.log(
        `median ${side.padEnd(6)} ${Math.round(median(r.map((x) => x.rate))).toLocaleString('en-US')} msgs/s · consumer CPU ${median(r.map((x) => x.cpu)).toFixed(2)} · Redis CPU ${median(r.map((x) => x.redisCpu)).toFixed(2)} · GC ${median(r.map((x) => x.gcMs)).toFixed(1)} ms/100k · first ${median(r.map((x) => x.firstMs))} ms`,
      );
    }
    const pairwise = rows.engine.map((e, i) => (e.rate / rows.bare[i].rate).toFixed(2));
    console.log(
      `engine / bare: ${(median(rows.engine.map((x) => x.rate)) / median(rows.bare.map((x) => x.rate))).toFixed(3)}× (per round ${pairwise.join(' ')})`,
    );
  } finally {
    redis.disconnect();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
