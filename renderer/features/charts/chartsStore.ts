// The last ten minutes of one stream's flow: on open, the console's history (flow.history, kept
// while no page watched), then every 'flow.tick' merged in by `at`. A store listens from creation
// and is kept per bridge and stream, so switching tabs keeps what it has; flow.watch is asked for
// only while a chart is on screen. A connection switch clears the console's history (say so and
// start again); a dropped web-mode socket loses this page's watch (watch again, reload the history).
import { createStore } from 'zustand/vanilla';
import type { Bridge, FlowHistory, FlowSnapshot, ReplyError } from '../../../shared';
import type { WebSocketBridge } from '../../../shared/ws-bridge';
import { appendBounded } from './history';

export interface ChartsState {
  stream: string;
  samples: FlowSnapshot[];
  error: ReplyError | null;
  historyError: ReplyError | null;
  /** How the console keeps history (window, background sampling and its cost); null until it said. */
  kept: Omit<FlowHistory, 'stream' | 'samples'> | null;
  /** Set when a connection switch cleared the history: when, and to which Redis. */
  cleared: { at: number; url: string } | null;
  /** Asks the console for ticks and its history; returns the function that stops asking. */
  watch(): () => void;
  /** Stops listening for good. */
  dispose(): void;
}

export function createChartsStore(bridge: Bridge, stream: string, windowMs?: number, maxSamples?: number) {
  return createStore<ChartsState>()((set) => {
    const merge = (incoming: FlowSnapshot[]) => set((s) => ({ samples: appendBounded(s.samples, incoming, windowMs, maxSamples) }));
    /** Open watches of this store; `reopen` asks again for each after the console lost them. */
    const sessions = new Set<{ watched: boolean; reopen: () => void }>();
    let switching = false;

    const offTick = bridge.on('flow.tick', (batch) => {
      const ours = batch.filter((s) => s.stream === stream);
      if (ours.length) merge(ours);
    });
    const offState = bridge.on('connection.state', (status) => {
      if (status.state === 'connecting') {
        // The console rebuilds everything for the new Redis: its history and our watch are gone.
        switching = true;
        for (const session of sessions) session.watched = false;
        set((s) => ({ samples: [], cleared: { at: Date.now(), url: status.url || s.cleared?.url || '' } }));
      } else if (status.state === 'ready' && switching) {
        switching = false;
        // After the console has rebuilt its areas (it says 'ready' just before).
        setTimeout(() => sessions.forEach((session) => session.reopen()), 0);
      }
    });
    const offSocket = onReopen(bridge, () => {
      for (const session of sessions) if (session.watched) session.reopen();
    });

    return {
      stream,
      samples: [],
      error: null,
      historyError: null,
      kept: null,
      cleared: null,
      watch() {
        let live = true;
        const session = {
          watched: false,
          reopen: () => {
            void bridge.invoke('flow.watch', { stream }).then((r) => {
              if (!live) return;
              session.watched = r.ok;
              if (r.ok) {
                merge([r.value]);
                set({ error: null });
              } else set({ error: r.error });
            });
            void bridge.invoke('flow.history', { stream }).then((r) => {
              if (!live) return;
              if (!r.ok) return set({ historyError: r.error });
              const { samples, stream: _, ...kept } = r.value;
              merge(samples);
              set({ kept, historyError: null });
            });
          },
        };
        sessions.add(session);
        session.reopen();
        return () => {
          live = false;
          sessions.delete(session);
          void bridge.invoke('flow.unwatch', { stream });
        };
      },
      dispose: () => {
        offTick();
        offState();
        offSocket();
      },
    };
  });
}

/**
 * Web mode's bridge can drop and come back (shared/ws-bridge.ts); the console stops a page's
 * watches when its socket closes. Other bridges never drop: nothing to follow.
 */
function onReopen(bridge: Bridge, listener: () => void): () => void {
  const socket = bridge as Partial<Pick<WebSocketBridge, 'onState' | 'state'>>;
  if (typeof socket.onState !== 'function') return () => undefined;
  let down = socket.state?.() !== 'open';
  return socket.onState((state) => {
    if (state === 'open' && down) listener();
    down = state !== 'open';
  });
}

export type ChartsStore = ReturnType<typeof createChartsStore>;

/** How many streams keep a history at once; the least recently opened one is dropped first. */
export const KEPT_STREAMS = 8;
const kept = new WeakMap<Bridge, Map<string, ChartsStore>>();

export function chartsStoreFor(bridge: Bridge, stream: string): ChartsStore {
  let byStream = kept.get(bridge);
  if (!byStream) kept.set(bridge, (byStream = new Map<string, ChartsStore>()));
  let store = byStream.get(stream);
  if (store)
    byStream.delete(stream); // re-inserted below as the most recent
  else store = createChartsStore(bridge, stream);
  byStream.set(stream, store);
  for (const [name, old] of byStream) {
    if (byStream.size <= KEPT_STREAMS) break;
    old.getState().dispose();
    byStream.delete(name);
  }
  return store;
}
