// The console at scale, on a private redis-server (see bench/scale/fixture.ts; never the shared
// one, whatever --redis says): the Overview over 10,000 streams among 1,000,000 other keys, opening
// a 10,000,000-entry stream, and 50 streams watched at once — each next to the same job done by
// hand (redis-cli --scan, a bare SCAN … TYPE stream + XINFO loop, XINFO / XREVRANGE / XREAD). The
// console runs in this process (createConsole + the direct bridge, the renderer's own stores where
// the UI has one); every run gets a fresh console so one scenario's background work (a watched
// stream is sampled for a while after it is left) does not land in another's counts. Redis
// commands are INFO commandstats deltas of the private server, so they are exact.
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { createConsole, type ConsoleService } from '../../electron/console';
import { createDirectBridge } from '../../electron/transport/direct';
import { createEntriesStore } from '../../renderer/features/entries/store/entriesStore';
import { createOverviewStore, MAX_SCAN_PAGES } from '../../renderer/state/overviewStore';
import type { Events } from '../../shared/api';
import { monoMs, sleep } from '../harness/clock';
import { heapHeldBytes, HeapMeter } from '../harness/heap';
import { EVENT_BYTES } from '../harness/payload';
import { callsBetween, commandCalls } from '../harness/redis';
import { sized, type Family, type Measurement, type Scenario, type ScenarioContext } from '../harness/scenario';
import { summarize } from '../harness/stats';
import { buildScaleFixture, disposeScaleFixture, GROUP, LONG_STREAM, SHORT_STREAM, type ScaleFixture } from '../scale/fixture';
import { startTraffic } from '../ui/traffic-child';

/** The Overview refreshes every 2 s (overviewStore.start's default interval). */
const OVERVIEW_INTERVAL_MS = 2_000;
/** Same page size as the console's streams.list default. */
const SCAN_COUNT = 500;
const OPEN_REPEATS = 5;
const watchSeconds = (ctx: ScenarioContext) => sized(ctx, { quick: 2, default: 10, full: 30 });
/** Traffic into the watched streams while they are watched: 1,000 events/s spread over them. */
const WATCH_TRAFFIC_PER_SEC = 1_000;

let fixture: Promise<ScaleFixture> | null = null;
const getFixture = (ctx: ScenarioContext) => (fixture ??= buildScaleFixture(ctx.size, (line) => console.log(line)));

/** Commands the private server ran while `action` ran, minus this bench's INFO and the traffic's XADDs. */
async function counted<T>(
  f: ScaleFixture,
  action: () => Promise<T>,
  leaveOut: string[] = [],
): Promise<{ value: T; calls: Record<string, number>; total: number }> {
  const before = await commandCalls(f.admin);
  const value = await action();
  const calls = callsBetween(before, await commandCalls(f.admin));
  for (const name of ['info', ...leaveOut]) delete calls[name];
  return { value, calls, total: Object.values(calls).reduce((a, b) => a + b, 0) };
}

const topCommands = (calls: Record<string, number>, per = 1) =>
  Object.entries(calls)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, n]) => `${name}×${Math.round((n / per) * 10) / 10}`)
    .join(' ');

async function withConsole<T>(f: ScaleFixture, use: (service: ConsoleService) => Promise<T>): Promise<T> {
  const service = await createConsole({ redis: f.server.url, embedded: false });
  try {
    return await use(service);
  } finally {
    await service.close();
  }
}

const mb = (bytes: number) => Math.round(bytes / 1e4) / 100;

// ---- the Overview ---------------------------------------------------------------------------

