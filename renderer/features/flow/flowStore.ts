// The live delivery picture of one stream: flow.watch while mounted, the newest 'flow.tick' snapshot,
// and the membership timeline (flow.timeline + 'membership.changed') kept bounded.
import { createStore } from 'zustand/vanilla';
import type { Bridge, FlowSnapshot, MembershipEvent, ReplyError } from '../../../shared';
import { prependNewest, type Bounded } from '../../state/boundedAppend';

export const TIMELINE_CAPACITY = 500;

export interface FlowState {
  stream: string | null;
  snapshot: FlowSnapshot | null;
  /** Newest first. */
  timeline: Bounded<MembershipEvent>;
  error: ReplyError | null;
  /** Watches the stream; returns the function that unwatches and stops listening. */
  start(stream: string): () => void;
}

export function createFlowStore(bridge: Bridge) {
  return createStore<FlowState>()((set) => ({
    stream: null,
    snapshot: null,
    timeline: { items: [], dropped: 0 },
    error: null,
    start(stream) {
      set({ stream, snapshot: null, timeline: { items: [], dropped: 0 }, error: null });
      let live = true;
      const offTick = bridge.on('flow.tick', (batch) => {
        // A batch may hold several ticks and other streams: only the newest of ours matters.
        for (let i = batch.length - 1; i >= 0; i--) {
          if (batch[i].stream === stream) {
            set({ snapshot: batch[i] });
            return;
          }
        }
      });
      const offMembers = bridge.on('membership.changed', (batch) => {
        const ours = batch.filter((e) => e.stream === stream).sort((a, b) => a.at - b.at);
        if (ours.length) set((s) => ({ timeline: prependNewest(s.timeline, ours, TIMELINE_CAPACITY) }));
      });
      void bridge.invoke('flow.watch', { stream }).then((r) => {
        if (!live) return;
        if (r.ok) set((s) => ({ snapshot: s.snapshot ?? r.value }));
        else set({ error: r.error });
      });
      void bridge.invoke('flow.timeline', { stream }).then((r) => {
        if (!live || !r.ok) return;
        const history = r.value.slice().sort((a, b) => a.at - b.at);
        // Events pushed while the history was loading are newer: keep them on top.
        set((s) => ({ timeline: mergeHistory(history, s.timeline) }));
      });
      return () => {
        live = false;
        offTick();
        offMembers();
        void bridge.invoke('flow.unwatch', { stream });
      };
    },
  }));
}

function mergeHistory(historyOldestFirst: MembershipEvent[], pushed: Bounded<MembershipEvent>): Bounded<MembershipEvent> {
  const seen = new Set(pushed.items.map(key));
  const older = historyOldestFirst.filter((e) => !seen.has(key(e)));
  const merged = prependNewest({ items: [], dropped: 0 }, older, TIMELINE_CAPACITY);
  return prependNewest(merged, pushed.items.slice().reverse(), TIMELINE_CAPACITY);
}

const key = (e: MembershipEvent) => `${e.at}|${e.group}|${e.instance}|${e.kind}`;
