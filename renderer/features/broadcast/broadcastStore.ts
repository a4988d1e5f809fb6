// Broadcast (pub/sub): channels, the console's own subscriptions, a bounded live tail with gap
// markers, pause that holds rather than drops, per-channel colours, fan-out rows, and publish.
// The app keeps one store for its whole life, so subscriptions and the tail outlive the view:
// they end when the user ends them, or when the console switches to another Redis.
import { createStore } from 'zustand/vanilla';
import type { BroadcastChannel, BroadcastGap, BroadcastMessage, Bridge, ReplyError } from '../../../shared';
import { prependNewest, type Bounded } from '../../state/boundedAppend';
import { measureBroadcastRates } from '../../state/measureBroadcastRates';
import { checkPayload } from '../../state/payloadCheck';
import { foldFanout, type FanoutRow } from './fanout';

export const TAIL_CAPACITY = 2000;
export const CHANNELS_REFRESH_MS = 5000;

export type FeedItem = { kind: 'message'; key: string; message: BroadcastMessage } | { kind: 'gap'; key: string; gap: BroadcastGap };

export interface Subscription {
  id: string;
  channel: string;
  isPattern: boolean;
  /** A sharded subscription (SSUBSCRIBE). */
  sharded?: boolean;
  subscribers: number;
  /** When the subscribe reply arrived: its subscribers cannot have got anything published before. */
  startedAt: number;
}

export interface BroadcastState {
  channels: BroadcastChannel[];
  channelsError: ReplyError | null;
  subscriptions: Subscription[];
  subscribeError: ReplyError | null;
  /** Newest first. */
  feed: Bounded<FeedItem>;
  /** Messages the main side dropped before they reached us (it reports how many per batch). */
  droppedUpstream: number;
  paused: boolean;
  /** Arrived while paused, shown on resume (bounded like the feed). */
  held: Bounded<FeedItem>;
  filter: string;
  hiddenChannels: ReadonlySet<string>;
  /** Channel → colour slot, in order of first appearance so colours never shift. */
  colours: Record<string, number>;
  fanout: FanoutRow[];
  publishError: ReplyError | null;
  lastPublish: { channel: string; receivers: number; ownExcluded?: number; sharded?: boolean } | null;

  /** Receives messages and gaps; the returned function stops that and ends every subscription. */
  listen(): () => void;
  /** Lists channels now and every few seconds while a view shows them; returns the function that stops. */
  watchChannels(): () => void;
  loadChannels(pattern?: string): Promise<void>;
  subscribe(channel: string, isPattern: boolean, subscribers: number, sharded?: boolean): Promise<boolean>;
  /** Tails one channel: subscribes with one subscriber unless a subscription to exactly it runs already. */
  tail(channel: string, sharded?: boolean): Promise<boolean>;
  unsubscribe(id: string): Promise<boolean>;
  unsubscribeAll(): Promise<void>;
  /** `sharded`: SPUBLISH instead of PUBLISH. */
  publish(channel: string, json: string, sharded?: boolean): Promise<boolean>;
  setPaused(paused: boolean): void;
  setFilter(filter: string): void;
  toggleChannel(channel: string): void;
  clear(): void;
}

let keySeq = 0;
const empty = <T>(): Bounded<T> => ({ items: [], dropped: 0 });

