// The console's flow history (flow.history): it keeps every flow.tick snapshot of a watched stream,
// keeps sampling a stream at a low rate after the last page leaves (for a few streams, for a while),
// is bounded by count and by age, and forgets deleted streams. The flow area runs on the real Redis
// with small limits, so the bounds show within seconds.
import type { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis as IORedis } from 'ioredis';
import { callerOfNoPage } from '../../electron/console/callers';
import type { ConsoleContext } from '../../electron/console/context';
import { createDispatch } from '../../electron/console/dispatch';
import { createFlowArea, FLOW_TICK_MS } from '../../electron/console/flow';
import { FLOW_HISTORY_LIMITS, type FlowHistoryLimits } from '../../electron/console/flow-history';
import { createInstancesArea } from '../../electron/console/instances';
import { Observations } from '../../electron/console/observations';
import type { Api } from '../../shared/api';
import type { FlowHistory, FlowSnapshot } from '../../shared/dto';
import { connectShared, SHARED_REDIS_URL, startPrivateRedis, uniqueName } from '../helpers/redis';
import { eventually, sleep, value } from '../helpers/wait';

const shared = connectShared();
const created: string[] = [];
const open: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of open.splice(0)) await close();
});
afterAll(async () => {
  if (created.length) await shared.del(...created);
  shared.disconnect();
});

/** The flow area alone over `redis`, with these limits; every pushed flow.tick is collected. */
function flowArea(limits: Partial<FlowHistoryLimits>, redis: Redis = shared, url = SHARED_REDIS_URL) {
  const ticks: FlowSnapshot[] = [];
  const ctx: ConsoleContext = {
    redis: () => redis,
    duplicate: () => {
      throw new Error('the flow area needs no dedicated connection');
    },
    release: () => undefined,
    redisUrl: () => url,
    redisOptions: () => ({}),
    key: (name) => name,
    name: (key) => String(key),
    emit: (event, payload) => {
      if (event === 'flow.tick') ticks.push(...(payload as FlowSnapshot[]));
    },
    // The area alone, without pages: every feed event is collected like a console-wide one.
    feeds: {
      follow: () => undefined,
      unfollow: () => undefined,
      followed: () => [],
      end: () => undefined,
      emit: (_topic, event, payload) => ctx.emit(event, payload),
    },
  };
  const observations = new Observations(ctx);
  const instances = createInstancesArea(ctx, observations);
  const flow = createFlowArea(ctx, observations, instances, { ...FLOW_HISTORY_LIMITS, ...limits });
  const dispatch = createDispatch(() => flow.handlers);
  const page = callerOfNoPage();
  const close = async () => {
    await flow.close?.();
    await instances.close?.();
    observations.close();
  };
  open.push(close);
  const call = async <M extends 'flow.watch' | 'flow.unwatch' | 'flow.history'>(method: M, args: Api[M]['args']) =>
    value(await dispatch(method, args, page)) as Api[M]['result'];
  return {
    ticks: (stream: string) => ticks.filter((t) => t.stream === stream),
    watch: (stream: string) => call('flow.watch', { stream }),
    unwatch: (stream: string) => call('flow.unwatch', { stream }),
    history: (stream: string, sinceMs?: number) =>
      call('flow.history', { stream, ...(sinceMs === undefined ? {} : { sinceMs }) }) as Promise<FlowHistory>,
    close,
  };
}

async function newStream(prefix: string, groups: string[] = ['billing']): Promise<string> {
  const stream = uniqueName(`flow-history-${prefix}`);
  created.push(stream);
  await shared.xadd(stream, '*', 'msg', '{"n":0}');
  for (const group of groups) await shared.xgroup('CREATE', stream, group, '0');
  return stream;
}

const ats = (samples: FlowSnapshot[]) => samples.map((s) => s.at);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gaps = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]);

