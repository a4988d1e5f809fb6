// Entries newer than the newest shown, while the list is not tailing: how many there are (checked
// every few seconds by the view), and "show" to load the next page of them on top.
import { newestShown, type EntriesActions } from './state';
import type { StoreContext } from './context';

export function newerActions({ bridge, stream, set, get, pages }: StoreContext): Pick<EntriesActions, 'checkNewer' | 'showNewer'> {
  return {
    async checkNewer() {
      if (get().tailId) return set({ newer: null });
      const gen = pages.current();
      const reply = await bridge.invoke('entries.newer', { stream, after: newestShown(get()) ?? '0-0' });
      if (!pages.isCurrent(gen) || get().tailId) return;
      if (reply.ok) set({ newer: { count: reply.value.count, atLeast: reply.value.atLeast } });
    },

    async showNewer() {
      if (get().loadingNewer || get().tailId) return;
      const gen = pages.current();
      set({ loadingNewer: true });
      const newest = newestShown(get());
      const reply = await bridge.invoke('entries.page', pages.newerPageArgs(newest ?? undefined, undefined, '-'));
      if (!pages.isCurrent(gen)) return set({ loadingNewer: false });
      if (!reply.ok) return set({ loadingNewer: false, error: reply.error });
      const fresh = reply.value.entries.slice().reverse();
      set({ loadingNewer: false, loaded: fresh.concat(get().loaded), anchorIndex: 0, jumpKey: get().jumpKey + 1 });
      await get().checkNewer();
    },
  };
}
