// The live flow feed: for each watched stream, deliveries per group → instance per interval,
// lag, pending and oldest-pending age, pushed as one coalesced `flow.tick` per second. Hosted
// instances report exact engine stats; other instances report the counters in their presence
// heartbeat. Presence changes between ticks become membership events (joined, stale, returned,
// left, idle). Every snapshot also goes into the console's bounded history of the stream
// (flow-history.ts), and a stream no page watches any more keeps being sampled at a low rate for a
// while, so `flow.history` can give a page that opens later the last ten minutes.
//
// Here: which streams are followed, by how many pages, and the timers. Each sample is taken in
// flow-snapshot.ts (rates in flow-rates.ts, membership changes in flow-membership.ts).
import type { FlowHistory } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import { isMissingStreamOrGroup } from '../engine';
import type { Caller } from './callers';
import type { Area, ConsoleContext } from './context';
import { chartSample, FLOW_HISTORY_LIMITS, SampleRing, type FlowHistoryLimits } from './flow-history';
import { quietSample, watchedSnapshot, type SampledStream, type SnapshotSources } from './flow-snapshot';
import { LagCounter } from './group-lag';
import type { InstancesArea } from './instances';
import type { Observations } from './observations';

export const FLOW_TICK_MS = 1000;

/**
 * How many streams one page, and the console in all, may watch at once. Every watched stream is
 * read every tick (one round of pipelined reads for all of them), so these bound a tick's work; the
 * per-page bound leaves room for other pages however many one page watches.
 */
export const WATCH_LIMITS = { perPage: 64, total: 100 } as const;

/** A stream the console follows: watched by pages (watchers > 0), or retained and sampled quietly. */
interface Tracked extends SampledStream {
  /** How many pages watch this stream: one page leaving must not stop another's ticks. */
  watchers: number;
  history: SampleRing;
  /** When the last page stopped watching; null while a page watches. */
  unwatchedAt: number | null;
}

/** The feed of one stream's ticks, followed by the pages watching it. */
const watchTopic = (stream: string) => `flow.watch:${stream}`;
const isGone = (error: unknown) => isMissingStreamOrGroup(error);

function newTracked(limits: FlowHistoryLimits): Tracked {
  return {
    watchers: 0,
    lastAdded: null,
    lastAt: 0,
    members: null,
    history: new SampleRing(limits),
    unwatchedAt: null,
    lastRead: new Map(),
  };
}

/** Keeps the most recently unwatched `retainedStreams` streams; the rest lose their history. */
function enforceRetention(tracked: Map<string, Tracked>, limits: FlowHistoryLimits): void {
  const retained = [...tracked].filter(([, t]) => t.watchers === 0).sort(([, a], [, b]) => (a.unwatchedAt ?? 0) - (b.unwatchedAt ?? 0));
  for (const [stream] of retained.slice(0, Math.max(0, retained.length - limits.retainedStreams))) tracked.delete(stream);
}

/** The stream's kept samples since `sinceMs`, with what keeping them costs Redis while nobody watches. */
function historyOf(stream: string, t: Tracked | undefined, sinceMs: number | undefined, limits: FlowHistoryLimits): FlowHistory {
  const samples = t?.history.since(sinceMs, Date.now()) ?? [];
  const last = samples.at(-1)?.groups ?? [];
  // Plus at most one counting script per group whose lag Redis does not give (group-lag.ts).
  const groups = last.length + last.filter((g) => g.lagSource !== undefined && g.lagSource !== 'redis').length;
  return {
    stream,
    windowMs: limits.windowMs,
    backgroundEveryMs: limits.backgroundEveryMs,
    backgroundCommandsPerSec: ((2 + groups) * 1000) / limits.backgroundEveryMs,
    samples,
  };
}

