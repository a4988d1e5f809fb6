// The console under load, in this process: createConsole(...).dispatch(...) as both transports
// call it. Measures call time and the console's own Redis commands and round trips per call
// (client-side count, see harness/round-trips.ts), on fixtures built once per invocation.
import { Redis } from 'ioredis';
import { createConsole, type ConsoleService } from '../../electron/console';
import type { Events } from '../../shared/api';
import type { EntryPage, StreamPage } from '../../shared/dto';
import { monoMs, sleep } from '../harness/clock';
import { benchEvent, EVENT_BYTES } from '../harness/payload';
import { deleteKeysContaining, fillStream, uniqueToken } from '../harness/redis';
import { CommandCounter, type CommandCount } from '../harness/round-trips';
import { sized, type Family, type Measurement, type Scenario, type ScenarioContext, type Size } from '../harness/scenario';
import { summarize } from '../harness/stats';
import { MSG_FIELD } from '../drivers/types';

// The fixture (built once per invocation on the bench's Redis): quick keeps the tests short.
const OVERVIEW_STREAMS = 1_000;
const LONG_STREAM = 1_000_000;
const SHORT_STREAM = 10_000;
const fixtureSizes = (size: Size) =>
  sized(
    { size },
    {
      quick: { overview: 50, long: 20_000, short: 2_000 },
      default: { overview: OVERVIEW_STREAMS, long: LONG_STREAM, short: SHORT_STREAM },
      full: { overview: OVERVIEW_STREAMS, long: LONG_STREAM, short: SHORT_STREAM },
    },
  );
const PAGE = 500;
const REPEATS = 5;

interface Fixture {
  token: string;
  sizes: ReturnType<typeof fixtureSizes>;
  redis: Redis;
  console: ConsoleService;
  counter: CommandCounter;
}

let fixture: Promise<Fixture> | null = null;
const names = (token: string) => ({ overview: `${token}:overview:`, long: `${token}:long`, short: `${token}:short` });

/** 1,000 small streams with a group each, one 1,000,000-entry stream and one of 10,000. */
function getFixture(ctx: ScenarioContext): Promise<Fixture> {
  const redisUrl = ctx.redisUrl;
  fixture ??= (async () => {
    const sizes = fixtureSizes(ctx.size);
    const token = uniqueToken();
    const redis = new Redis(redisUrl);
    const n = names(token);
    const setup = redis.pipeline();
    for (let i = 0; i < sizes.overview; i++) {
      for (let e = 0; e < 3; e++) setup.xadd(`${n.overview}${i}`, '*', MSG_FIELD, JSON.stringify(benchEvent(e, 0)));
      setup.xgroup('CREATE', `${n.overview}${i}`, 'svc', '0');
    }
    await setup.exec();
    await fillStream(redis, n.short, sizes.short);
    await fillStream(redis, n.long, sizes.long);
    const counter = new CommandCounter();
    counter.ignore(redis);
    counter.start();
    const service = await createConsole({ redis: redisUrl, embedded: false });
    return { token, sizes, redis, console: service, counter };
  })();
  return fixture;
}

async function call<T>(f: Fixture, method: string, args: unknown): Promise<T> {
  const reply = await f.console.dispatch(method, args);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

/** Repeats one console action, timing each and counting its Redis traffic. */
async function repeated(
  ctx: ScenarioContext,
  itemsOf: (f: Fixture) => number,
  action: (f: Fixture) => Promise<void>,
): Promise<Measurement> {
  const f = await getFixture(ctx);
  const items = itemsOf(f);
  await action(f); // warm: connections open, JIT
  f.counter.take();
  const times: number[] = [];
  const started = monoMs();
  for (let i = 0; i < REPEATS; i++) {
    const t = monoMs();
    await action(f);
    times.push(monoMs() - t);
  }
  const seconds = (monoMs() - started) / 1000;
  const counted = f.counter.take();
  return {
    messages: items * REPEATS,
    seconds,
    bytesPerMessage: EVENT_BYTES,
    latency: summarize(times),
    notes: perCall(counted, REPEATS),
  };
}

function perCall(count: CommandCount, calls: number): Record<string, number | string> {
  const top = Object.entries(count.byCommand)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, n]) => `${name}×${Math.round(n / calls)}`)
    .join(' ');
  return { commandsPerAction: count.commands / calls, roundTripsPerAction: count.roundTrips / calls, commands: top };
}

async function overview(f: Fixture): Promise<void> {
  let cursor = '0';
  let seen = 0;
  do {
    const page = await call<StreamPage>(f, 'streams.list', { pattern: `${names(f.token).overview}*`, cursor, count: 5000 });
    seen += page.streams.length;
    cursor = page.cursor;
  } while (cursor !== '0');
  if (seen !== f.sizes.overview) throw new Error(`overview listed ${seen} streams, expected ${f.sizes.overview}`);
}

