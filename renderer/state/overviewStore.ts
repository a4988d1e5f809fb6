// Every stream and broadcast channel on the connected Redis, refreshed on an interval, with a
// short msgs/s history per stream/channel for the sparklines.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BroadcastChannel, Bridge, ReplyError, StreamSummary } from '../../shared';
import { pushHistory } from './boundedAppend';

export const HISTORY_POINTS = 60;
/** A SCAN walk stops after this many pages so a huge keyspace cannot stall the overview. */
const MAX_SCAN_PAGES = 20;

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
  /** Refresh now and every `intervalMs`; returns the stop function. */
  start: (intervalMs?: number) => () => void;
}

export type OverviewStore = StoreApi<OverviewState>;

export function createOverviewStore(bridge: Bridge): OverviewStore {
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
      const [streamsResult, channelsReply] = await Promise.all([listAllStreams(bridge), bridge.invoke('broadcast.channels', {})]);
      const prev = get();
      const next: Partial<OverviewState> = { loaded: true };
      if (streamsResult.ok) {
        const streams = streamsResult.value.slice().sort((a, b) => a.name.localeCompare(b.name));
        const streamRates: Record<string, number[]> = {};
        for (const s of streams) streamRates[s.name] = pushHistory(prev.streamRates[s.name], s.entriesPerSecond ?? 0, HISTORY_POINTS);
        Object.assign(next, { streams, streamRates, streamsError: null });
      } else next.streamsError = streamsResult.error;
      if (channelsReply.ok) {
        const channels = channelsReply.value.slice().sort((a, b) => a.name.localeCompare(b.name));
        const channelRates: Record<string, number[]> = {};
        for (const c of channels) channelRates[c.name] = pushHistory(prev.channelRates[c.name], c.messagesPerSec ?? 0, HISTORY_POINTS);
        Object.assign(next, { channels, channelRates, channelsError: null });
      } else next.channelsError = channelsReply.error;
      set(next);
    },

    setFilter(filter) {
      set({ filter });
    },

    start(intervalMs = 2000) {
      void get().refresh();
      const timer = setInterval(() => void get().refresh(), intervalMs);
      return () => clearInterval(timer);
    },
  }));
}

type Listed = { ok: true; value: StreamSummary[] } | { ok: false; error: ReplyError };

async function listAllStreams(bridge: Bridge): Promise<Listed> {
  const all: StreamSummary[] = [];
  let cursor = '0';
  for (let page = 0; page < MAX_SCAN_PAGES; page++) {
    const reply = await bridge.invoke('streams.list', { cursor });
    if (!reply.ok) return reply;
    all.push(...reply.value.streams);
    cursor = reply.value.cursor;
    if (cursor === '0') break;
  }
  // SCAN may return a key twice; keep the last sighting.
  const byName = new Map(all.map((s) => [s.name, s]));
  return { ok: true, value: [...byName.values()] };
}

export function matchesFilter(name: string, filter: string): boolean {
  return filter.trim() === '' || name.toLowerCase().includes(filter.trim().toLowerCase());
}