/** A timer that runs `job` every `everyMs` while it is switched on. */
class Repeating {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly everyMs: number,
    private readonly job: () => void,
  ) {}

  run(on: boolean): void {
    if (on) this.timer ??= setInterval(this.job, this.everyMs);
    else if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

export function createFlowArea(
  ctx: ConsoleContext,
  observations: Observations,
  instances: InstancesArea,
  limits: FlowHistoryLimits = FLOW_HISTORY_LIMITS,
  lagCounter: LagCounter = new LagCounter(),
): Area {
  const sources: SnapshotSources = { ctx, observations, instances, lagCounter };
  const tracked = new Map<string, Tracked>();
  const live = new Repeating(FLOW_TICK_MS, () => void tick());
  const quiet = new Repeating(limits.backgroundEveryMs, () => void sampleRetained());
  let ticking = false;
  let sampling = false;

  const snapshot = (stream: string, t: Tracked) => watchedSnapshot(sources, stream, t);

  const watchedCount = () => [...tracked.values()].filter((t) => t.watchers > 0).length;

  /**
   * Samples every watched stream and pushes each snapshot to the pages watching it, keeping it in
   * the history. All streams are sampled together: their commands go out on the one connection
   * side by side, so a tick costs a few pipelined round trips whatever the number of streams
   * (not a few per stream, one stream after another). A tick still running when the next is due
   * makes that one skip (a slow Redis must not stack ticks).
   */
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      const watched = [...tracked].filter(([, t]) => t.watchers > 0);
      const sampled = await Promise.allSettled(watched.map(([stream, t]) => snapshot(stream, t)));
      sampled.forEach((result, i) => {
        const [stream, t] = watched[i];
        if (result.status === 'fulfilled') {
          t.history.add(chartSample(result.value));
          ctx.feeds.emit(watchTopic(stream), 'flow.tick', [result.value]);
        } else if (isGone(result.reason)) {
          // Deleted: its history describes something that no longer exists; a stream re-created
          // under the name starts anew. Redis away: skipped this tick, tried again next one.
          t.history.clear();
        }
      });
    } finally {
      ticking = false;
    }
  };

  /** Samples every retained stream (in parallel, one round trip each), dropping expired and deleted ones. */
  const sampleRetained = async () => {
    if (sampling) return;
    sampling = true;
    try {
      const now = Date.now();
      const due: Array<[string, Tracked]> = [];
      for (const [stream, t] of tracked) {
        if (t.watchers > 0 || t.unwatchedAt === null) continue;
        if (now - t.unwatchedAt > limits.retainMs) tracked.delete(stream);
        else due.push([stream, t]);
      }
      await Promise.all(
        due.map(async ([stream, t]) => {
          try {
            const sample = await quietSample(sources, stream, t);
            if (tracked.get(stream) === t) t.history.add(sample);
          } catch (error) {
            if (isGone(error) && tracked.get(stream) === t && t.watchers === 0) tracked.delete(stream);
          }
        }),
      );
    } finally {
      sampling = false;
      schedule();
    }
  };

  /** Runs the 1 s live timer while a page watches something, the quiet one while something is retained. */
  const schedule = () => {
    const watched = watchedCount();
    live.run(watched > 0);
    quiet.run(tracked.size - watched > 0);
  };

  /** One page stops watching `stream` (counts are per page: another page's watch goes on). */
  const unwatch = (stream: string) => {
    const t = tracked.get(stream);
    if (!t || t.watchers === 0) return { stopped: false };
    if (--t.watchers === 0) {
      stopWatching(t);
      if (limits.retainMs <= 0) tracked.delete(stream);
      enforceRetention(tracked, limits);
    }
    schedule();
    return { stopped: true };
  };

  const stopWatching = (t: Tracked) => {
    t.watchers = 0;
    t.unwatchedAt = Date.now();
    t.members = null; // membership is tracked while watched only: a later watch starts from a baseline
  };

  /** Refuses a watch that would take this page, or the console, past WATCH_LIMITS. */
  const checkWatchLimits = (stream: string, caller: Caller) => {
    const ofPage = ctx.feeds.followed(caller, watchTopic(''));
    if (!ofPage.includes(watchTopic(stream)) && ofPage.length >= WATCH_LIMITS.perPage)
      throw new ContractError('conflict', `a page watches at most ${WATCH_LIMITS.perPage} streams at once; stop watching one first`);
    if (!(tracked.get(stream)?.watchers ?? 0) && watchedCount() >= WATCH_LIMITS.total)
      throw new ContractError(
        'conflict',
        `the console watches at most ${WATCH_LIMITS.total} streams at once (over all pages); stop watching one first`,
      );
  };

  return {
    handlers: {
      'flow.watch': async ({ stream }, caller) => {
        checkWatchLimits(stream, caller);
        const candidate = tracked.get(stream) ?? newTracked(limits);
        const first = await snapshot(stream, candidate); // a missing stream throws here: nothing is tracked
        checkWatchLimits(stream, caller); // other watches may have started meanwhile
        const t = tracked.get(stream) ?? candidate; // another watch may have started it meanwhile
        if (!tracked.has(stream)) tracked.set(stream, t);
        t.watchers++;
        // The watching page receives the ticks, and its watch ends when that page goes away.
        ctx.feeds.follow(caller, watchTopic(stream), () => unwatch(stream));
        t.unwatchedAt = null;
        t.history.add(chartSample(first));
        enforceRetention(tracked, limits);
        schedule();
        return first;
      },
      'flow.unwatch': async ({ stream }, caller) => {
        ctx.feeds.unfollow(caller, watchTopic(stream));
        return unwatch(stream);
      },
      'flow.timeline': async ({ stream }) => observations.timeline(stream),
      'flow.history': async ({ stream, sinceMs }) => historyOf(stream, tracked.get(stream), sinceMs, limits),
    },
    close: () => {
      live.run(false);
      quiet.run(false);
      tracked.clear();
    },
  };
}
