// Entries of one stream, newest first: pages loaded on demand going back in time (from the top,
// or around an id or a time: older and newer from there, with the server-side filter), plus an
// optional live tail on top whose batches land in a bounded buffer, and the count of entries newer
// than the newest shown (so a list that is not at the live end says so). Scrolling towards the end reads ahead: older pages are fetched before
// the reader reaches them, so a long scroll is not one round trip per page.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Api, Bridge, EntryPage, JourneyStep, Reply, ReplyError, StreamEntry } from '../../shared';
import { prependNewest } from './boundedAppend';
import { entryMatches } from './entryText';
import { compareIds, nextId } from './streamIds';

export const PAGE_SIZE = 200;
/** Live entries kept on top of the loaded pages; older live entries are dropped (and counted). */
export const LIVE_CAPACITY = 5000;
/** Loaded history stops growing here; seek to look further back. Keeps memory bounded. */
export const MAX_LOADED = 200_000;
/** With a filter, how many empty pages one load may scan through before asking the user. */
export const EMPTY_SCANS_PER_LOAD = 5;
/**
 * Older pages fetched ahead of the reader (ready or in flight) once scrolling nears the end. Pages
 * chain by cursor, so they are read one after another; the bound keeps an idle tab from walking
 * the stream. A reload (seek, filter) drops them and ignores any reply still in flight.
 */
export const READ_AHEAD_PAGES = 2;
/** Entries loaded newer than a seek point (and per "show newer"). */
export const NEWER_PAGE_SIZE = 100;

export type Seek = { kind: 'latest' } | { kind: 'id'; id: string } | { kind: 'time'; ms: number };

/** Decoders the Entries view offers without a schema (protobuf and avro come from the stream's saved decoder). */
export const PAGE_DECODERS = ['auto', 'json', 'msgpack', 'cbor', 'gzip', 'zstd', 'text', 'hex', 'saved', 'none'] as const;
export type PageDecoder = (typeof PAGE_DECODERS)[number];

export interface EntriesState {
  stream: string;
  /** Tail entries, newest first, all newer than `loaded[0]`. */
  live: StreamEntry[];
  liveDropped: number;
  /** Tail entries that never reached this page (it fell behind the console); still in the stream. */
  liveMissed: number;
  /** Paged history, newest first. */
  loaded: StreamEntry[];
  /** Cursor for the next older page; null when the start of the stream is reached. */
  next: string | null;
  scanned: number;
  loading: boolean;
  error: ReplyError | null;
  filter: string;
  /** How values are decoded on the main side: a decoder, `saved` (the stream's remembered one), or `none`. */
  decoder: PageDecoder;
  seek: Seek;
  tailId: string | null;
  tailError: ReplyError | null;
  selectedId: string | null;
  republishing: boolean;
  republished: { from: string; id: string; toStream: string } | null;
  republishError: ReplyError | null;
  /** The message journey of one entry: produced, delivered, claimed, acked, dead-lettered, pruned. */
  journey: { id: string; steps: JourneyStep[] | null; error: ReplyError | null } | null;
  /** Entries in the stream newer than the newest shown (null: not counted yet). */
  newer: { count: number; atLeast: boolean } | null;
  loadingNewer: boolean;
  /** Row of the seek point after a seek (0 at the latest entries): where the table opens. */
  anchorIndex: number;
  /** Bumped whenever the table should open at `anchorIndex` (a page loaded by reload or show newer). */
  jumpKey: number;

  reload: () => Promise<void>;
  loadOlder: () => Promise<void>;
  setFilter: (filter: string) => Promise<void>;
  setDecoder: (decoder: PageDecoder) => Promise<void>;
  seekTo: (seek: Seek) => Promise<void>;
  startTail: () => Promise<void>;
  stopTail: () => Promise<void>;
  select: (id: string | null) => void;
  republish: (id: string, toStream?: string) => Promise<boolean>;
  loadJourney: (id: string) => Promise<void>;
  /** Counts entries newer than the newest shown (not while tailing: the tail brings them). */
  checkNewer: () => Promise<void>;
  /** Loads the next page of newer entries on top of the list. */
  showNewer: () => Promise<void>;
  dispose: () => Promise<void>;
}

