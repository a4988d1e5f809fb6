// Every stream and broadcast channel on the connected Redis, refreshed on an interval, with a
// short msgs/s history per stream/channel for the sparklines.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BroadcastChannel, Bridge, ReplyError, StreamSummary } from '../../shared';
import { pushHistory } from './boundedAppend';
import { measureBroadcastRates } from './measureBroadcastRates';

export const HISTORY_POINTS = 60;
/**
 * One refresh reads at most this many `streams.list` pages, so a huge keyspace cannot stall the
 * overview; a walk that did not reach cursor '0' resumes there on the next step. Without the
 * resume, a Redis Cluster whose first masters hold many keys would never show the streams of the
 * last ones (the console walks the masters one after another). Until the first walk is complete
 * its steps follow each other at once (start); later walks take one step per refresh.
 */
export const MAX_SCAN_PAGES = 20;

export interface OverviewState {
  streams: StreamSummary[];
  channels: BroadcastChannel[];
  streamRates: Record<string, number[]>;
  channelRates: Record<string, number[]>;
  filter: string;
  loaded: boolean;
  streamsError: ReplyError | null;
  channelsError: ReplyError | null;
  refresh: () => Promise<void>;
  setFilter: (filter: string) => void;
  /** Forgets everything listed: the console switched to another Redis. */
  reset: () => void;
  /** Refresh now and every `intervalMs`; returns the stop function. */
  start: (intervalMs?: number) => () => void;
}

export type OverviewStore = StoreApi<OverviewState>;

export function createOverviewStore(bridge: Bridge): OverviewStore {
  let walker = streamWalker(bridge);
  /** Bumped by reset, so a refresh that started against the previous Redis cannot bring its streams back. */
  let generation = 0;

  /** The streams part of the state after one step of the walk. */
  function streamsState(result: Listed, prev: OverviewState): Partial<OverviewState> {
    if (!result.ok) return { streamsError: result.error };
    const { value, readNow } = result;
    // A copy: overlapping refreshes share one step's result.
    const streams = value.slice().sort((a, b) => a.name.localeCompare(b.name));
    const streamRates: Record<string, number[]> = {};
    // Only a rate measured by this step goes into the trend: an unknown one is a gap, not a 0, and
    // a stream this step did not reach (a long walk resumes on the next one) keeps its trend as it
    // was instead of repeating its last point.
    for (const s of streams)
      streamRates[s.name] =
        s.entriesPerSecond === null || !readNow.has(s.name)
          ? (prev.streamRates[s.name] ?? [])
          : pushHistory(prev.streamRates[s.name], s.entriesPerSecond, HISTORY_POINTS);
    return { streams, streamRates, streamsError: null };
  }

  return createStore<OverviewState>()((set, get) => ({
    streams: [],
    channels: [],
    streamRates: {},
    channelRates: {},
    filter: '',
    loaded: false,
    streamsError: null,
    channelsError: null,

    async refresh() {
      const started = generation;
      const [streamsResult, channelsReply] = await Promise.all([walker.list(), bridge.invoke('broadcast.channels', {})]);
      if (started !== generation) return;
      const prev = get();
      const next: Partial<OverviewState> = { loaded: true, ...streamsState(streamsResult, prev) };
      if (channelsReply.ok) {
        const channels = channelsReply.value.slice().sort((a, b) => a.name.localeCompare(b.name));
        const channelRates: Record<string, number[]> = {};
        for (const c of channels)
          channelRates[c.name] =
            c.messagesPerSec === null
              ? (prev.channelRates[c.name] ?? [])
              : pushHistory(prev.channelRates[c.name], c.messagesPerSec, HISTORY_POINTS);
        Object.assign(next, { channels, channelRates, channelsError: null });
      } else next.channelsError = channelsReply.error;
      set(next);
    },

    setFilter(filter) {
      set({ filter });
    },

    reset() {
      generation++;
      walker = streamWalker(bridge);
      set({ streams: [], channels: [], streamRates: {}, channelRates: {}, loaded: false, streamsError: null, channelsError: null });
    },

    start(intervalMs = 2000) {
      const stopMeasuring = measureBroadcastRates(bridge);
      let stopped = false;
      const listFirst = async () => {
        await get().refresh();
        // Until one walk has listed every stream, its steps follow each other at once instead of one
        // per interval: over 1,000,000 keys (~2,000 SCAN pages) the list is complete in seconds, not
        // minutes. Later walks go one step per interval, so a huge keyspace is not scanned nonstop.
        const first = walker;
        while (!stopped && walker === first && !first.listedOnce() && !get().streamsError) {
          const started = generation;
          const result = await first.list();
          if (stopped || started !== generation) return;
          set({ loaded: true, ...streamsState(result, get()) });
        }
      };
      void listFirst();
      const timer = setInterval(() => void get().refresh(), intervalMs);
      return () => {
        stopped = true;
        clearInterval(timer);
        stopMeasuring();
      };
    },
  }));
}

/** The streams to show, and the names of those this call read (the others come from an earlier walk). */
type Listed = { ok: true; value: StreamSummary[]; readNow: ReadonlySet<string> } | { ok: false; error: ReplyError };

/**
 * The SCAN walk behind each refresh. A walk that reaches cursor '0' lists exactly what it saw; one
 * cut short by MAX_SCAN_PAGES lists what it saw so far on top of the last complete walk, and the
 * next call carries on from its cursor. Empty pages before '0' are normal (SCAN, and the console's
 * walk over a cluster's masters): only '0' ends a walk.
 */
function streamWalker(bridge: Bridge): { list: () => Promise<Listed>; listedOnce: () => boolean } {
  let lastComplete = new Map<string, StreamSummary>();
  let completed = false;
  let walk: { cursor: string; seen: Map<string, StreamSummary> } | null = null;
  let inFlight: Promise<Listed> | null = null;
  return {
    // Overlapping refreshes (a slow Redis, the Refresh button) share one walk instead of racing on it.
    list: () => (inFlight ??= step().finally(() => (inFlight = null))),
    /** True once a walk has reached cursor '0': every stream has been listed at least once. */
    listedOnce: () => completed,
  };

  async function step(): Promise<Listed> {
    const current = walk ?? { cursor: '0', seen: new Map<string, StreamSummary>() };
    const readNow = new Set<string>();
    for (let page = 0; page < MAX_SCAN_PAGES; page++) {
      const reply = await bridge.invoke('streams.list', { cursor: current.cursor });
      if (!reply.ok) {
        walk = null; // start over next time: the cursor may mean nothing after a reconnect or failover
        return reply;
      }
      // SCAN may return a key twice; keep the last sighting.
      for (const s of reply.value.streams) {
        current.seen.set(s.name, s);
        readNow.add(s.name);
      }
      current.cursor = reply.value.cursor;
      if (current.cursor === '0') {
        lastComplete = current.seen;
        completed = true;
        walk = null;
        return { ok: true, value: [...current.seen.values()], readNow };
      }
    }
    walk = current;
    const shown = new Map(lastComplete);
    for (const [name, s] of current.seen) shown.set(name, s);
    return { ok: true, value: [...shown.values()], readNow };
  }
}

export function matchesFilter(name: string, filter: string): boolean {
  return filter.trim() === '' || name.toLowerCase().includes(filter.trim().toLowerCase());
}
