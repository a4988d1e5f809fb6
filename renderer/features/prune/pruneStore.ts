// Prune one stream: preview what a policy would remove (and what is still pending or undelivered),
// then run exactly the previewed policy.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, PrunePolicy, PrunePreview, PruneResult, ReplyError } from '../../../shared';

export interface PruneState {
  previewing: boolean;
  preview: PrunePreview | null;
  previewError: ReplyError | null;
  running: boolean;
  result: PruneResult | null;
  runError: ReplyError | null;
  loadPreview: (policy: PrunePolicy, safe: boolean) => Promise<void>;
  run: () => Promise<boolean>;
  reset: () => void;
}

export type PruneStore = StoreApi<PruneState>;

export const samePolicy = (a: PrunePolicy, b: PrunePolicy): boolean =>
  a.kind === b.kind && (a.kind === 'maxLength' ? a.maxLength === (b as typeof a).maxLength : a.maxAgeMs === (b as typeof a).maxAgeMs);

export function createPruneStore(bridge: Bridge, stream: string): PruneStore {
  return createStore<PruneState>()((set, get) => ({
    previewing: false,
    preview: null,
    previewError: null,
    running: false,
    result: null,
    runError: null,

    async loadPreview(policy, safe) {
      set({ previewing: true, previewError: null, preview: null, result: null, runError: null });
      const reply = await bridge.invoke('prune.preview', { stream, policy, safe });
      set(reply.ok ? { previewing: false, preview: reply.value } : { previewing: false, previewError: reply.error });
    },

    async run() {
      const preview = get().preview;
      if (!preview) return false;
      set({ running: true, runError: null });
      const reply = await bridge.invoke('prune.run', { stream, policy: preview.policy, safe: preview.safe });
      set(reply.ok ? { running: false, result: reply.value, preview: null } : { running: false, runError: reply.error });
      return reply.ok;
    },

    reset() {
      set({ preview: null, previewError: null, result: null, runError: null });
    },
  }));
}