export type EntriesStore = StoreApi<EntriesState>;

/** Row i of the table (live on top of loaded) without concatenating the two on every batch. */
export function rowAt(s: Pick<EntriesState, 'live' | 'loaded'>, index: number): StreamEntry | undefined {
  return index < s.live.length ? s.live[index] : s.loaded[index - s.live.length];
}

export function createEntriesStore(bridge: Bridge, stream: string): EntriesStore {
  // Bumped on every reload so a slow page from an earlier filter/seek is ignored.
  let generation = 0;
  let unlisten: (() => void) | null = null;
  // Read-ahead: pages fetched past `loaded` but not shown yet, the cursor after the last of them,
  // and the one request in flight (pages chain by cursor, so there is never more than one).
  let ready: EntryPage[] = [];
  let aheadCursor: string | null = null;
  let inflight: Promise<Reply<EntryPage> | null> | null = null;
  let readingAhead = false;

  return createStore<EntriesState>()((set, get) => {
    const withDecoder = (args: Api['entries.page']['args']): Api['entries.page']['args'] => {
      const { decoder } = get();
      if (decoder !== 'none' && decoder !== 'saved') args.decoder = { kind: decoder };
      return args;
    };
    const pageArgs = (from: Api['entries.page']['args']['from'], seek: Seek): Api['entries.page']['args'] => {
      const { filter } = get();
      const args: Api['entries.page']['args'] = { stream, direction: 'backward', count: PAGE_SIZE };
      if (filter) args.filter = filter;
      withDecoder(args);
      if (from !== undefined) args.from = from;
      else if (seek.kind === 'id') args.from = nextId(seek.id);
      else if (seek.kind === 'time') args.fromTime = seek.ms;
      return args;
    };

    /** The page just newer than `after` (exclusive) or than a time, oldest first. */
    const newerPageArgs = (
      after: string | undefined,
      fromTime: number | undefined,
      start: '-' | undefined = undefined,
    ): Api['entries.page']['args'] => {
      const { filter } = get();
      const args: Api['entries.page']['args'] = { stream, direction: 'forward', count: NEWER_PAGE_SIZE };
      if (filter) args.filter = filter;
      withDecoder(args);
      if (after !== undefined) args.from = after;
      else if (fromTime !== undefined) args.fromTime = fromTime;
      else if (start) args.from = start;
      return args;
    };

    const resetAhead = (cursor: string | null) => {
      ready = [];
      aheadCursor = cursor;
      inflight = null;
      readingAhead = false;
    };

    const readyEntries = () => ready.reduce((n, p) => n + p.entries.length, 0);

    /** Fetches the page at the read-ahead cursor into `ready`; null when a reload made it stale. */
    const fetchAhead = (gen: number): Promise<Reply<EntryPage> | null> => {
      const cursor = aheadCursor;
      if (cursor === null) return Promise.resolve(null);
      const request = (async () => {
        const reply = await bridge.invoke('entries.page', pageArgs(cursor, get().seek));
        if (gen !== generation) return null;
        inflight = null;
        if (reply.ok) {
          ready.push(reply.value);
          aheadCursor = reply.value.next;
        }
        return reply;
      })();
      inflight = request;
      return request;
    };

    /** Keeps up to READ_AHEAD_PAGES pages ready or in flight, within MAX_LOADED; stops on an error. */
    const readAhead = async (gen: number) => {
      if (readingAhead) return;
      readingAhead = true;
      try {
        while (
          gen === generation &&
          aheadCursor !== null &&
          ready.length < READ_AHEAD_PAGES &&
          get().loaded.length + readyEntries() < MAX_LOADED
        ) {
          const reply = await (inflight ?? fetchAhead(gen));
          // A failed read-ahead is not shown: the reader's own load retries it and shows the error.
          if (!reply || !reply.ok) break;
        }
      } finally {
        if (gen === generation) readingAhead = false;
      }
    };

    const newestKnown = (): string | null => get().live[0]?.id ?? get().loaded[0]?.id ?? null;

    const onAppended = (batch: StreamEntry[], missed: number) => {
      if (missed > 0) set({ liveMissed: get().liveMissed + missed });
      const { filter, live, liveDropped } = get();
      const newest = newestKnown();
      const fresh = batch.filter((e) => (newest === null || compareIds(e.id, newest) > 0) && (!filter || entryMatches(e, filter)));
      if (fresh.length === 0) return;
      const next = prependNewest({ items: live, dropped: liveDropped }, fresh, LIVE_CAPACITY);
      set({ live: next.items, liveDropped: next.dropped });
    };

    // Entries added between the last page and the tail's start would be missed: fetch the newest
    // page and keep what is newer than what is shown. Reload if the gap is bigger than a page.
    const catchUp = async () => {
      const gen = generation;
      const reply = await bridge.invoke('entries.page', pageArgs(undefined, { kind: 'latest' }));
      if (gen !== generation || !reply.ok) return;
      const newestLoaded = get().loaded[0]?.id;
      const inLive = new Set(get().live.map((e) => e.id));
      const missed = reply.value.entries.filter((e) => (!newestLoaded || compareIds(e.id, newestLoaded) > 0) && !inLive.has(e.id));
      if (missed.length === reply.value.entries.length && reply.value.next !== null) await get().reload();
      else if (missed.length > 0) set({ loaded: missed.concat(get().loaded) });
    };

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

      async reload() {
        const gen = ++generation;
        resetAhead(null);
        const seek = get().seek;
        set({ loading: true, error: null, newer: null });
        const reply = await bridge.invoke('entries.page', pageArgs(undefined, seek));
        if (gen !== generation) return;
        if (!reply.ok) {
          set({ loading: false, error: reply.error, loaded: [], next: null, live: [], liveDropped: 0, liveMissed: 0, anchorIndex: 0 });
          return;
        }
        let loaded = reply.value.entries;
        let anchorIndex = 0;
        if (seek.kind !== 'latest') {
          // Around the point: the newer side too, from just after the newest entry at or before it.
          const after = loaded[0]?.id;
          const newerArgs = newerPageArgs(
            after ?? (seek.kind === 'id' ? seek.id : undefined),
            seek.kind === 'time' && !after ? seek.ms : undefined,
          );
          const newer = await bridge.invoke('entries.page', newerArgs);
          if (gen !== generation) return;
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
        aheadCursor = reply.value.next;
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

      async checkNewer() {
        if (get().tailId) return set({ newer: null });
        const gen = generation;
        const reply = await bridge.invoke('entries.newer', { stream, after: newestKnown() ?? '0-0' });
        if (gen !== generation || get().tailId) return;
        if (reply.ok) set({ newer: { count: reply.value.count, atLeast: reply.value.atLeast } });
      },

      async showNewer() {
        if (get().loadingNewer || get().tailId) return;
        const gen = generation;
        set({ loadingNewer: true });
        const newest = newestKnown();
        const reply = await bridge.invoke('entries.page', newerPageArgs(newest ?? undefined, undefined, '-'));
        if (gen !== generation) return set({ loadingNewer: false });
        if (!reply.ok) return set({ loadingNewer: false, error: reply.error });
        const fresh = reply.value.entries.slice().reverse();
        set({ loadingNewer: false, loaded: fresh.concat(get().loaded), anchorIndex: 0, jumpKey: get().jumpKey + 1 });
        await get().checkNewer();
      },

      async loadOlder() {
        const { next, loading, loaded } = get();
        if (next === null || loading || loaded.length >= MAX_LOADED) return;
        const gen = generation;
        // A filtered page can come back empty with more to scan; a few more scans keep the
        // table moving without an unbounded walk over a huge stream.
        for (let scans = 0; scans < EMPTY_SCANS_PER_LOAD; scans++) {
          if (ready.length === 0) {
            if (aheadCursor === null) break;
            // Nothing read ahead yet: wait for the page in flight (or ask for it).
            set({ loading: true, error: null });
            const reply = await (inflight ?? fetchAhead(gen));
            if (gen !== generation || !reply) return;
            if (!reply.ok) {
              set({ loading: false, error: reply.error });
              return;
            }
          }
          const page = ready.shift()!;
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
        void readAhead(gen);
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

      async dispose() {
        generation++;
        resetAhead(null);
        await get().stopTail();
      },
    };
  });
}
