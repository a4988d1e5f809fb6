// The UI under live traffic (5,000 msgs/s): Debian Chromium on the real renderer, served by web mode
// (a child process running startWebServer, as `npm run web` does) against the bench's Redis, while
// a traffic process writes 5,000 events/s to the stream whose Entries tab is live-tailing, or
// publishes them to channels the Broadcast view holds a pattern subscription on. Each view is also
// measured idle (same page, same time, no traffic) in the same invocation, as its baseline.
// In the table, msgs/s = messages the page received per second and the latency columns are
// animation-frame intervals (ms); long tasks, heap, DOM and the server's memory are in the notes.
// BENCH_UI_PROFILE=<dir> also writes the page's CPU profile of each load run there (unminified build);
// BENCH_UI_STATIC=<dir> uses a renderer built elsewhere instead of building one;
// BENCH_UI_CPU_SLOWDOWN=<n> throttles the page's CPU n times (a slower machine).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { sleep } from '../harness/clock';
import { benchEvent, EVENT_BYTES } from '../harness/payload';
import { sized, type Family, type Measurement, type Scenario, type ScenarioContext } from '../harness/scenario';
import { summarize } from '../harness/stats';
import { MSG_FIELD } from '../drivers/types';
import { chromiumUnavailable, launchChromium } from '../ui/chromium';
import { PageProbe, type PageMetrics } from '../ui/probe';
import type { TrafficJob } from '../ui/traffic-protocol';
import { startTraffic, type TrafficProcess } from '../ui/traffic-child';
import { broadcastCounts, entriesCounts, openBroadcastPattern, openEntriesTail, type UiCounts } from '../ui/views';
import { WebModeServer, type ServerUsage } from '../ui/web-server';

const RATE = 5_000;
const seconds = (ctx: ScenarioContext) => sized(ctx, { quick: 3, default: 15, full: 60 });
/** After the view is open: the first page loads and the subscription settle before measuring. */
const SETTLE_MS = 2_000;
/** After the traffic stops, the page has caught up once its counts stay put this long … */
const QUIET_MS = 1_000;
/** … or, at the latest, after this long (a page that lost messages never reaches the total). */
const MAX_CATCH_UP_MS = 20_000;
const CHANNELS = 4;

/** BENCH_UI_CPU_SLOWDOWN=N: the page runs N times slower (CDP CPU throttling), idle and load alike. */
function cpuSlowdown(): number {
  const raw = process.env.BENCH_UI_CPU_SLOWDOWN;
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1) throw new Error(`BENCH_UI_CPU_SLOWDOWN must be a number ≥ 1, got '${raw}'`);
  return n;
}
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Fixture {
  staticDir: string;
  builtHere: boolean;
  server: WebModeServer;
  browser: Browser;
}

let fixture: Promise<Fixture> | null = null;

