import { describe, expect, it } from 'vitest';
import {
  createEntriesStore,
  EMPTY_SCANS_PER_LOAD,
  LIVE_CAPACITY,
  NEWER_PAGE_SIZE,
  PAGE_SIZE,
  READ_AHEAD_PAGES,
} from '../../renderer/features/entries/store/entriesStore';
import { compareIds, nextId } from '../../renderer/state/streamIds';
import type { EntryPage, Reply } from '../../shared';
import { MemoryBridge } from './memoryBridge';
import { entry } from './fixtures';
import { sleep } from '../helpers/wait';

/** Lets every settled bridge reply and the store's follow-up requests run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await sleep(0);
};

/**
 * A paged stream whose replies wait until the test releases them, counting how many requests
 * are open at once.
 */
function heldStream(n: number) {
  const page = pagedStream(n);
  const held: Array<{ args: { from?: string }; release: () => void }> = [];
  let open = 0;
  let maxOpen = 0;
  const bridge = new MemoryBridge().handle('entries.page', (args) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    return new Promise<Reply<EntryPage>>((resolve) =>
      held.push({
        args,
        release: () => {
          open--;
          resolve({ ok: true, value: page(args) });
        },
      }),
    );
  });
  /** Releases the oldest held request and lets the store react. */
  const releaseNext = async () => {
    const next = held.shift();
    if (!next) throw new Error('no entries.page request is waiting');
    next.release();
    await settle();
  };
  return { bridge, held, releaseNext, maxOpen: () => maxOpen };
}

/** A fake stream of `n` entries with ids 1-0 .. n-0, paged like the console does (newest first). */
function pagedStream(n: number) {
  return (args: { direction?: 'forward' | 'backward'; from?: string; fromTime?: number; count?: number; filter?: string }): EntryPage => {
    if (args.direction === 'forward') {
      // Exclusive of `from` (ids here are all ms-0), inclusive of `fromTime`.
      let lower = 1;
      if (args.from && args.from !== '-') lower = Number(args.from.split('-')[0]) + 1;
      if (args.fromTime !== undefined) lower = Math.max(1, args.fromTime);
      const newer = [];
      for (let ms = lower; ms <= n && newer.length < (args.count ?? 100); ms++) newer.push(entry(ms));
      const newest = newer[newer.length - 1];
      return { entries: newer, next: newest && Number(newest.id.split('-')[0]) < n ? newest.id : null, scanned: newer.length };
    }
    let upper = n;
    if (args.from) upper = Number(args.from.split('-')[0]) - (args.from.endsWith('-0') ? 1 : 0);
    if (args.fromTime !== undefined) upper = Math.min(n, args.fromTime);
    const count = args.count ?? 100;
    const entries = [];
    for (let ms = upper; ms >= 1 && entries.length < count; ms--) entries.push(entry(ms));
    const last = entries[entries.length - 1];
    return { entries, next: last && Number(last.id.split('-')[0]) > 1 ? last.id : null, scanned: entries.length };
  };
}

describe('stream ids', () => {
  it('compares ids numerically, including 64-bit sequence parts', () => {
    expect(compareIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareIds('10-18446744073709551615', '10-9')).toBeGreaterThan(0);
    expect(compareIds('5-1', '5-1')).toBe(0);
    expect(nextId('10-18446744073709551615')).toBe('10-18446744073709551616');
    expect(nextId('7')).toBe('7-1');
  });
});

