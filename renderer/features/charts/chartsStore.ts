// The last ten minutes of 'flow.tick' snapshots of one stream. A store listens from creation and
// is kept per bridge and stream, so the history survives switching tabs (ticks keep coming while
// the Flow tab watches); flow.watch is asked for only while a chart is on screen.
import { createStore } from 'zustand/vanilla';
import type { Bridge, FlowSnapshot, ReplyError } from '../../../shared';
import { appendBounded } from './history';

export interface ChartsState {
  stream: string;
  samples: FlowSnapshot[];
  error: ReplyError | null;
  /** Asks the console for ticks; returns the function that stops asking. */
  watch(): () => void;
  /** Stops listening for good. */
  dispose(): void;
}

export function createChartsStore(bridge: Bridge, stream: string, windowMs?: number, maxSamples?: number) {
  return createStore<ChartsState>()((set) => {
    const off = bridge.on('flow.tick', (batch) => {
      const ours = batch.filter((s) => s.stream === stream);
      if (ours.length) set((s) => ({ samples: appendBounded(s.samples, ours, windowMs, maxSamples) }));
    });
    return {
      stream,
      samples: [],
      error: null,
      watch() {
        let live = true;
        void bridge.invoke('flow.watch', { stream }).then((r) => {
          if (!live) return;
          if (r.ok) set((s) => (s.samples.length ? { error: null } : { samples: [r.value], error: null }));
          else set({ error: r.error });
        });
        return () => {
          live = false;
          void bridge.invoke('flow.unwatch', { stream });
        };
      },
      dispose: off,
    };
  });
}

export type ChartsStore = ReturnType<typeof createChartsStore>;

/** How many streams keep a history at once; the least recently opened one is dropped first. */
export const KEPT_STREAMS = 8;
const kept = new WeakMap<Bridge, Map<string, ChartsStore>>();

export function chartsStoreFor(bridge: Bridge, stream: string): ChartsStore {
  let byStream = kept.get(bridge);
  if (!byStream) kept.set(bridge, (byStream = new Map()));
  let store = byStream.get(stream);
  if (store) byStream.delete(stream); // re-inserted below as the most recent
  else store = createChartsStore(bridge, stream);
  byStream.set(stream, store);
  for (const [name, old] of byStream) {
    if (byStream.size <= KEPT_STREAMS) break;
    old.getState().dispose();
    byStream.delete(name);
  }
  return store;
}