describe('flow history', () => {
  it('keeps every snapshot of a watched stream and serves it to a page that asks later, group numbers only', async () => {
    const area = flowArea({});
    const stream = await newStream('keeps');
    const first = await area.watch(stream);
    await eventually(async () => area.ticks(stream).length >= 3, 10_000, 'three ticks');
    const history = await area.history(stream);
    const pushed = [first, ...area.ticks(stream)];
    expect(ats(history.samples)).toEqual(ats(pushed).slice(0, history.samples.length));
    expect(history.samples.length).toBeGreaterThanOrEqual(4);
    expect(history).toMatchObject({ stream, windowMs: 600_000, backgroundEveryMs: 5_000, backgroundCommandsPerSec: 0.6 });
    const tick = pushed[1];
    expect(history.samples[1]).toEqual({ ...tick, groups: tick.groups.map((g) => ({ ...g, instances: [] })) });
    expect(history.samples[1].groups[0]).toMatchObject({ group: 'billing', lag: 1, pending: 0 });

    const newer = await area.history(stream, history.samples[1].at);
    expect(ats(newer.samples).slice(0, history.samples.length - 2)).toEqual(ats(history.samples).slice(2));
    expect(newer.samples.every((s) => s.at > history.samples[1].at)).toBe(true);
    expect((await area.history('never-watched-' + stream)).samples).toEqual([]);
  });

  it('keeps sampling at the low rate after the last page leaves, with group numbers, and a rewatch continues the same history', async () => {
    const background = 2 * FLOW_TICK_MS;
    const area = flowArea({ backgroundEveryMs: background });
    const stream = await newStream('quiet');
    await area.watch(stream);
    await area.watch(stream); // a second page
    await eventually(async () => area.ticks(stream).length >= 4, 15_000, 'four live ticks');
    expect(await area.unwatch(stream)).toEqual({ stopped: true });
    const whenOneLeft = area.ticks(stream).length;
    await eventually(async () => area.ticks(stream).length > whenOneLeft, 10_000, 'a tick after one page left');
    const stillTicking = area.ticks(stream).length;
    expect(await area.unwatch(stream)).toEqual({ stopped: true }); // the last page
    const left = Date.now();
    const ticksWhenLeft = area.ticks(stream).length;
    expect(stillTicking).toBeGreaterThan(4); // one page leaving did not stop the other's ticks

    // Traffic while nobody watches: produced, read by the group, left pending.
    for (let i = 1; i <= 20; i++) await shared.xadd(stream, '*', 'msg', `{"n":${i}}`);
    await shared.xreadgroup('GROUP', 'billing', 'worker-1', 'COUNT', 15, 'STREAMS', stream, '>');
    const quiet = await eventually(
      async () => {
        const after = (await area.history(stream)).samples.filter((s) => s.at > left);
        return after.length >= 4 ? after : null;
      },
      20_000,
      'four background samples',
    );
    expect(area.ticks(stream).length).toBeLessThanOrEqual(ticksWhenLeft + 1); // nothing pushed for a stream nobody watches (one tick may be in flight)

    const live = (await area.history(stream)).samples.filter((s) => s.at <= left);
    const ratio = median(gaps(ats(quiet))) / median(gaps(ats(live)));
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(3);
    expect(quiet.some((s) => s.producedPerSec > 0)).toBe(true);
    expect(quiet.some((s) => s.groups[0].deliveredPerSec > 0)).toBe(true);
    expect(quiet.at(-1)!.groups[0]).toMatchObject({ group: 'billing', pending: 15, lag: 6, instances: [] });
    expect(quiet.at(-1)!.groups[0].oldestPendingMs).not.toBeNull();

    const before = (await area.history(stream)).samples;
    await area.watch(stream);
    await eventually(async () => area.ticks(stream).length > ticksWhenLeft + 2, 10_000, 'ticks again');
    const after = (await area.history(stream)).samples;
    expect(ats(after).slice(0, before.length)).toEqual(ats(before));
    expect(after.length).toBeGreaterThan(before.length);
  }, 60_000);

  it('is bounded by a sample count', async () => {
    const area = flowArea({ maxSamples: 3 });
    const stream = await newStream('count');
    const first = await area.watch(stream);
    await eventually(async () => area.ticks(stream).length >= 5, 15_000, 'five ticks');
    const history = await area.history(stream);
    const pushed = [first, ...area.ticks(stream)];
    expect(history.samples).toHaveLength(3);
    expect(ats(pushed)).toEqual(expect.arrayContaining(ats(history.samples)));
    expect(history.samples[0].at).toBeGreaterThan(first.at);
  });

  it('is bounded by age', async () => {
    const windowMs = 2.5 * FLOW_TICK_MS;
    const area = flowArea({ windowMs });
    const stream = await newStream('age');
    const first = await area.watch(stream);
    await eventually(
      async () => {
        const t = area.ticks(stream);
        return t.length > 0 && t[t.length - 1].at - first.at > 2 * windowMs;
      },
      20_000,
      'ticks over twice the window',
    );
    const history = await area.history(stream);
    const pushed = [first, ...area.ticks(stream)];
    expect(history.samples.length).toBeGreaterThan(0);
    expect(history.samples.length).toBeLessThan(pushed.length);
    expect(history.samples.at(-1)!.at - history.samples[0].at).toBeLessThanOrEqual(windowMs);
    expect(history.samples[0].at).toBeGreaterThan(first.at);
  }, 30_000);

  it('retains only the most recently watched streams, and each only for a while', async () => {
    const area = flowArea({ retainedStreams: 2, backgroundEveryMs: FLOW_TICK_MS / 4, retainMs: 3 * FLOW_TICK_MS });
    const streams = [await newStream('lru-a'), await newStream('lru-b'), await newStream('lru-c')];
    for (const stream of streams) {
      await area.watch(stream);
      await area.unwatch(stream);
    }
    expect((await area.history(streams[0])).samples).toEqual([]); // least recently watched: dropped at once
    await eventually(async () => (await area.history(streams[2])).samples.length >= 3, 10_000, 'background samples of the newest');
    expect((await area.history(streams[1])).samples.length).toBeGreaterThan(1);
    // Past retainMs the console stops sampling and forgets them.
    await eventually(async () => (await area.history(streams[2])).samples.length === 0, 15_000, 'retention to end');
    expect((await area.history(streams[1])).samples).toEqual([]);
  }, 40_000);

  it('drops the history of a deleted stream, watched or retained', async () => {
    const area = flowArea({ backgroundEveryMs: FLOW_TICK_MS / 4 });
    const watched = await newStream('deleted-watched');
    const retained = await newStream('deleted-retained');
    await area.watch(watched);
    await area.watch(retained);
    await area.unwatch(retained);
    await eventually(async () => (await area.history(retained)).samples.length >= 3, 10_000, 'background samples');
    expect((await area.history(watched)).samples.length).toBeGreaterThan(0);

    await shared.del(watched, retained);
    await eventually(async () => (await area.history(watched)).samples.length === 0, 10_000, 'watched history dropped');
    await eventually(async () => (await area.history(retained)).samples.length === 0, 10_000, 'retained history dropped');
    // Re-created under the same name: the retained one is no longer followed, the watched one starts anew.
    await shared.xadd(watched, '*', 'msg', '{}');
    await shared.xadd(retained, '*', 'msg', '{}');
    await eventually(async () => (await area.history(watched)).samples.length > 0, 10_000, 'watched stream again');
    await sleep(FLOW_TICK_MS); // an observation window: a whole tick in which the retained stream must gain nothing
    expect((await area.history(retained)).samples).toEqual([]);
  }, 40_000);

  it('costs (2 + groups) commands per background sample of a retained stream, as flow.history reports', async () => {
    const redisServer = await startPrivateRedis({ appendonly: false });
    const redis = new IORedis(redisServer.url);
    const background = FLOW_TICK_MS / 2;
    const area = flowArea({ backgroundEveryMs: background }, redis, redisServer.url);
    try {
      const stream = 'cost';
      await redis.xadd(stream, '*', 'msg', '{}');
      await redis.xgroup('CREATE', stream, 'billing', '0');
      await redis.xgroup('CREATE', stream, 'audit', '0');
      await area.watch(stream);
      await area.unwatch(stream);
      await redis.config('RESETSTAT');
      const from = Date.now();
      await sleep(10 * background); // the measured window: commands counted over ten background periods
      const stats = await redis.info('commandstats');
      const elapsed = Date.now() - from;
      const calls = (name: string) => Number(new RegExp(`^cmdstat_${name.replace('|', '\\|')}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
      const samples = calls('xinfo|stream');
      const commands = samples + calls('xinfo|groups') + calls('xpending');
      const perSec = (commands * 1000) / elapsed;
      const reported = (await area.history(stream)).backgroundCommandsPerSec;
      console.log(
        `flow history: ${(commands / samples).toFixed(2)} commands per background sample (2 groups), ${perSec.toFixed(1)} commands/s at one sample per ${background} ms ` +
          `(reported ${reported}); at the default ${FLOW_HISTORY_LIMITS.backgroundEveryMs} ms: ${(((commands / samples) * 1000) / FLOW_HISTORY_LIMITS.backgroundEveryMs).toFixed(2)} commands/s per retained stream`,
      );
      expect(samples).toBeGreaterThanOrEqual(5);
      expect(Math.round(commands / samples)).toBe(4); // XINFO STREAM, XINFO GROUPS, XPENDING × 2: one pipelined round trip
      expect(perSec / reported).toBeGreaterThan(0.7);
      expect(perSec / reported).toBeLessThan(1.3);
    } finally {
      await area.close();
      redis.disconnect();
      await redisServer.dispose();
    }
  }, 30_000);
});