describe('entries store', () => {
  it('loads the newest page, then older pages from the returned cursor', async () => {
    const b = new MemoryBridge().reply('entries.page', pagedStream(500));
    const store = createEntriesStore(b, 'orders');
    await store.getState().reload();
    expect(b.callsOf('entries.page')[0]).toEqual({ stream: 'orders', direction: 'backward', count: PAGE_SIZE, decoder: { kind: 'auto' } });
    expect(store.getState().loaded[0].id).toBe('500-0');
    await store.getState().loadOlder();
    expect(b.callsOf('entries.page')[1].from).toBe('301-0');
    await store.getState().loadOlder();
    expect(store.getState().loaded).toHaveLength(500);
    expect(store.getState().next).toBeNull();
    await store.getState().loadOlder();
    expect(b.callsOf('entries.page')).toHaveLength(3);
  });

  it('seeks by id inclusively, by time, and filters on the server', async () => {
    const b = new MemoryBridge().reply('entries.page', pagedStream(500));
    const store = createEntriesStore(b, 'orders');
    await store.getState().seekTo({ kind: 'id', id: '250-0' });
    // Older from the point (inclusive), then newer from it: the list opens around the point.
    expect(b.callsOf('entries.page').at(-2)).toMatchObject({ direction: 'backward', from: '250-1' });
    expect(b.callsOf('entries.page').at(-1)).toMatchObject({ direction: 'forward', from: '250-0', count: NEWER_PAGE_SIZE });
    const around = store.getState();
    expect(around.loaded[around.anchorIndex].id).toBe('250-0');
    expect(around.anchorIndex).toBe(NEWER_PAGE_SIZE);
    expect(around.loaded[0].id).toBe(`${250 + NEWER_PAGE_SIZE}-0`);
    expect(around.selectedId).toBe('250-0');
    await store.getState().seekTo({ kind: 'time', ms: 120 });
    expect(b.callsOf('entries.page').at(-2)).toMatchObject({ fromTime: 120 });
    expect(b.callsOf('entries.page').at(-2)).not.toHaveProperty('from');
    expect(b.callsOf('entries.page').at(-1)).toMatchObject({ direction: 'forward', from: '120-0' });
    await store.getState().setFilter('  error ');
    expect(b.callsOf('entries.page').at(-2)).toMatchObject({ filter: 'error', fromTime: 120 });
  });

  it('ignores a slow page from an earlier filter once a newer one was asked for', async () => {
    const releases: Array<() => void> = [];
    const b = new MemoryBridge().handle(
      'entries.page',
      (args) =>
        new Promise<Reply<EntryPage>>((resolve) =>
          releases.push(() => resolve({ ok: true, value: { entries: [entry(args.filter === 'new' ? 2 : 1)], next: null, scanned: 1 } })),
        ),
    );
    const store = createEntriesStore(b, 's');
    const first = store.getState().setFilter('old');
    const second = store.getState().setFilter('new');
    releases[1]();
    await second;
    releases[0]();
    await first;
    expect(store.getState().loaded.map((e) => e.id)).toEqual(['2-0']);
  });

  it('puts tail batches on top, newest first, bounded, skipping duplicates, other tails and filtered-out entries', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [entry(10), entry(9)], next: null, scanned: 2 })
      .reply('entries.tail', { tailId: 't1' })
      .reply('entries.untail', { stopped: true });
    const store = createEntriesStore(b, 's');
    await store.getState().reload();
    await store.getState().startTail();
    expect(b.callsOf('entries.tail')).toEqual([{ stream: 's', decoder: { kind: 'auto' } }]);
    b.emit('entries.appended', { tailId: 't1', stream: 's', entries: [entry(10), entry(11), entry(12)], dropped: 0 });
    b.emit('entries.appended', { tailId: 'other', stream: 's', entries: [entry(99)], dropped: 0 });
    expect(store.getState().live.map((e) => e.id)).toEqual(['12-0', '11-0']);

    const flood = Array.from({ length: LIVE_CAPACITY + 50 }, (_, i) => entry(100 + i));
    b.emit('entries.appended', { tailId: 't1', stream: 's', entries: flood, dropped: 0 });
    expect(store.getState().live).toHaveLength(LIVE_CAPACITY);
    expect(store.getState().live[0].id).toBe(`${100 + LIVE_CAPACITY + 49}-0`);
    expect(store.getState().liveDropped).toBe(52);
    expect(store.getState().liveMissed).toBe(0);

    // The console says this page missed entries of its tail (it fell behind): counted, not hidden.
    b.emit('entries.appended', { tailId: 't1', stream: 's', entries: [], dropped: 7 });
    b.emit('entries.appended', { tailId: 'other', stream: 's', entries: [], dropped: 100 });
    expect(store.getState().liveMissed).toBe(7);

    await store.getState().stopTail();
    expect(b.callsOf('entries.untail')).toEqual([{ tailId: 't1' }]);
    expect(b.listenerCount('entries.appended')).toBe(0);
  });

  it('applies the filter to live entries too', async () => {
    const b = new MemoryBridge().reply('entries.page', { entries: [], next: null, scanned: 0 }).reply('entries.tail', { tailId: 't' });
    const store = createEntriesStore(b, 's');
    await store.getState().setFilter('paid');
    await store.getState().startTail();
    b.emit('entries.appended', {
      tailId: 't',
      stream: 's',
      entries: [entry(1, 0, { status: 'PAID' }), entry(2, 0, { status: 'open' })],
      dropped: 0,
    });
    expect(store.getState().live.map((e) => e.id)).toEqual(['1-0']);
  });

  it('catches up on entries added between the last page and the start of the tail', async () => {
    let newest = 5;
    const b = new MemoryBridge()
      .reply('entries.page', () => ({ entries: Array.from({ length: newest }, (_, i) => entry(newest - i)), next: null, scanned: newest }))
      .reply('entries.tail', { tailId: 't' });
    const store = createEntriesStore(b, 's');
    await store.getState().reload();
    newest = 7;
    await store.getState().startTail();
    expect(
      store
        .getState()
        .loaded.map((e) => e.id)
        .slice(0, 3),
    ).toEqual(['7-0', '6-0', '5-0']);
    expect(store.getState().loaded).toHaveLength(7);
  });

  it('scans through a few empty filtered pages per load, then stops and waits', async () => {
    let page = 0;
    const b = new MemoryBridge().reply('entries.page', () => {
      page++;
      if (page === 1) return { entries: [entry(100)], next: '90-0', scanned: 10 };
      return { entries: [], next: `${90 - page}-0`, scanned: 10_000 };
    });
    const store = createEntriesStore(b, 's');
    await store.getState().setFilter('rare');
    await store.getState().loadOlder();
    await settle();
    // Read-ahead scans at most READ_AHEAD_PAGES more pages, not shown (nor counted) until asked for.
    expect(b.callsOf('entries.page')).toHaveLength(1 + EMPTY_SCANS_PER_LOAD + READ_AHEAD_PAGES);
    expect(store.getState().scanned).toBe(10 + EMPTY_SCANS_PER_LOAD * 10_000);
    expect(store.getState().loading).toBe(false);
    expect(store.getState().next).not.toBeNull();
  });

  it('reports a failed tail in words and keeps listening to nothing', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [], next: null, scanned: 0 })
      .fail('entries.tail', 'conflict', 'at most 64 live tails at once; stop one first');
    const store = createEntriesStore(b, 's');
    await store.getState().startTail();
    expect(store.getState().tailError).toEqual({ code: 'conflict', message: 'at most 64 live tails at once; stop one first' });
    expect(store.getState().tailId).toBeNull();
    expect(b.listenerCount('entries.appended')).toBe(0);
  });
});