/** The renderer's own Overview store, started as the Overview starts it, until it lists every stream. */
async function overviewConsole(ctx: ScenarioContext): Promise<Measurement> {
  const f = await getFixture(ctx);
  return withConsole(f, async (service) => {
    const store = createOverviewStore(createDirectBridge(service));
    const heldBefore = heapHeldBytes();
    const meter = new HeapMeter();
    // One sample per update of the list (a step of the walk: at most MAX_SCAN_PAGES pages).
    const stepMs: number[] = [];
    let lastUpdate = 0;
    const started = monoMs();
    meter.start();
    const { calls, total } = await counted(f, async () => {
      lastUpdate = monoMs();
      const unsubscribe = store.subscribe((state, prev) => {
        if (state.streams === prev.streams) return;
        const now = monoMs();
        stepMs.push(now - lastUpdate);
        lastUpdate = now;
      });
      const stop = store.getState().start(OVERVIEW_INTERVAL_MS);
      try {
        const deadline = monoMs() + 600_000;
        while (store.getState().streams.length < f.totalStreams) {
          if (store.getState().streamsError) throw new Error(`streams.list: ${store.getState().streamsError?.message}`);
          if (monoMs() > deadline)
            throw new Error(`overview listed ${store.getState().streams.length} of ${f.totalStreams} streams after 600 s`);
          await sleep(5);
        }
      } finally {
        stop();
        unsubscribe();
      }
    });
    const workSeconds = (monoMs() - started) / 1000;
    const heap = meter.stop();
    const held = heapHeldBytes() - heldBefore;
    const listed = store.getState().streams.length;
    return {
      messages: listed,
      seconds: workSeconds,
      bytesPerMessage: EVENT_BYTES,
      latency: summarize(stepMs),
      notes: {
        steps: stepMs.length,
        pagesPerStep: MAX_SCAN_PAGES,
        // Measured from start(): the first walk's steps follow each other without waiting for the interval.
        timeToFullListSeconds: Math.round(workSeconds * 10) / 10,
        redisCommands: total,
        commandsPerStream: Math.round((total / listed) * 100) / 100,
        commands: topCommands(calls),
        heapHeldMB: mb(held),
        heapPeakMB: mb(heap.heapPeakBytes),
        allocatedMB: mb(heap.allocBytes),
        redisUsedMemoryMB: Math.round(f.fill.usedMemoryMB),
      },
    };
  });
}

/** By hand, the least work that lists the same streams with their numbers: SCAN … TYPE stream, XINFO per stream. */
async function overviewBare(ctx: ScenarioContext): Promise<Measurement> {
  const f = await getFixture(ctx);
  const redis = new Redis(f.server.url);
  try {
    await redis.ping();
    const pageMs: number[] = [];
    let listed = 0;
    const started = monoMs();
    const { calls, total } = await counted(f, async () => {
      let cursor = '0';
      do {
        const t = monoMs();
        const [next, keys] = await redis.scan(cursor, 'MATCH', '*', 'COUNT', SCAN_COUNT, 'TYPE', 'stream');
        cursor = next;
        if (keys.length) {
          const pipeline = redis.pipeline();
          for (const key of keys) pipeline.call('XINFO', 'STREAM', key).call('XINFO', 'GROUPS', key);
          await pipeline.exec();
        }
        listed += keys.length;
        pageMs.push(monoMs() - t);
      } while (cursor !== '0');
    });
    if (listed < f.totalStreams) throw new Error(`bare scan listed ${listed} of ${f.totalStreams} streams`);
    const seconds = (monoMs() - started) / 1000;
    return {
      messages: listed,
      seconds,
      bytesPerMessage: EVENT_BYTES,
      latency: summarize(pageMs),
      notes: {
        scanCalls: calls.scan ?? 0,
        redisCommands: total,
        commandsPerStream: Math.round((total / listed) * 100) / 100,
        commands: topCommands(calls),
      },
    };
  } finally {
    redis.disconnect();
  }
}

/** `redis-cli --scan` as it comes (7.0: every key, SCAN's default COUNT 10, no TYPE filter). */
async function overviewCli(ctx: ScenarioContext): Promise<Measurement> {
  const f = await getFixture(ctx);
  const started = monoMs();
  const { value: keys, calls, total } = await counted(f, () => cliScan(f.server.port));
  const seconds = (monoMs() - started) / 1000;
  return {
    messages: keys,
    seconds,
    bytesPerMessage: EVENT_BYTES,
    latency: null,
    notes: { keysListed: keys, streamsAmongThem: f.totalStreams, scanCalls: calls.scan ?? 0, redisCommands: total },
  };
}

function cliScan(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', ['-p', String(port), '--scan'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(lines) : reject(new Error(`redis-cli --scan exited with ${code}`))));
  });
}

