// Keeps the last ten minutes of 'flow.tick' snapshots of one stream, watched while mounted.
import { createStore } from 'zustand/vanilla';
import type { Bridge, FlowSnapshot, ReplyError } from '../../../shared';
import { appendBounded } from './history';

export interface ChartsState {
  stream: string | null;
  samples: FlowSnapshot[];
  error: ReplyError | null;
  start(stream: string): () => void;
}

export function createChartsStore(bridge: Bridge, windowMs?: number, maxSamples?: number) {
  return createStore<ChartsState>()((set) => ({
    stream: null,
    samples: [],
    error: null,
    start(stream) {
      set({ stream, samples: [], error: null });
      let live = true;
      const off = bridge.on('flow.tick', (batch) => {
        const ours = batch.filter((s) => s.stream === stream);
        if (ours.length) set((s) => ({ samples: appendBounded(s.samples, ours, windowMs, maxSamples) }));
      });
      void bridge.invoke('flow.watch', { stream }).then((r) => {
        if (!live) return;
        if (r.ok) set((s) => (s.samples.length ? {} : { samples: [r.value] }));
        else set({ error: r.error });
      });
      return () => {
        live = false;
        off();
        void bridge.invoke('flow.unwatch', { stream });
      };
    },
  }));
}
