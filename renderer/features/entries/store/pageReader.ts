// Reading pages of one stream for the Entries view: the arguments of a page (the filter, decoder
// and seek point in effect), the generation that makes a reply from an earlier filter or seek
// stale, and read-ahead: older pages fetched past what is shown before the reader scrolls to them.
import type { Api, Bridge, EntryPage, Reply } from '../../../../shared';
import { nextId } from '../../../state/streamIds';
import { MAX_LOADED, NEWER_PAGE_SIZE, PAGE_SIZE, READ_AHEAD_PAGES, type EntriesState, type Seek } from './state';

type PageArgs = Api['entries.page']['args'];

export class PageReader {
  /** Bumped on every reload so a slow page from an earlier filter/seek is ignored. */
  private generation = 0;
  // Pages fetched past `loaded` but not shown yet, the cursor after the last of them, and the one
  // request in flight (pages chain by cursor, so there is never more than one).
  private ready: EntryPage[] = [];
  private aheadCursor: string | null = null;
  private inflight: Promise<Reply<EntryPage> | null> | null = null;
  private readingAhead = false;

  constructor(
    private readonly bridge: Bridge,
    private readonly stream: string,
    private readonly get: () => EntriesState,
  ) {}

  /** The page older than `from` (exclusive), or from the seek point, newest first. */
  pageArgs(from: PageArgs['from'], seek: Seek): PageArgs {
    const args: PageArgs = { stream: this.stream, direction: 'backward', count: PAGE_SIZE };
    this.readAs(args);
    if (from !== undefined) args.from = from;
    else if (seek.kind === 'id') args.from = nextId(seek.id);
    else if (seek.kind === 'time') args.fromTime = seek.ms;
    return args;
  }

  /** The page just newer than `after` (exclusive) or than a time, oldest first. */
  newerPageArgs(after: string | undefined, fromTime: number | undefined, start: '-' | undefined = undefined): PageArgs {
    const args: PageArgs = { stream: this.stream, direction: 'forward', count: NEWER_PAGE_SIZE };
    this.readAs(args);
    if (after !== undefined) args.from = after;
    else if (fromTime !== undefined) args.fromTime = fromTime;
    else if (start) args.from = start;
    return args;
  }

  /** The filter and decoder in effect. */
  private readAs(args: PageArgs): void {
    const { filter, decoder } = this.get();
    if (filter) args.filter = filter;
    if (decoder !== 'none' && decoder !== 'saved') args.decoder = { kind: decoder };
  }

  /** Starts a new generation (replies of earlier ones are ignored) with nothing read ahead; returns it. */
  restart(): number {
    this.generation++;
    this.ready = [];
    this.aheadCursor = null;
    this.inflight = null;
    this.readingAhead = false;
    return this.generation;
  }

  /** The generation replies are for now. */
  current(): number {
    return this.generation;
  }

  isCurrent(gen: number): boolean {
    return gen === this.generation;
  }

  /** Where read-ahead goes on from (the `next` of the last page shown or read). */
  readFrom(cursor: string | null): void {
    this.aheadCursor = cursor;
  }

  /** True when nothing is read ahead and there is nothing more to read. */
  exhausted(): boolean {
    return this.ready.length === 0 && this.aheadCursor === null;
  }

  /** The oldest page read ahead, if any. */
  takeReady(): EntryPage | undefined {
    return this.ready.shift();
  }

  hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** The page in flight, or a new read at the cursor; null when a reload made it stale. */
  nextPage(gen: number): Promise<Reply<EntryPage> | null> {
    return this.inflight ?? this.fetchAhead(gen);
  }

  private readyEntries(): number {
    return this.ready.reduce((n, p) => n + p.entries.length, 0);
  }

  /** Fetches the page at the read-ahead cursor into `ready`; null when a reload made it stale. */
  private fetchAhead(gen: number): Promise<Reply<EntryPage> | null> {
    const cursor = this.aheadCursor;
    if (cursor === null) return Promise.resolve(null);
    const request = (async () => {
      const reply = await this.bridge.invoke('entries.page', this.pageArgs(cursor, this.get().seek));
      if (gen !== this.generation) return null;
      this.inflight = null;
      if (reply.ok) {
        this.ready.push(reply.value);
        this.aheadCursor = reply.value.next;
      }
      return reply;
    })();
    this.inflight = request;
    return request;
  }

  /** Keeps up to READ_AHEAD_PAGES pages ready or in flight, within MAX_LOADED; stops on an error. */
  async readAhead(gen: number): Promise<void> {
    if (this.readingAhead) return;
    this.readingAhead = true;
    try {
      while (
        gen === this.generation &&
        this.aheadCursor !== null &&
        this.ready.length < READ_AHEAD_PAGES &&
        this.get().loaded.length + this.readyEntries() < MAX_LOADED
      ) {
        const reply = await this.nextPage(gen);
        // A failed read-ahead is not shown: the reader's own load retries it and shows the error.
        if (!reply || !reply.ok) break;
      }
    } finally {
      if (gen === this.generation) this.readingAhead = false;
    }
  }
}
