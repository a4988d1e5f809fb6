// The stream's dead letters: the first page (`pageSize` of them), multi-select, and replay onto the stream.
import type { Bridge } from '../../../shared';
import type { PendingState } from './pendingStore';
import { plural } from '../../../shared/human';

type SetState = (partial: Partial<PendingState> | ((s: PendingState) => Partial<PendingState>)) => void;
type Get = () => PendingState;
const none: ReadonlySet<string> = new Set();

export function deadLetterActions(
  bridge: Bridge,
  set: SetState,
  get: Get,
  pageSize: number,
): Pick<PendingState, 'loadDeadLetters' | 'toggleDead' | 'selectAllDead' | 'replay'> {
  return {
    async loadDeadLetters() {
      const stream = get().stream;
      if (!stream) return;
      const r = await bridge.invoke('deadLetters.list', { stream, count: pageSize });
      if (r.ok) {
        const ids = new Set(r.value.entries.map((e) => e.id));
        set((s) => ({
          deadLetters: r.value.entries,
          deadLetterTotal: r.value.length,
          deadError: null,
          deadSelected: new Set([...s.deadSelected].filter((id) => ids.has(id))),
        }));
      } else set({ deadError: r.error });
    },
    toggleDead(id) {
      const next = new Set(get().deadSelected);
      if (!next.delete(id)) next.add(id);
      set({ deadSelected: next });
    },
    selectAllDead(on) {
      set({ deadSelected: on ? new Set(get().deadLetters.map((d) => d.id)) : none });
    },
    async replay() {
      const stream = get().stream;
      const ids = [...get().deadSelected];
      if (!stream || !ids.length) return false;
      const r = await bridge.invoke('deadLetters.replay', { stream, ids });
      if (!r.ok) {
        set({ deadError: r.error, deadNotice: null });
        return false;
      }
      set({ deadError: null, deadNotice: `Replayed ${plural(r.value.replayed, 'dead letter')} onto ${stream}.`, deadSelected: none });
      await get().loadDeadLetters();
      return true;
    },
  };
}
