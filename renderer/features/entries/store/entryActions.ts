// What is done to one entry of the list: selecting it, its journey, and re-publishing it.
import type { EntriesActions } from './state';
import type { StoreContext } from './context';

export function entryActions({ bridge, stream, set, get }: StoreContext): Pick<EntriesActions, 'select' | 'loadJourney' | 'republish'> {
  return {
    select(id) {
      set({ selectedId: id, republished: null, republishError: null, journey: null });
    },

    async loadJourney(id) {
      set({ journey: { id, steps: null, error: null } });
      const reply = await bridge.invoke('entries.journey', { stream, id });
      if (get().journey?.id !== id) return;
      set({ journey: reply.ok ? { id, steps: reply.value, error: null } : { id, steps: null, error: reply.error } });
    },

    async republish(id, toStream) {
      const target = toStream && toStream !== stream ? toStream : undefined;
      set({ republishing: true, republishError: null, republished: null });
      const reply = await bridge.invoke('entries.republish', target ? { stream, id, toStream: target } : { stream, id });
      if (reply.ok) set({ republishing: false, republished: { from: id, id: reply.value.id, toStream: target ?? stream } });
      else set({ republishing: false, republishError: reply.error });
      return reply.ok;
    },
  };
}
