// The live tail on top of the list: its batches land in a bounded buffer (filtered as the server
// filters pages), and entries added between the newest page and the tail's start are caught up.
import { prependNewest } from '../../../state/boundedAppend';
import { entryMatches } from '../../../state/entryText';
import { compareIds } from '../../../state/streamIds';
import type { StreamEntry } from '../../../../shared';
import { LIVE_CAPACITY, newestShown, type EntriesActions } from './state';
import type { StoreContext } from './context';

export function tailActions({ bridge, stream, set, get, pages }: StoreContext): Pick<EntriesActions, 'startTail' | 'stopTail'> {
  let unlisten: (() => void) | null = null;

  const onAppended = (batch: StreamEntry[], missed: number) => {
    if (missed > 0) set({ liveMissed: get().liveMissed + missed });
    const { filter, live, liveDropped } = get();
    const newest = newestShown(get());
    const fresh = batch.filter((e) => (newest === null || compareIds(e.id, newest) > 0) && (!filter || entryMatches(e, filter)));
    if (fresh.length === 0) return;
    const next = prependNewest({ items: live, dropped: liveDropped }, fresh, LIVE_CAPACITY);
    set({ live: next.items, liveDropped: next.dropped });
  };

  // Entries added between the last page and the tail's start would be missed: fetch the newest
  // page and keep what is newer than what is shown. Reload if the gap is bigger than a page.
  const catchUp = async () => {
    const gen = pages.current();
    const reply = await bridge.invoke('entries.page', pages.pageArgs(undefined, { kind: 'latest' }));
    if (!pages.isCurrent(gen) || !reply.ok) return;
    const newestLoaded = get().loaded[0]?.id;
    const inLive = new Set(get().live.map((e) => e.id));
    const missed = reply.value.entries.filter((e) => (!newestLoaded || compareIds(e.id, newestLoaded) > 0) && !inLive.has(e.id));
    if (missed.length === reply.value.entries.length && reply.value.next !== null) await get().reload();
    else if (missed.length > 0) set({ loaded: missed.concat(get().loaded) });
  };

  return {
    async startTail() {
      if (get().tailId) return;
      set({ tailError: null });
      unlisten?.();
      unlisten = bridge.on('entries.appended', (p) => {
        if (p.tailId === get().tailId) onAppended(p.entries, p.dropped);
      });
      const { decoder } = get();
      const reply = await bridge.invoke(
        'entries.tail',
        decoder !== 'none' && decoder !== 'saved' ? { stream, decoder: { kind: decoder } } : { stream },
      );
      if (!reply.ok) {
        unlisten();
        unlisten = null;
        set({ tailError: reply.error });
        return;
      }
      set({ tailId: reply.value.tailId, newer: null });
      if (get().seek.kind !== 'latest' || get().loaded.length === 0) await get().seekTo({ kind: 'latest' });
      else await catchUp();
    },

    async stopTail() {
      const { tailId } = get();
      unlisten?.();
      unlisten = null;
      if (!tailId) return;
      set({ tailId: null });
      const reply = await bridge.invoke('entries.untail', { tailId });
      if (!reply.ok) set({ tailError: reply.error });
      void get().checkNewer();
    },
  };
}