function page(which: 'long' | 'short') {
  return async (f: Fixture) => {
    const stream = names(f.token)[which];
    const latest = await call<EntryPage>(f, 'entries.page', { stream, direction: 'backward', count: PAGE });
    // And one page from the middle, seeking by id: must cost the same as the newest page.
    const middle = await call<EntryPage>(f, 'entries.page', { stream, direction: 'forward', from: latest.next ?? '0-0', count: PAGE });
    if (latest.entries.length !== PAGE) throw new Error(`page of ${stream} had ${latest.entries.length} entries, expected ${PAGE}`);
    void middle;
  };
}

/** A stream view open (live tail) for a few seconds while 1,000 events/s arrive. */
async function viewOpen(ctx: ScenarioContext): Promise<Measurement> {
  const f = await getFixture(ctx);
  const stream = names(f.token).short;
  const producer = new Redis(ctx.redisUrl);
  f.counter.ignore(producer);
  let appended = 0;
  const off = f.console.onEvent((event, payload) => {
    if (event !== 'entries.appended') return;
    const feed = payload as Events['entries.appended'];
    if (feed.stream === stream) appended += feed.entries.length;
  });
  const { tailId } = await call<{ tailId: string }>(f, 'entries.tail', { stream });
  const seconds = sized(ctx, { quick: 1, default: 3, full: 10 });
  try {
    f.counter.take();
    const started = monoMs();
    let sent = 0;
    while (monoMs() - started < seconds * 1000) {
      const due = Math.floor(monoMs() - started); // 1 per ms
      const pipeline = producer.pipeline();
      for (; sent < due; sent++) pipeline.xadd(stream, '*', MSG_FIELD, JSON.stringify(benchEvent(sent, 0)));
      await pipeline.exec();
      await sleep(5);
    }
    await sleep(300); // the coalesced feed flushes about every 100 ms
    const elapsed = (monoMs() - started) / 1000;
    const counted = f.counter.take();
    return {
      messages: appended,
      seconds: elapsed,
      bytesPerMessage: EVENT_BYTES,
      latency: null,
      notes: {
        produced: sent,
        consoleCommandsPerSec: counted.commands / elapsed,
        consoleRoundTripsPerSec: counted.roundTrips / elapsed,
        commands: perCall(counted, 1).commands,
      },
    };
  } finally {
    off();
    await call(f, 'entries.untail', { tailId });
    producer.disconnect();
  }
}

const scenarios: Scenario[] = [
  {
    id: 'console.overview-1000',
    title: `streams.list over ${OVERVIEW_STREAMS} streams (all pages)`,
    meaning: `The streams overview: streams.list (SCAN … TYPE stream, then XINFO STREAM/GROUPS of the page’s streams in one pipeline) until the cursor is 0, over ${OVERVIEW_STREAMS} streams with a group each; msgs/s = streams listed per second, latency = one whole overview.`,
    run: (ctx) => repeated(ctx, (f) => f.sizes.overview, overview),
  },
  {
    id: 'console.page-10k',
    title: `entries.page × 2 (newest ${PAGE}, then ${PAGE} from the middle), 10,000-entry stream`,
    meaning: `Reference for paging: the newest ${PAGE} entries, then ${PAGE} forward from an id in the middle, of a 10,000-entry stream; msgs/s = entries returned per second, latency = both calls.`,
    run: (ctx) => repeated(ctx, () => 2 * PAGE, page('short')),
  },
  {
    id: 'console.page-1m',
    title: `entries.page × 2 on a 1,000,000-entry stream`,
    meaning: `The same two pages from a 1,000,000-entry stream: time and round trips must not grow with stream length (ratio ≈ 1× against page-10k).`,
    baseline: 'console.page-10k',
    run: (ctx) => repeated(ctx, () => 2 * PAGE, page('long')),
  },
  {
    id: 'console.view-open',
    title: 'entries.tail open while 1,000 events/s arrive',
    meaning:
      "A stream view left open (live tail) while a separate client adds 1,000 events/s: msgs/s = entries pushed to the UI per second; notes give the console's own Redis commands and round trips per second.",
    run: viewOpen,
  },
];

export const consoleFamily: Family = {
  name: 'console',
  scenarios,
  targets: [
    {
      label: 'page time independent of length (report)',
      subject: 'console.page-1m',
      reference: 'console.page-10k',
      metric: 'p50',
      atMost: 2,
    },
  ],
  async teardown() {
    if (!fixture) return;
    const f = await fixture;
    fixture = null;
    f.counter.stop();
    await f.console.close();
    await deleteKeysContaining(f.redis, f.token);
    f.redis.disconnect();
  },
};
