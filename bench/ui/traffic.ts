// The traffic process of the UI scenarios: writes events to a stream (XADD, UCloud format) or
// publishes them to channels at a fixed rate for a fixed time. Paced by the clock: whatever is
// due goes out as one pipeline, so the rate holds on a busy machine without one round trip each.
import { Redis } from 'ioredis';
import { monoMs, sleep } from '../harness/clock';
import { benchEvent } from '../harness/payload';
import { MAXLEN, MSG_FIELD } from '../drivers/types';
import type { TrafficChildMessage, TrafficJob, TrafficParentMessage, TrafficReport } from './traffic-protocol';

const job = JSON.parse(process.argv[2] ?? '{}') as TrafficJob;
const post = (message: TrafficChildMessage) => process.send?.(message);
/** At most this many events in one pipeline when the pacer has fallen behind. */
const MAX_PIPELINE = 500;

async function run(redis: Redis): Promise<TrafficReport> {
  const { target, perSecond, seconds } = job;
  const started = monoMs();
  let sent = 0;
  let maxBehind = 0;
  for (let elapsed = 0; elapsed < seconds * 1000; elapsed = monoMs() - started) {
    const due = Math.min(Math.floor((elapsed * perSecond) / 1000) + 1, perSecond * seconds);
    if (due <= sent) {
      await sleep(1);
      continue;
    }
    maxBehind = Math.max(maxBehind, due - sent);
    const pipeline = redis.pipeline();
    for (const end = Math.min(due, sent + MAX_PIPELINE); sent < end; sent++) {
      const text = JSON.stringify(benchEvent(sent, monoMs()));
      if (target.kind === 'stream') pipeline.xadd(target.stream, 'MAXLEN', '~', MAXLEN, '*', MSG_FIELD, text);
      else if (target.kind === 'streams')
        pipeline.xadd(target.streams[sent % target.streams.length], 'MAXLEN', '~', MAXLEN, '*', MSG_FIELD, text);
      else pipeline.publish(target.channels[sent % target.channels.length], text);
    }
    const replies = await pipeline.exec();
    const failed = replies?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }
  return { sent, seconds: (monoMs() - started) / 1000, maxBehind };
}

async function main(): Promise<void> {
  const redis = new Redis(job.redis);
  await redis.ping();
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: TrafficParentMessage) => {
    if (message.type !== 'start') return;
    run(redis)
      .then((report) => {
        redis.disconnect();
        post({ type: 'done', report });
      })
      .catch(fail);
  });
  post({ type: 'ready' });
}

function fail(error: unknown): void {
  post({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  setTimeout(() => process.exit(1), 100);
}

main().catch(fail);
