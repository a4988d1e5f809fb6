// The Entries view's state: what is loaded (paged history, newest first, and live tail entries on
// top), how it is read (filter, decoder, seek point), the live tail, the selected entry and what was
// done to it, and the count of newer entries. The store is put together in entriesStore.ts from
// one file per domain step.
import type { StoreApi } from 'zustand/vanilla';
import type { JourneyStep, ReplyError, StreamEntry } from '../../../../shared';

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
export type EntriesActions = Pick<
  EntriesState,
  | 'reload'
  | 'loadOlder'
  | 'setFilter'
  | 'setDecoder'
  | 'seekTo'
  | 'startTail'
  | 'stopTail'
  | 'select'
  | 'republish'
  | 'loadJourney'
  | 'checkNewer'
  | 'showNewer'
  | 'dispose'
>;

/** Row i of the table (live on top of loaded) without concatenating the two on every batch. */
export function rowAt(s: Pick<EntriesState, 'live' | 'loaded'>, index: number): StreamEntry | undefined {
  return index < s.live.length ? s.live[index] : s.loaded[index - s.live.length];
}

/** Id of the newest entry shown (live or loaded), null when none is. */
export const newestShown = (s: Pick<EntriesState, 'live' | 'loaded'>): string | null => s.live[0]?.id ?? s.loaded[0]?.id ?? null;