describe('entries read-ahead', () => {
  it('keeps at most READ_AHEAD_PAGES older pages ahead once the reader asks for one, one request at a time', async () => {
    const { bridge, held, releaseNext, maxOpen } = heldStream(100_000);
    const store = createEntriesStore(bridge, 's');
    const reload = store.getState().reload();
    await releaseNext();
    await reload;
    // Opening the tab reads nothing ahead: an idle tab never walks the stream.
    expect(held).toHaveLength(0);

    // The reader nears the end: its page comes first, then READ_AHEAD_PAGES more, one by one.
    const first = store.getState().loadOlder();
    await releaseNext();
    await first;
    expect(store.getState().loaded).toHaveLength(2 * PAGE_SIZE);
    for (let i = 0; i < READ_AHEAD_PAGES; i++) {
      expect(held).toHaveLength(1);
      await releaseNext();
    }
    expect(held).toHaveLength(0);
    expect(bridge.callsOf('entries.page')).toHaveLength(2 + READ_AHEAD_PAGES);
    expect(maxOpen()).toBe(1);

    // A page read ahead lands without a round trip, and the read-ahead tops itself up again.
    void store.getState().loadOlder();
    expect(store.getState().loaded).toHaveLength(3 * PAGE_SIZE);
    expect(store.getState().loading).toBe(false);
    await settle();
    expect(held).toHaveLength(1);
    await releaseNext();
    expect(held).toHaveLength(0);
    expect(bridge.callsOf('entries.page')).toHaveLength(3 + READ_AHEAD_PAGES);
    // Pages chain: each request starts where the previous one ended, no page skipped or repeated.
    const ids = store.getState().loaded.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe(`${100_000 - 3 * PAGE_SIZE + 1}-0`);
  });

  it('drops the pages read ahead on a seek or filter change and ignores the reply still in flight', async () => {
    const { bridge, held, releaseNext } = heldStream(100_000);
    const store = createEntriesStore(bridge, 's');
    const reload = store.getState().reload();
    await releaseNext();
    await reload;
    const older = store.getState().loadOlder();
    await releaseNext();
    await older;
    await releaseNext(); // one page ready, the next in flight
    expect(held).toHaveLength(1);
    const stale = held.shift()!;

    const seek = store.getState().seekTo({ kind: 'id', id: '5000-0' });
    await releaseNext(); // older from the point
    await releaseNext(); // newer from the point
    await seek;
    stale.release();
    await settle();
    expect(store.getState().loaded[NEWER_PAGE_SIZE].id).toBe('5000-0');
    expect(store.getState().loaded).toHaveLength(NEWER_PAGE_SIZE + PAGE_SIZE);
    // Nothing more was asked for the old position, and the next page continues from the seek.
    expect(held).toHaveLength(0);
    const callsBefore = bridge.callsOf('entries.page').length;
    const next = store.getState().loadOlder();
    expect(bridge.callsOf('entries.page')).toHaveLength(callsBefore + 1);
    expect(bridge.callsOf('entries.page').at(-1)).toMatchObject({ from: `${5000 - PAGE_SIZE + 1}-0` });
    await releaseNext();
    await next;
    expect(store.getState().loaded.at(-1)?.id).toBe(`${5000 - 2 * PAGE_SIZE + 1}-0`);

    // A filter change does the same: read-ahead pages from before it never show.
    await releaseNext(); // read-ahead page ready
    const filter = store.getState().setFilter('x');
    held.shift()!.release(); // the read-ahead in flight, now stale
    await releaseNext();
    await releaseNext();
    await filter;
    await settle();
    // The filter keeps the seek: fresh pages around 5000-0 with the filter, nothing stale on them.
    expect(bridge.callsOf('entries.page').at(-2)).toMatchObject({ filter: 'x', from: '5000-1' });
    expect(bridge.callsOf('entries.page').at(-1)).toMatchObject({ filter: 'x', direction: 'forward', from: '5000-0' });
    expect(store.getState().loaded[NEWER_PAGE_SIZE].id).toBe('5000-0');
    expect(store.getState().loaded).toHaveLength(NEWER_PAGE_SIZE + PAGE_SIZE);
    expect(held).toHaveLength(0);
  });

  it('a failed read-ahead is retried by the reader, who sees the error only if that fails too', async () => {
    let failNext = false;
    const page = pagedStream(10_000);
    const b = new MemoryBridge().handle('entries.page', (args) => {
      if (failNext) return { ok: false, error: { code: 'redis_error', message: 'LOADING Redis is loading the dataset in memory' } };
      return { ok: true, value: page(args) };
    });
    const store = createEntriesStore(b, 's');
    await store.getState().reload();
    failNext = true;
    await store.getState().loadOlder(); // fails: the reader's own page
    expect(store.getState().error?.message).toContain('LOADING');
    failNext = false;
    await store.getState().loadOlder();
    expect(store.getState().error).toBeNull();
    expect(store.getState().loaded).toHaveLength(2 * PAGE_SIZE);
    failNext = true;
    await settle(); // the read-ahead fails quietly and stops
    const calls = b.callsOf('entries.page').length;
    await settle();
    expect(b.callsOf('entries.page')).toHaveLength(calls);
    expect(store.getState().error).toBeNull();
    failNext = false;
    await store.getState().loadOlder();
    expect(store.getState().loaded).toHaveLength(3 * PAGE_SIZE);
    expect(store.getState().error).toBeNull();
  });
});