// ---- opening a stream -----------------------------------------------------------------------

/** Opening a stream as the Stream view does: streams.detail, then the Entries tab's first page (its own store). */
function openConsole(stream: string) {
  return async (ctx: ScenarioContext): Promise<Measurement> => {
    const f = await getFixture(ctx);
    return withConsole(f, async (service) => {
      const bridge = createDirectBridge(service);
      const open = async () => {
        const detail = await bridge.invoke('streams.detail', { stream });
        if (!detail.ok) throw new Error(`streams.detail: ${detail.error.message}`);
        const entries = createEntriesStore(bridge, stream);
        await entries.getState().reload();
        const state = entries.getState();
        if (state.error || state.loaded.length === 0) throw new Error(`entries page of ${stream}: ${state.error?.message ?? 'empty'}`);
        return state.loaded.length;
      };
      return timedOpens(f, open, stream);
    });
  };
}

/** By hand: XINFO STREAM and XREVRANGE + - COUNT 200 in one pipeline. */
function openBare(stream: string) {
  return async (ctx: ScenarioContext): Promise<Measurement> => {
    const f = await getFixture(ctx);
    const redis = new Redis(f.server.url);
    try {
      await redis.ping();
      const open = async () => {
        const replies = (await redis.pipeline().call('XINFO', 'STREAM', stream).xrevrange(stream, '+', '-', 'COUNT', 200).exec()) ?? [];
        const entries = replies[1]?.[1] as unknown[] | undefined;
        if (replies.some(([error]) => error) || !entries?.length) throw new Error(`XINFO/XREVRANGE of ${stream} failed`);
        return entries.length;
      };
      return await timedOpens(f, open, stream);
    } finally {
      redis.disconnect();
    }
  };
}

async function timedOpens(f: ScaleFixture, open: () => Promise<number>, stream: string): Promise<Measurement> {
  await open(); // warm: connection, JIT
  const times: number[] = [];
  let rows = 0;
  const { calls, total } = await counted(f, async () => {
    for (let i = 0; i < OPEN_REPEATS; i++) {
      const t = monoMs();
      rows += await open();
      times.push(monoMs() - t);
    }
  });
  const length = stream === LONG_STREAM ? f.sizes.longStream : f.sizes.shortStream;
  return {
    messages: rows,
    seconds: times.reduce((a, b) => a + b, 0) / 1000,
    bytesPerMessage: EVENT_BYTES,
    latency: summarize(times),
    notes: {
      streamLength: length,
      rowsPerOpen: rows / OPEN_REPEATS,
      commandsPerOpen: total / OPEN_REPEATS,
      commands: topCommands(calls, OPEN_REPEATS),
      ...(stream === LONG_STREAM
        ? {
            createSeconds: Math.round(f.fill.longStreamSeconds * 10) / 10,
            createdPerSec: Math.round(length / f.fill.longStreamSeconds),
            streamMemoryMB: Math.round(f.fill.longStreamMemoryMB),
          }
        : {}),
    },
  };
}

// ---- many streams watched at once ---------------------------------------------------------------

interface WatchWindow {
  seconds: number;
  calls: Record<string, number>;
  total: number;
  cpuPct: number;
}

