// The console-at-scale fixture, on a PRIVATE redis-server (another port, no persistence; never the
// shared one): many streams among many other keys, one very long stream and one short one. Filled
// by Lua loops run inside Redis (chunks, so no call blocks the private server for long), and timed:
// how long the long stream takes to create is itself a result.
import { Redis } from 'ioredis';
import { createConsole, type ConsoleService } from '../../electron/console';
import { startPrivateRedis, type PrivateRedis } from '../../test/helpers/redis';
import { monoMs } from '../harness/clock';
import { PAD } from '../harness/payload';
import type { Size } from '../harness/scenario';
import { sized } from '../harness/scenario';

export interface ScaleSizes {
  streams: number;
  otherKeys: number;
  longStream: number;
  shortStream: number;
  watched: number;
}

export const scaleSizes = (size: Size): ScaleSizes =>
  sized(
    { size },
    {
      quick: { streams: 200, otherKeys: 20_000, longStream: 100_000, shortStream: 10_000, watched: 10 },
      default: { streams: 10_000, otherKeys: 1_000_000, longStream: 10_000_000, shortStream: 10_000, watched: 50 },
      full: { streams: 10_000, otherKeys: 1_000_000, longStream: 10_000_000, shortStream: 10_000, watched: 50 },
    },
  );

export const STREAM_PREFIX = 'stream:';
export const LONG_STREAM = 'long-stream';
export const SHORT_STREAM = 'short-stream';
export const GROUP = 'svc';

/** The UCloud-format entry the bench moves everywhere (~200 B), built by Lua from a sequence number. */
const ENTRY_JSON = `'{"seq":' .. i .. ',"t":0,"pad":"${PAD}"}'`;

const FILL_OTHERS = `for i = tonumber(ARGV[2]), tonumber(ARGV[3]) do redis.call('SET', ARGV[1] .. i, 'v') end return 1`;
const FILL_STREAMS = `
for s = tonumber(ARGV[2]), tonumber(ARGV[3]) do
  local key = ARGV[1] .. s
  for i = 1, 3 do redis.call('XADD', key, '*', 'msg', ${ENTRY_JSON}) end
  redis.call('XGROUP', 'CREATE', key, ARGV[4], '0')
end
return 1`;
const FILL_STREAM = `for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do redis.call('XADD', KEYS[1], '*', 'msg', ${ENTRY_JSON}) end return 1`;

export interface FillTimes {
  otherKeysSeconds: number;
  streamsSeconds: number;
  longStreamSeconds: number;
  /** used_memory after the fill, and its growth from the long stream alone. */
  usedMemoryMB: number;
  longStreamMemoryMB: number;
}

export interface ScaleFixture {
  sizes: ScaleSizes;
  server: PrivateRedis;
  /** The bench's own connection (fixture, INFO): its commands are left out of every count. */
  admin: Redis;
  console: ConsoleService;
  fill: FillTimes;
  /** Every stream on the server: the small ones, the long one, the short one. */
  totalStreams: number;
  watchedStreams: string[];
}

async function chunked(total: number, chunk: number, run: (from: number, to: number) => Promise<unknown>): Promise<number> {
  const t0 = monoMs();
  for (let from = 0; from < total; from += chunk) await run(from, Math.min(total, from + chunk) - 1);
  return (monoMs() - t0) / 1000;
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? Number.NaN);
}

export async function buildScaleFixture(size: Size, log: (line: string) => void): Promise<ScaleFixture> {
  const sizes = scaleSizes(size);
  const server = await startPrivateRedis({ appendonly: false });
  const admin = new Redis(server.url);
  try {
    const otherKeysSeconds = await chunked(sizes.otherKeys, 50_000, (a, b) => admin.eval(FILL_OTHERS, 0, 'other:', a, b));
    const streamsSeconds = await chunked(sizes.streams, 1_000, (a, b) => admin.eval(FILL_STREAMS, 0, STREAM_PREFIX, a, b, GROUP));
    await chunked(sizes.shortStream, 50_000, (a, b) => admin.eval(FILL_STREAM, 1, SHORT_STREAM, a, b));
    const before = await usedMemory(admin);
    const longStreamSeconds = await chunked(sizes.longStream, 50_000, (a, b) => admin.eval(FILL_STREAM, 1, LONG_STREAM, a, b));
    const after = await usedMemory(admin);
    const fill: FillTimes = {
      otherKeysSeconds,
      streamsSeconds,
      longStreamSeconds,
      usedMemoryMB: after / 1e6,
      longStreamMemoryMB: (after - before) / 1e6,
    };
    log(
      `  fixture on a private redis-server (${server.url}): ${sizes.otherKeys} keys in ${otherKeysSeconds.toFixed(1)} s, ${sizes.streams} streams in ${streamsSeconds.toFixed(1)} s, ` +
        `a ${sizes.longStream}-entry stream in ${longStreamSeconds.toFixed(1)} s (${fill.longStreamMemoryMB.toFixed(0)} MB); used_memory ${fill.usedMemoryMB.toFixed(0)} MB`,
    );
    const service = await createConsole({ redis: server.url, embedded: false });
    return {
      sizes,
      server,
      admin,
      console: service,
      fill,
      totalStreams: sizes.streams + 2,
      watchedStreams: Array.from({ length: sizes.watched }, (_, i) => `${STREAM_PREFIX}${i}`),
    };
  } catch (error) {
    admin.disconnect();
    await server.dispose();
    throw error;
  }
}

export async function disposeScaleFixture(f: ScaleFixture): Promise<void> {
  await f.console.close();
  f.admin.disconnect();
  await f.server.dispose();
}
