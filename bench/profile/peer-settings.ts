// Profiling aid (not part of `npm run bench`): which documented throughput setting suits each peer
// on this machine. Drains the same kind of backlog (3 consumer processes) with BullMQ Worker
// concurrency and @moleculer/channels maxInFlight values, alternating, and prints each rate.
//   npx tsx bench/profile/peer-settings.ts --events 20000 --runs 2 --bullmq 50,100,500 --moleculer 10,100,500
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { deleteKeysContaining, uniqueToken } from '../harness/redis';
import { bullmqWorkers, FLOOD_100, measure, moleculerChannels, type ConsumerSystem } from '../scenarios/flows';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '2' },
    bullmq: { type: 'string', default: '50,100,500' },
    moleculer: { type: 'string', default: '10,100,500' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const redisUrl = values.redis as string;
const list = (v: string | undefined) => (v ? v.split(',').filter(Boolean).map(Number) : []);
const settings: Array<[string, ConsumerSystem]> = [
  ...list(values.bullmq).map((c): [string, ConsumerSystem] => [`bullmq concurrency ${c}`, bullmqWorkers(c)]),
  ...list(values.moleculer).map((m): [string, ConsumerSystem] => [`moleculer maxInFlight ${m}`, moleculerChannels(m)]),
];

async function main(): Promise<void> {
  const admin = new Redis(redisUrl);
  try {
    for (let run = 1; run <= Number(values.runs); run++) {
      for (const [label, system] of settings) {
        const token = uniqueToken();
        try {
          const m = await measure({
            redisUrl,
            token,
            system,
            services: ['svc'],
            instances: 3,
            events: Number(values.events),
            mode: FLOOD_100,
            backlog: true,
          });
          console.log(`run ${run} ${label.padEnd(26)} ${Math.round(m.messages / m.seconds)} msgs/s`);
        } catch (error) {
          console.log(`run ${run} ${label.padEnd(26)} FAILED ${(error as Error).message}`);
        } finally {
          await deleteKeysContaining(admin, token);
        }
      }
    }
  } finally {
    admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