/** Runs `during` for the watch window while the traffic process writes to the watched streams. */
async function watchWindow(ctx: ScenarioContext, f: ScaleFixture, during: (seconds: number) => Promise<void>): Promise<WatchWindow> {
  const seconds = watchSeconds(ctx);
  const traffic = await startTraffic({
    redis: f.server.url,
    target: { kind: 'streams', streams: f.watchedStreams },
    perSecond: WATCH_TRAFFIC_PER_SEC,
    seconds,
  });
  try {
    const cpu0 = process.cpuUsage();
    const t0 = monoMs();
    const { calls, total } = await counted(f, async () => {
      traffic.send({ type: 'start' });
      await during(seconds);
      await traffic.next('done', seconds * 1000 + 60_000);
    }, ['xadd']);
    const wall = (monoMs() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { seconds: wall, calls, total, cpuPct: Math.round(((cpu.user + cpu.system) / 1e4 / wall) * 10) / 10 };
  } finally {
    await traffic.stop();
  }
}

/**
 * flow.watch on every watched stream (what the Flow / Charts tabs do), then the 1-second flow.tick
 * feed. The console emits one event per stream, all of a tick in one go: events that arrive before
 * the event loop turns are one tick. Staleness = time between two snapshots of the same stream.
 */
async function watchConsole(ctx: ScenarioContext): Promise<Measurement> {
  const f = await getFixture(ctx);
  return withConsole(f, async (service) => {
    const staleness: number[] = [];
    const streamsPerTick: number[] = [];
    const lastSeen = new Map<string, number>();
    let inTick: Set<string> | null = null;
    const off = service.onEvent((event, payload) => {
      if (event !== 'flow.tick') return;
      const now = monoMs();
      if (!inTick) {
        const tick = (inTick = new Set());
        setImmediate(() => {
          streamsPerTick.push(tick.size);
          inTick = null;
        });
      }
      for (const s of payload as Events['flow.tick']) {
        const before = lastSeen.get(s.stream);
        if (before !== undefined) staleness.push(now - before);
        lastSeen.set(s.stream, now);
        inTick.add(s.stream);
      }
    });
    const refused: string[] = [];
    try {
      const window = await watchWindow(ctx, f, async (seconds) => {
        for (const stream of f.watchedStreams) {
          const reply = await service.dispatch('flow.watch', { stream });
          if (!reply.ok) refused.push(`${stream}: ${reply.error.message}`);
        }
        await sleep(seconds * 1000);
      });
      if (refused.length) throw new Error(`flow.watch refused ${refused.length}: ${refused[0]}`);
      // The first tick can come while the watches are still being set up: not a full one.
      const full = streamsPerTick.slice(1);
      return {
        messages: streamsPerTick.reduce((a, b) => a + b, 0),
        seconds: window.seconds,
        bytesPerMessage: EVENT_BYTES,
        latency: summarize(staleness),
        notes: {
          watched: f.watchedStreams.length,
          streamsTickedAtAll: lastSeen.size,
          streamsPerTickMin: full.length ? Math.min(...full) : 0,
          streamsPerTickMax: Math.max(0, ...streamsPerTick),
          ticks: streamsPerTick.length,
          commandsPerSec: Math.round(window.total / window.seconds),
          commands: topCommands(window.calls, window.seconds),
          consoleCpuPct: window.cpuPct,
        },
      };
    } finally {
      off();
      for (const stream of f.watchedStreams) await service.dispatch('flow.unwatch', { stream });
    }
  });
}

/** By hand, once a second: XINFO STREAM, XINFO GROUPS and XINFO CONSUMERS of every watched stream, one pipeline. */
async function watchBare(ctx: ScenarioContext): Promise<Measurement> {
  const f = await getFixture(ctx);
  const redis = new Redis(f.server.url);
  try {
    await redis.ping();
    const rounds: number[] = [];
    const window = await watchWindow(ctx, f, async (seconds) => {
      const end = monoMs() + seconds * 1000;
      while (monoMs() < end) {
        const t = monoMs();
        const pipeline = redis.pipeline();
        for (const s of f.watchedStreams)
          pipeline.call('XINFO', 'STREAM', s).call('XINFO', 'GROUPS', s).call('XINFO', 'CONSUMERS', s, GROUP);
        await pipeline.exec();
        rounds.push(monoMs() - t);
        await sleep(Math.max(0, 1000 - (monoMs() - t)));
      }
    });
    return {
      messages: rounds.length * f.watchedStreams.length,
      seconds: window.seconds,
      bytesPerMessage: EVENT_BYTES,
      latency: summarize(rounds),
      notes: {
        watched: f.watchedStreams.length,
        commandsPerSec: Math.round(window.total / window.seconds),
        commands: topCommands(window.calls, window.seconds),
        benchCpuPct: window.cpuPct,
      },
    };
  } finally {
    redis.disconnect();
  }
}

/** entries.tail on every watched stream (Entries tabs with the live tail on) while traffic arrives. */
async function tailConsole(ctx: ScenarioContext): Promise<Measurement> {
  const f = await getFixture(ctx);
  return withConsole(f, async (service) => {
    let appended = 0;
    const off = service.onEvent((event, payload) => {
      if (event === 'entries.appended') appended += (payload as Events['entries.appended']).entries.length;
    });
    const tails: string[] = [];
    try {
      const window = await watchWindow(ctx, f, async (seconds) => {
        for (const stream of f.watchedStreams) {
          const reply = await service.dispatch('entries.tail', { stream });
          if (!reply.ok) throw new Error(`entries.tail ${stream}: ${reply.error.message}`);
          tails.push((reply.value as { tailId: string }).tailId);
        }
        await sleep(seconds * 1000);
      });
      await sleep(300); // the coalesced feed flushes about every 100 ms
      return {
        messages: appended,
        seconds: window.seconds,
        bytesPerMessage: EVENT_BYTES,
        latency: null,
        notes: {
          tails: tails.length,
          commandsPerSec: Math.round(window.total / window.seconds),
          commands: topCommands(window.calls, window.seconds),
          consoleCpuPct: window.cpuPct,
        },
      };
    } finally {
      off();
      for (const tailId of tails) await service.dispatch('entries.untail', { tailId });
    }
  });
}

/** By hand: one XREAD BLOCK over every watched stream, in a loop. */
async function tailBare(ctx: ScenarioContext): Promise<Measurement> {
  const f = await getFixture(ctx);
  const redis = new Redis(f.server.url);
  try {
    await redis.ping();
    let received = 0;
    const window = await watchWindow(ctx, f, async (seconds) => {
      const ids = f.watchedStreams.map(() => '$');
      const end = monoMs() + seconds * 1000;
      while (monoMs() < end) {
        const reply = (await redis.xread('COUNT', 1000, 'BLOCK', 100, 'STREAMS', ...f.watchedStreams, ...ids)) as Array<
          [string, Array<[string, string[]]>]
        > | null;
        for (const [stream, entries] of reply ?? []) {
          received += entries.length;
          ids[f.watchedStreams.indexOf(stream)] = entries[entries.length - 1][0];
        }
      }
    });
    return {
      messages: received,
      seconds: window.seconds,
      bytesPerMessage: EVENT_BYTES,
      latency: null,
      notes: {
        tails: f.watchedStreams.length,
        commandsPerSec: Math.round(window.total / window.seconds),
        commands: topCommands(window.calls, window.seconds),
        benchCpuPct: window.cpuPct,
      },
    };
  } finally {
    redis.disconnect();
  }
}

const scenarios: Scenario[] = [
  {
    id: 'scale.overview-bare',
    title: 'by hand: SCAN … COUNT 500 TYPE stream + XINFO STREAM/GROUPS per stream (pipelined per page)',
    meaning:
      'Baseline for the Overview: a bare loop of SCAN cursor MATCH * COUNT 500 TYPE stream over 10,000 streams among 1,000,000 other keys, each page’s streams read with XINFO STREAM + XINFO GROUPS in one pipeline; msgs/s = streams listed per second, latency = one SCAN page.',
    run: overviewBare,
  },
  {
    id: 'scale.overview-bare-again',
    title: 'the same loop by hand, a second time (A/A)',
    meaning:
      'Control: exactly the Overview baseline again, in the same rounds; its ratio to the baseline is how far the host alone moved the listing rate.',
    baseline: 'scale.overview-bare',
    run: overviewBare,
  },
  {
    id: 'scale.overview-console',
    title: 'the Overview store refreshed until it lists all 10,000 streams',
    meaning: `The renderer's Overview store (createOverviewStore over the direct bridge) started as the Overview starts it (refresh every ${OVERVIEW_INTERVAL_MS / 1000} s) until it lists every stream; each step of the first walk reads at most ${MAX_SCAN_PAGES} streams.list pages (SCAN COUNT ${SCAN_COUNT} TYPE stream, then XINFO STREAM/GROUPS per stream in one pipeline) and the next follows at once; timeToFullListSeconds = from start() to the full list; latency = time between two updates of the list.`,
    baseline: 'scale.overview-bare',
    run: overviewConsole,
  },
  {
    id: 'scale.overview-cli',
    title: 'redis-cli --scan (every key; redis-cli 7.0 has no --type or --count)',
    meaning:
      'What the tool at hand does: redis-cli --scan lists every one of the 1,010,002 keys with SCAN’s default COUNT 10; streams cannot be told apart without a TYPE per key. msgs/s = keys listed per second.',
    run: overviewCli,
  },
  {
    id: 'scale.open-bare-long',
    title: 'by hand: XINFO STREAM + XREVRANGE + - COUNT 200 on the 10,000,000-entry stream',
    meaning:
      'Baseline for opening a stream: one pipeline of XINFO STREAM and the newest 200 entries; msgs/s = rows per second, latency = one open.',
    run: openBare(LONG_STREAM),
  },
  {
    id: 'scale.open-console-long',
    title: 'opening the 10,000,000-entry stream in the console (streams.detail + the Entries tab’s first page)',
    meaning:
      'What the Stream view does when opened: streams.detail (XINFO STREAM, XINFO GROUPS, MEMORY USAGE) then the Entries tab store’s first page (entries.page backward, 200); latency = one open; notes: the stream’s creation time and memory.',
    baseline: 'scale.open-bare-long',
    run: openConsole(LONG_STREAM),
  },
  {
    id: 'scale.open-console-short',
    title: 'the same open on a 10,000-entry stream',
    meaning:
      'Reference: the same open on a 10,000-entry stream; the long stream’s open must not cost more (target: median open time long / short ≤ 2×; a p99 of 5 opens is one stall).',
    run: openConsole(SHORT_STREAM),
  },
  {
    id: 'scale.watch-bare',
    title: 'by hand: XINFO STREAM/GROUPS/CONSUMERS of 50 streams once a second',
    meaning: `Baseline for watching: once a second, one pipeline of XINFO STREAM, XINFO GROUPS and XINFO CONSUMERS for each of 50 streams while a separate process writes ${WATCH_TRAFFIC_PER_SEC} events/s spread over them; latency = one round.`,
    run: watchBare,
  },
  {
    id: 'scale.watch-console',
    title: 'flow.watch on 50 streams at once (Flow / Charts tabs)',
    meaning:
      'The console: flow.watch on each of the 50 streams, then the 1-second flow.tick feed for the window; msgs/s = stream snapshots pushed per second, latency = staleness (time between two snapshots of the same stream); notes: how many streams ever ticked, streams per tick (min over full ticks, max), commands/s, the console’s CPU.',
    baseline: 'scale.watch-bare',
    run: watchConsole,
  },
  {
    id: 'scale.tail-bare',
    title: 'by hand: one XREAD BLOCK over the 50 streams, in a loop',
    meaning: 'Baseline for live tails: one XREAD COUNT 1000 BLOCK 100 over all 50 streams, repeated; msgs/s = entries received per second.',
    run: tailBare,
  },
  {
    id: 'scale.tail-console',
    title: 'entries.tail on 50 streams at once (Entries tabs, live tail on)',
    meaning:
      'The console: entries.tail on each of the 50 streams while the same traffic arrives; msgs/s = entries pushed to the UI per second; notes: commands/s, the console’s CPU.',
    baseline: 'scale.tail-bare',
    run: tailConsole,
  },
];

export const scaleFamily: Family = {
  name: 'scale',
  scenarios,
  targets: [
    {
      label: 'the Overview lists streams ≥ 0.9× as fast as by hand',
      subject: 'scale.overview-console',
      reference: 'scale.overview-bare',
      metric: 'msgsPerSec',
      atLeast: 0.9,
      control: 'scale.overview-bare-again',
    },
    {
      label: 'opening a 10M-entry stream costs what a 10k one does',
      subject: 'scale.open-console-long',
      reference: 'scale.open-console-short',
      metric: 'p50',
      atMost: 2,
    },
  ],
  async teardown() {
    if (!fixture) return;
    const pending = fixture;
    fixture = null;
    const f = await pending.catch(() => null);
    if (f) await disposeScaleFixture(f);
  },
};
