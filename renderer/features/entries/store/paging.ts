// Loading the list: the page at the seek point (with the newer side around it), older pages as the
// reader scrolls (from read-ahead), and what reloads it — a new filter, decoder or seek point.
import { compareIds } from '../../../state/streamIds';
import { EMPTY_SCANS_PER_LOAD, MAX_LOADED, type EntriesActions } from './state';
import type { StoreContext } from './context';

export function pagingActions({
  bridge,
  set,
  get,
  pages,
}: StoreContext): Pick<EntriesActions, 'reload' | 'loadOlder' | 'setFilter' | 'setDecoder' | 'seekTo'> {
  return {
    async reload() {
      const gen = pages.restart();
      const seek = get().seek;
      set({ loading: true, error: null, newer: null });
      const reply = await bridge.invoke('entries.page', pages.pageArgs(undefined, seek));
      if (!pages.isCurrent(gen)) return;
      if (!reply.ok) {
        set({ loading: false, error: reply.error, loaded: [], next: null, live: [], liveDropped: 0, liveMissed: 0, anchorIndex: 0 });
        return;
      }
      let loaded = reply.value.entries;
      let anchorIndex = 0;
      if (seek.kind !== 'latest') {
        // Around the point: the newer side too, from just after the newest entry at or before it.
        const after = loaded[0]?.id;
        const newerArgs = pages.newerPageArgs(
          after ?? (seek.kind === 'id' ? seek.id : undefined),
          seek.kind === 'time' && !after ? seek.ms : undefined,
        );
        const newer = await bridge.invoke('entries.page', newerArgs);
        if (!pages.isCurrent(gen)) return;
        if (!newer.ok) {
          set({ loading: false, error: newer.error });
          return;
        }
        anchorIndex = newer.value.entries.length;
        loaded = newer.value.entries.slice().reverse().concat(loaded);
      }
      const newest = loaded[0]?.id;
      // Live entries the page already contains would show twice.
      const live = newest ? get().live.filter((e) => compareIds(e.id, newest) > 0) : get().live;
      pages.readFrom(reply.value.next);
      const point = seek.kind === 'latest' ? null : (reply.value.entries[0]?.id ?? null);
      set({
        loading: false,
        loaded,
        next: reply.value.next,
        scanned: reply.value.scanned,
        live,
        anchorIndex,
        jumpKey: get().jumpKey + 1,
        ...(point ? { selectedId: point } : {}),
      });
      void get().checkNewer();
    },

    async loadOlder() {
      const { next, loading, loaded } = get();
      if (next === null || loading || loaded.length >= MAX_LOADED) return;
      const gen = pages.current();
      // A filtered page can come back empty with more to scan; a few more scans keep the
      // table moving without an unbounded walk over a huge stream.
      for (let scans = 0; scans < EMPTY_SCANS_PER_LOAD; scans++) {
        if (!pages.hasReady()) {
          if (pages.exhausted()) break;
          // Nothing read ahead yet: wait for the page in flight (or ask for it).
          set({ loading: true, error: null });
          const reply = await pages.nextPage(gen);
          if (!pages.isCurrent(gen) || !reply) return;
          if (!reply.ok) {
            set({ loading: false, error: reply.error });
            return;
          }
        }
        const page = pages.takeReady()!;
        set({
          loaded: get().loaded.concat(page.entries),
          next: page.next,
          scanned: get().scanned + page.scanned,
          loading: false,
          error: null,
        });
        if (page.entries.length > 0) break;
      }
      if (get().loading) set({ loading: false });
      void pages.readAhead(gen);
    },

    async setFilter(filter) {
      set({ filter: filter.trim(), live: [], liveDropped: 0, liveMissed: 0 });
      await get().reload();
    },

    async setDecoder(decoder) {
      const tailing = Boolean(get().tailId);
      if (tailing) await get().stopTail();
      set({ decoder, live: [], liveDropped: 0, liveMissed: 0 });
      await get().reload();
      if (tailing) await get().startTail();
    },

    async seekTo(seek) {
      // Live entries only make sense on top of the newest page.
      if (seek.kind !== 'latest' && get().tailId) await get().stopTail();
      set({ seek, live: [], liveDropped: 0, liveMissed: 0, loaded: [], next: null, scanned: 0, newer: null, anchorIndex: 0 });
      await get().reload();
    },
  };
}