export function createBroadcastStore(bridge: Bridge, capacity = TAIL_CAPACITY) {
  return createStore<BroadcastState>()((set, get) => {
    const add = (items: FeedItem[]) =>
      set((s) => (s.paused ? { held: prependNewest(s.held, items, capacity) } : { feed: prependNewest(s.feed, items, capacity) }));

    return {
      channels: [],
      channelsError: null,
      subscriptions: [],
      subscribeError: null,
      feed: empty(),
      droppedUpstream: 0,
      paused: false,
      held: empty(),
      filter: '',
      hiddenChannels: new Set(),
      colours: {},
      fanout: [],
      publishError: null,
      lastPublish: null,

      listen() {
        const offMessages = bridge.on('broadcast.messages', ({ messages, dropped }) => {
          const colours = { ...get().colours };
          let next = Object.keys(colours).length;
          for (const m of messages) if (!(m.channel in colours)) colours[m.channel] = next++;
          set((s) => ({ colours, droppedUpstream: s.droppedUpstream + dropped, fanout: foldFanout(s.fanout, messages) }));
          add(messages.map((message) => ({ kind: 'message', key: `m${++keySeq}`, message })));
        });
        const offGap = bridge.on('broadcast.gap', (gap) => add([{ kind: 'gap', key: `g${++keySeq}`, gap }]));
        // A switch to another Redis ends the console's subscribers there: start clean.
        const offConnection = bridge.on('connection.state', (status) => {
          if (status.state === 'connecting')
            set({
              subscriptions: [],
              channels: [],
              feed: empty(),
              held: empty(),
              fanout: [],
              colours: {},
              droppedUpstream: 0,
              lastPublish: null,
            });
        });
        return () => {
          offMessages();
          offGap();
          offConnection();
          for (const sub of get().subscriptions) void bridge.invoke('broadcast.unsubscribe', { subscriptionId: sub.id });
          set({ subscriptions: [] });
        };
      },

      watchChannels() {
        // Channel rates are measured only while the channel list is on screen.
        const stopMeasuring = measureBroadcastRates(bridge);
        void get().loadChannels();
        // Subscriber counts and rates change on their own; refresh them now and then.
        const refresh = setInterval(() => void get().loadChannels(), CHANNELS_REFRESH_MS);
        return () => {
          stopMeasuring();
          clearInterval(refresh);
        };
      },

      async loadChannels(pattern) {
        const r = await bridge.invoke('broadcast.channels', pattern ? { pattern } : {});
        if (r.ok) set({ channels: r.value, channelsError: null });
        else set({ channelsError: r.error });
      },

      async subscribe(channel, isPattern, subscribers, sharded = false) {
        const r = await bridge.invoke('broadcast.subscribe', { channel, isPattern, subscribers, ...(sharded ? { sharded } : {}) });
        if (!r.ok) {
          set({ subscribeError: r.error });
          return false;
        }
        set((s) => ({
          subscribeError: null,
          subscriptions: [
            ...s.subscriptions,
            { id: r.value.subscriptionId, channel, isPattern, ...(sharded ? { sharded } : {}), subscribers, startedAt: Date.now() },
          ],
        }));
        void get().loadChannels(); // its subscriber counts just changed
        return true;
      },

      async tail(channel, sharded = false) {
        if (get().subscriptions.some((sub) => !sub.isPattern && Boolean(sub.sharded) === sharded && sub.channel === channel)) return true;
        return get().subscribe(channel, false, 1, sharded);
      },

      async unsubscribeAll() {
        await Promise.all(get().subscriptions.map((sub) => get().unsubscribe(sub.id)));
      },

      async unsubscribe(id) {
        const r = await bridge.invoke('broadcast.unsubscribe', { subscriptionId: id });
        if (!r.ok) {
          set({ subscribeError: r.error });
          return false;
        }
        set((s) => ({ subscribeError: null, subscriptions: s.subscriptions.filter((x) => x.id !== id) }));
        void get().loadChannels();
        return true;
      },

      async publish(channel, json, sharded = false) {
        const { problem } = checkPayload(json);
        if (problem) {
          set({ publishError: { code: 'invalid_args', message: problem }, lastPublish: null });
          return false;
        }
        const r = await bridge.invoke('publish.broadcast', { channel, json, ...(sharded ? { sharded } : {}) });
        if (!r.ok) {
          set({ publishError: r.error, lastPublish: null });
          return false;
        }
        set({
          publishError: null,
          lastPublish: {
            channel,
            receivers: r.value.receivers,
            ...(r.value.ownExcluded ? { ownExcluded: r.value.ownExcluded } : {}),
            ...(sharded ? { sharded } : {}),
          },
        });
        return true;
      },

      setPaused(paused) {
        if (paused) return set({ paused: true });
        // Resume: what arrived meanwhile goes on top, nothing lost beyond the buffer bound.
        set((s) => ({ paused: false, feed: prependNewest(s.feed, s.held.items.slice().reverse(), capacity), held: empty() }));
      },
      setFilter: (filter) => set({ filter }),
      toggleChannel(channel) {
        const next = new Set(get().hiddenChannels);
        if (!next.delete(channel)) next.add(channel);
        set({ hiddenChannels: next });
      },
      clear: () => set({ feed: empty(), held: empty(), fanout: [] }),
    };
  });
}

/** Feed items the view shows: gaps always; messages that pass the channel toggles and the text filter. */
export function visibleFeed(items: readonly FeedItem[], filter: string, hidden: ReadonlySet<string>, limit: number): FeedItem[] {
  const f = filter.trim().toLowerCase();
  const out: FeedItem[] = [];
  for (const it of items) {
    if (out.length >= limit) break;
    if (it.kind === 'gap') out.push(it);
    else if (
      !hidden.has(it.message.channel) &&
      (!f || it.message.channel.toLowerCase().includes(f) || it.message.payload.toLowerCase().includes(f))
    )
      out.push(it);
  }
  return out;
}
