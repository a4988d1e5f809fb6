// Every stream and broadcast channel on the connected Redis, refreshed on an interval, with a
// short msgs/s history per stream/channel for the sparklines.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BroadcastChannel, Bridge, ReplyError, StreamSummary } from '../../shared';
import { pushHistory } from './boundedAppend';
import { mergeByName, sortByName } from './byName';
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

/** msgs/s history per stream or channel name (a Map: any name is a key, `__proto__` too). */
export type RateTrends = ReadonlyMap<string, readonly number[]>;

export interface OverviewState {
  /** In name order (byName). */
  streams: StreamSummary[];
  channels: BroadcastChannel[];
  streamRates: RateTrends;
  channelRates: RateTrends;
  filter: string;
  loaded: boolean;
  /**
   * True once a walk over the keyspace has reached its end: until then `streams` is what the
   * first walk found so far, and "no streams" would not be true yet.
   */
  listedAll: boolean;
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

  /** The streams part of the state after one step of the walk (its lists are shared, never changed). */
  function streamsState(result: Listed, prev: OverviewState): Partial<OverviewState> {
    if (!result.ok) return { streamsError: result.error };
    const { value, read, complete } = result;
    // Only a rate measured by this step goes into the trend: an unknown one is a gap, not a 0, and
    // a stream this step did not reach (a long walk resumes on the next one) keeps its trend as it
    // was instead of repeating its last point. Work in proportion to what the step read, not to
    // everything listed; a completed walk forgets the trends of streams that are gone.
    const streamRates = withRates(prev.streamRates, read, (s) => s.entriesPerSecond, complete ? value : null);
    return { streams: value, streamRates, streamsError: null, listedAll: prev.listedAll || complete };
  }

  return createStore<OverviewState>()((set, get) => ({
    streams: [],
    channels: [],
    streamRates: new Map(),
    channelRates: new Map(),
    filter: '',
    loaded: false,
    listedAll: false,
    streamsError: null,
    channelsError: null,

    async refresh() {
      const started = generation;
      const [streamsResult, channelsReply] = await Promise.all([walker.list(), bridge.invoke('broadcast.channels', {})]);
      if (started !== generation) return;
      const prev = get();
      const next: Partial<OverviewState> = { loaded: true, ...streamsState(streamsResult, prev) };
      if (channelsReply.ok) {
        const channels = sortByName(channelsReply.value);
        const channelRates = withRates(prev.channelRates, channels, (c) => c.messagesPerSec, channels);
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
      set({
        streams: [],
        channels: [],
        streamRates: new Map(),
        channelRates: new Map(),
        loaded: false,
        listedAll: false,
        streamsError: null,
        channelsError: null,
      });
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

/**
 * The trends after a listing: a point for each item of `read` whose rate was measured; when
 * `listed` is the complete list, the trends of names not in it are dropped. The same map when
 * nothing changed.
 */
function withRates<T extends { name: string }>(
  prev: RateTrends,
  read: readonly T[],
  rateOf: (item: T) => number | null,
  listed: readonly T[] | null,
): RateTrends {
  let next: Map<string, readonly number[]> | null = null;
  if (listed && prev.size > 0) {
    const names = new Set(listed.map((x) => x.name));
    for (const name of prev.keys()) if (!names.has(name)) (next ??= new Map(prev)).delete(name);
  }
  for (const item of read) {
    const rate = rateOf(item);
    if (rate === null) continue;
    next ??= new Map(prev);
    next.set(item.name, pushHistory(next.get(item.name), rate, HISTORY_POINTS));
  }
  return next ?? prev;
}

/**
 * One step of the walk: the streams to show (name order), those this step read (the others come
 * from an earlier step or walk), and whether it ended a walk (then `value` is exactly what it saw).
 */
type Listed = { ok: true; value: StreamSummary[]; read: StreamSummary[]; complete: boolean } | { ok: false; error: ReplyError };

/**
 * The SCAN walk behind each refresh. A walk that reaches cursor '0' lists exactly what it saw; one
 * cut short by MAX_SCAN_PAGES lists what it saw so far on top of the last complete walk, and the
 * next call carries on from its cursor. Empty pages before '0' are normal (SCAN, and the console's
 * walk over a cluster's masters): only '0' ends a walk. Lists are kept in name order by merging
 * each step's few streams in, so a step costs in proportion to the list, not to sorting it.
 */
function streamWalker(bridge: Bridge): { list: () => Promise<Listed>; listedOnce: () => boolean } {
  let lastComplete: StreamSummary[] = [];
  let completed = false;
  let walk: { cursor: string; seen: StreamSummary[] } | null = null;
  let inFlight: Promise<Listed> | null = null;
  return {
    // Overlapping refreshes (a slow Redis, the Refresh button) share one walk instead of racing on it.
    list: () => (inFlight ??= step().finally(() => (inFlight = null))),
    /** True once a walk has reached cursor '0': every stream has been listed at least once. */
    listedOnce: () => completed,
  };

  async function step(): Promise<Listed> {
    const current = walk ?? { cursor: '0', seen: [] };
    // SCAN may return a key twice; keep the last sighting.
    const fresh = new Map<string, StreamSummary>();
    for (let page = 0; page < MAX_SCAN_PAGES; page++) {
      const reply = await bridge.invoke('streams.list', { cursor: current.cursor });
      if (!reply.ok) {
        walk = null; // start over next time: the cursor may mean nothing after a reconnect or failover
        return reply;
      }
      for (const s of reply.value.streams) fresh.set(s.name, s);
      current.cursor = reply.value.cursor;
      if (current.cursor === '0') break;
    }
    const read = sortByName([...fresh.values()]);
    current.seen = mergeByName(current.seen, read);
    if (current.cursor === '0') {
      lastComplete = current.seen;
      completed = true;
      walk = null;
      return { ok: true, value: current.seen, read, complete: true };
    }
    walk = current;
    return { ok: true, value: lastComplete.length === 0 ? current.seen : mergeByName(lastComplete, current.seen), read, complete: false };
  }
}

export function matchesFilter(name: string, filter: string): boolean {
  return filter.trim() === '' || name.toLowerCase().includes(filter.trim().toLowerCase());
}