/** The renderer as `npm run web` builds it (into a temp dir: dist/ may be rebuilt by others meanwhile). */
function buildRenderer(): { staticDir: string; builtHere: boolean } {
  if (process.env.BENCH_UI_STATIC) return { staticDir: process.env.BENCH_UI_STATIC, builtHere: false };
  const staticDir = mkdtempSync(join(tmpdir(), 'streamscope-bench-ui-'));
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  // Profiles name functions only in an unminified build.
  const minify = process.env.BENCH_UI_PROFILE ? ['--minify', 'false'] : [];
  const build = spawnSync(
    process.execPath,
    [vite, 'build', '--mode', 'renderer', '--outDir', staticDir, '--emptyOutDir', '--logLevel', 'warn', ...minify],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (build.status !== 0) {
    rmSync(staticDir, { recursive: true, force: true });
    throw new Error(`renderer build (vite build --mode renderer) failed with exit ${build.status}`);
  }
  return { staticDir, builtHere: true };
}

function getFixture(redisUrl: string): Promise<Fixture> {
  fixture ??= (async () => {
    const built = buildRenderer();
    const server = await WebModeServer.start(redisUrl, built.staticDir).catch((error: unknown) => {
      if (built.builtHere) rmSync(built.staticDir, { recursive: true, force: true });
      throw error;
    });
    const browser = await launchChromium().catch(async (error: unknown) => {
      await server.close();
      if (built.builtHere) rmSync(built.staticDir, { recursive: true, force: true });
      throw error;
    });
    return { ...built, server, browser };
  })();
  return fixture;
}

interface View {
  name: 'entries' | 'broadcast';
  /** Creates what the view needs in Redis (names carry the run's token). */
  prepare(redis: Redis, ctx: ScenarioContext): Promise<void>;
  open(page: Page, url: string, ctx: ScenarioContext): Promise<void>;
  target(ctx: ScenarioContext): TrafficJob['target'];
  counts(page: Page): Promise<UiCounts>;
}

const streamOf = (ctx: ScenarioContext) => `${ctx.token}:ui-stream`;
const channelPrefix = (ctx: ScenarioContext) => `${ctx.token}:ui-channel:`;

const entriesView: View = {
  name: 'entries',
  async prepare(redis, ctx) {
    // A stream with a first page of entries, so the tab opens on a table rather than an empty state.
    const pipeline = redis.pipeline();
    for (let i = 0; i < 50; i++) pipeline.xadd(streamOf(ctx), '*', MSG_FIELD, JSON.stringify(benchEvent(i, 0)));
    await pipeline.exec();
  },
  open: (page, url, ctx) => openEntriesTail(page, url, streamOf(ctx)),
  target: (ctx) => ({ kind: 'stream', stream: streamOf(ctx) }),
  counts: entriesCounts,
};

const broadcastView: View = {
  name: 'broadcast',
  async prepare() {},
  open: (page, url, ctx) => openBroadcastPattern(page, url, `${channelPrefix(ctx)}*`),
  target: (ctx) => ({ kind: 'publish', channels: Array.from({ length: CHANNELS }, (_, i) => `${channelPrefix(ctx)}${i}`) }),
  counts: broadcastCounts,
};

/** Frames per second of the latest idle run of each view: the load run after it is compared with it. */
const idleFps = new Map<View['name'], number>();

/** Waits until the page's counts stop changing; catchUpMs = traffic end → last change seen. */
async function drain(read: () => Promise<UiCounts>): Promise<{ counts: UiCounts; catchUpMs: number }> {
  const started = performance.now();
  let counts = await read();
  let changedAt = started;
  while (performance.now() - changedAt < QUIET_MS && performance.now() - started < MAX_CATCH_UP_MS) {
    await sleep(200);
    const next = await read();
    if (next.received !== counts.received) changedAt = performance.now();
    counts = next;
  }
  return { counts, catchUpMs: Math.round(changedAt - started) };
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

async function measureView(view: View, withTraffic: boolean, ctx: ScenarioContext): Promise<Measurement> {
  const f = await getFixture(ctx.redisUrl);
  const duration = seconds(ctx);
  const redis = new Redis(ctx.redisUrl);
  let traffic: TrafficProcess | null = null;
  const context = await f.browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    await view.prepare(redis, ctx);
    // Started before the page, so its start-up is not inside the measured window.
    if (withTraffic) traffic = await startTraffic({ redis: ctx.redisUrl, target: view.target(ctx), perSecond: RATE, seconds: duration });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const probe = await PageProbe.attach(page, cpuSlowdown());
    await view.open(page, f.server.url, ctx);
    await sleep(SETTLE_MS);

    const heapBefore: PageMetrics = await probe.metrics({ collectGarbage: true });
    const serverBefore: ServerUsage = await f.server.usage();
    const framesBefore = await probe.eventFrames();
    const profileDir = withTraffic ? process.env.BENCH_UI_PROFILE : undefined;
    if (profileDir) await probe.startProfile();
    await probe.start();
    const started = performance.now();
    let produced: { sent: number; seconds: number; maxBehind: number } | null = null;
    if (traffic) {
      traffic.send({ type: 'start' });
      produced = (await traffic.next('done', duration * 1000 + 60_000)).report;
    } else {
      await sleep(duration * 1000);
    }
    const recording = await probe.stop();
    const windowSeconds = (performance.now() - started) / 1000;
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(join(profileDir, `ui-${view.name}-${ctx.token}.cpuprofile`), JSON.stringify(await probe.stopProfile()));
    }
    const busy = await probe.metrics({ collectGarbage: false });
    const serverDuring = await f.server.usage();
    const drained = await drain(() => view.counts(page));
    const counts = drained.counts;
    const framesReceived = (await probe.eventFrames()) - framesBefore;
    const serverAfter = await f.server.usage();
    const framesSent = serverAfter.events - serverBefore.events;
    const heapAfter = await probe.metrics({ collectGarbage: true });
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join(' | ')}`);

    const fps = recording.frames.length / windowSeconds;
    const pct = (busySeconds: number) => round((busySeconds / windowSeconds) * 100, 1);
    if (!withTraffic) idleFps.set(view.name, fps);
    const baselineFps = withTraffic ? idleFps.get(view.name) : undefined;
    const longTaskMs = recording.longTasks.reduce((sum, d) => sum + d, 0);
    const notes: Record<string, number | string> = {
      fps: round(fps, 1),
      ...(baselineFps ? { framesVsIdle: round(fps / baselineFps) } : {}),
      framesOver50ms: recording.frames.filter((d) => d > 50).length,
      longTasks: recording.longTasks.length,
      longTaskMs: Math.round(longTaskMs),
      longTaskMaxMs: Math.round(Math.max(0, ...recording.longTasks)),
      rendererBusyPct: pct(busy.taskSeconds - heapBefore.taskSeconds),
      rendererScriptPct: pct(busy.scriptSeconds - heapBefore.scriptSeconds),
      rendererStyleLayoutPct: pct(busy.styleLayoutSeconds - heapBefore.styleLayoutSeconds),
      heapBeforeMB: mb(heapBefore.jsHeapUsed),
      heapAfterMB: mb(heapAfter.jsHeapUsed),
      domNodesAfter: heapAfter.nodes,
      uiBuffered: counts.buffered,
      uiRows: counts.rows,
      serverRssBeforeMB: mb(serverBefore.rss),
      serverRssAfterMB: mb(serverAfter.rss),
      serverHeapBeforeMB: mb(serverBefore.heapUsed),
      serverHeapAfterMB: mb(serverAfter.heapUsed),
      eventFramesSent: framesSent,
      eventFramesLost: Math.max(0, framesSent - framesReceived),
      serverCpuPct: round(((serverDuring.cpuMs - serverBefore.cpuMs) / (windowSeconds * 1000)) * 100, 1),
      load1: round(loadavg()[0], 1),
    };
    if (produced) {
      Object.assign(notes, {
        produced: produced.sent,
        producedPerSec: Math.round(produced.sent / produced.seconds),
        producerMaxBehind: produced.maxBehind,
        uiReceivedShare: round(counts.received / produced.sent, 3),
        uiCatchUpMs: drained.catchUpMs,
        ...(counts.droppedUpstream ? { droppedUpstream: counts.droppedUpstream } : {}),
      });
    }
    return { messages: counts.received, seconds: windowSeconds, bytesPerMessage: EVENT_BYTES, latency: summarize(recording.frames), notes };
  } finally {
    await context.close().catch(() => undefined);
    await traffic?.stop();
    redis.disconnect();
  }
}

const scenarios: Scenario[] = [
  {
    id: 'ui.entries-idle',
    title: 'Entries tab, live tail on, no traffic (Chromium, web mode)',
    meaning:
      'Baseline: Chromium on web mode, a stream open on its Entries tab with the live tail on, nothing written, for the same time as the load run; latency columns = animation-frame intervals.',
    run: (ctx) => measureView(entriesView, false, ctx),
  },
  {
    id: 'ui.entries-5k',
    title: `Entries tab live tail while ${RATE.toLocaleString('en-US')} events/s are written`,
    meaning: `The same page while a separate process XADDs ${RATE.toLocaleString('en-US')} events/s (paced) to that stream: msgs/s = entries the page received per second; latency columns = animation-frame intervals (× p99 against idle); notes: long tasks, renderer heap and busy time, web-mode server RSS/heap/CPU.`,
    baseline: 'ui.entries-idle',
    run: (ctx) => measureView(entriesView, true, ctx),
  },
  {
    id: 'ui.broadcast-idle',
    title: 'Broadcast view, pattern subscription, no traffic',
    meaning:
      'Baseline: the Broadcast view with one console subscriber on a glob pattern, nothing published, same time; latency columns = animation-frame intervals.',
    run: (ctx) => measureView(broadcastView, false, ctx),
  },
  {
    id: 'ui.broadcast-5k',
    title: `Broadcast view while ${RATE.toLocaleString('en-US')} msgs/s are published to ${CHANNELS} matching channels`,
    meaning: `The same view while a separate process PUBLISHes ${RATE.toLocaleString('en-US')} msgs/s (paced) round-robin to ${CHANNELS} channels matching the pattern: msgs/s = messages the page received per second; latency columns = animation-frame intervals; notes as for ui.entries-5k.`,
    baseline: 'ui.broadcast-idle',
    run: (ctx) => measureView(broadcastView, true, ctx),
  },
];

export const uiFamily: Family = {
  name: 'ui',
  scenarios,
  targets: [],
  unavailable: chromiumUnavailable,
  async teardown() {
    if (!fixture) return;
    const pending = fixture;
    fixture = null;
    const f = await pending.catch(() => null);
    if (!f) return;
    await f.browser.close().catch(() => undefined);
    await f.server.close();
    if (f.builtHere) rmSync(f.staticDir, { recursive: true, force: true });
  },
};
