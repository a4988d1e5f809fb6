// Entries of one stream, newest first: pages loaded on demand going back in time (from the top,
// or around an id or a time: older and newer from there, with the server-side filter), plus an
// optional live tail on top whose batches land in a bounded buffer, and the count of entries newer
// than the newest shown (so a list that is not at the live end says so). Scrolling towards the end
// reads ahead: older pages are fetched before the reader reaches them, so a long scroll is not one
// round trip per page. Each domain step is its own file: paging.ts, newer.ts, tail.ts, entryActions.ts.
import { createStore } from 'zustand/vanilla';
import type { Bridge } from '../../../../shared';
import { entryActions } from './entryActions';
import { newerActions } from './newer';
import { PageReader } from './pageReader';
import { pagingActions } from './paging';
import type { StoreContext } from './context';
import type { EntriesState, EntriesStore } from './state';
import { tailActions } from './tail';

export * from './state';

export function createEntriesStore(bridge: Bridge, stream: string): EntriesStore {
  return createStore<EntriesState>()((set, get) => {
    const pages = new PageReader(bridge, stream, get);
    const ctx: StoreContext = { bridge, stream, set, get, pages };
    return {
      stream,
      live: [],
      liveDropped: 0,
      liveMissed: 0,
      loaded: [],
      next: null,
      scanned: 0,
      loading: false,
      error: null,
      filter: '',
      decoder: 'auto',
      seek: { kind: 'latest' },
      tailId: null,
      tailError: null,
      selectedId: null,
      republishing: false,
      republished: null,
      republishError: null,
      journey: null,
      newer: null,
      loadingNewer: false,
      anchorIndex: 0,
      jumpKey: 0,
      ...pagingActions(ctx),
      ...newerActions(ctx),
      ...tailActions(ctx),
      ...entryActions(ctx),
      async dispose() {
        pages.restart();
        await get().stopTail();
      },
    };
  });
}
