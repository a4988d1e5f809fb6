// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Overview } from '../../renderer/features/overview';
import { createOverviewStore, HISTORY_POINTS, MAX_SCAN_PAGES } from '../../renderer/state/overviewStore';
import { eventually } from '../helpers/wait';
import { MemoryBridge } from './memoryBridge';
import { channel, streamSummary } from './fixtures';

afterEach(cleanup);

const noop = () => {};

describe('overview store', () => {
  it('walks the SCAN cursor until it returns to 0 and de-duplicates names', async () => {
    const b = new MemoryBridge()
      .reply('streams.list', (args) =>
        args.cursor === '0' || args.cursor === undefined
          ? { streams: [streamSummary('b'), streamSummary('a')], cursor: '17' }
          : { streams: [streamSummary('a', { length: 99 }), streamSummary('c')], cursor: '0' },
      )
      .reply('broadcast.channels', [channel('news')]);
    const store = createOverviewStore(b);
    await store.getState().refresh();
    expect(b.callsOf('streams.list').map((a) => a.cursor)).toEqual(['0', '17']);
    expect(store.getState().streams.map((s) => [s.name, s.length])).toEqual([
      ['a', 99],
      ['b', 10],
      ['c', 10],
    ]);
    expect(store.getState().channels.map((c) => c.name)).toEqual(['news']);
  });

  it('reads at most MAX_SCAN_PAGES pages per refresh and resumes a longer walk on the next one', async () => {
    // A keyspace walk of MAX_SCAN_PAGES + 5 pages, mostly empty (a cluster's first masters full
    // of other keys); the streams sit on the first page and the last one (the last master).
    const last = MAX_SCAN_PAGES + 4;
    let live = ['early', 'late'];
    const b = new MemoryBridge()
      .reply('streams.list', (args) => {
        const page = Number(args.cursor ?? '0');
        const here = page === 0 ? ['early'] : page === last ? ['late'] : [];
        return {
          streams: here.filter((n) => live.includes(n)).map((n) => streamSummary(n)),
          cursor: page === last ? '0' : String(page + 1),
        };
      })
      .reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    const names = () => store.getState().streams.map((s) => s.name);

    await store.getState().refresh();
    expect(b.callsOf('streams.list')).toHaveLength(MAX_SCAN_PAGES);
    expect(names()).toEqual(['early']);

    await store.getState().refresh();
    expect(
      b
        .callsOf('streams.list')
        .map((a) => a.cursor)
        .slice(MAX_SCAN_PAGES),
    ).toEqual(Array.from({ length: 5 }, (_, i) => String(MAX_SCAN_PAGES + i)));
    expect(names()).toEqual(['early', 'late']);

    // A new walk from 0: cut short again, it still shows what the last complete walk saw,
    // and a stream gone since disappears once a walk completes without it.
    live = ['late'];
    await store.getState().refresh();
    expect(b.callsOf('streams.list')[MAX_SCAN_PAGES + 5].cursor).toBe('0');
    expect(names()).toEqual(['early', 'late']);
    await store.getState().refresh();
    expect(names()).toEqual(['late']);
  });

  it('adds a trend point only for the streams a refresh read, not for those a long walk has not reached yet', async () => {
    // A walk of MAX_SCAN_PAGES + 1 pages: 'early' on the first page, 'late' on the last; every
    // read of a stream measures a new rate.
    const last = MAX_SCAN_PAGES;
    const reads: Record<string, number> = { early: 0, late: 0 };
    const b = new MemoryBridge()
      .reply('streams.list', (args) => {
        const page = Number(args.cursor ?? '0');
        const here = page === 0 ? ['early'] : page === last ? ['late'] : [];
        return {
          streams: here.map((n) => streamSummary(n, { entriesPerSecond: 10 * ++reads[n] })),
          cursor: page === last ? '0' : String(page + 1),
        };
      })
      .reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    const trend = (name: string) => store.getState().streamRates.get(name);

    await store.getState().refresh(); // pages 0..last-1: reads 'early'
    expect(trend('early')).toEqual([10]);
    await store.getState().refresh(); // page last: reads 'late'; 'early' is shown but not read
    expect(trend('early')).toEqual([10]);
    expect(trend('late')).toEqual([10]);
    await store.getState().refresh(); // a new walk: 'early' again, 'late' from the last complete walk
    expect(trend('early')).toEqual([10, 20]);
    expect(trend('late')).toEqual([10]);
    expect(store.getState().streams.map((s) => s.name)).toEqual(['early', 'late']);
  });

  it('lists every stream of a long walk at once after start, then takes one step per interval', async () => {
    // A walk of 3 × MAX_SCAN_PAGES + 1 pages with a stream on every 10th page.
    const last = 3 * MAX_SCAN_PAGES;
    const b = new MemoryBridge()
      .reply('streams.list', (args) => {
        const page = Number(args.cursor ?? '0');
        return {
          streams: page % 10 === 0 ? [streamSummary(`s${String(page).padStart(3, '0')}`)] : [],
          cursor: page === last ? '0' : String(page + 1),
        };
      })
      .reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    // An interval far longer than the test: only the first walk's own steps can list everything.
    const stop = store.getState().start(60_000);
    try {
      await eventually(() => store.getState().streams.length === last / 10 + 1, 5_000, 'every stream listed');
      expect(b.callsOf('streams.list')).toHaveLength(last + 1);
      // One PUBSUB listing for the refresh that started it, not one per step.
      expect(b.callsOf('broadcast.channels')).toHaveLength(1);
      // The walk is complete: nothing more until the interval.
      await new Promise((r) => setTimeout(r, 50));
      expect(b.callsOf('streams.list')).toHaveLength(last + 1);
    } finally {
      stop();
    }
  });

  it('shares one walk between overlapping refreshes', async () => {
    let release = () => {};
    const b = new MemoryBridge()
      .handle(
        'streams.list',
        () => new Promise((resolve) => (release = () => resolve({ ok: true, value: { streams: [streamSummary('s')], cursor: '0' } }))),
      )
      .reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    const both = Promise.all([store.getState().refresh(), store.getState().refresh()]);
    await Promise.resolve();
    release();
    await both;
    expect(b.callsOf('streams.list')).toHaveLength(1);
    expect(store.getState().streams.map((s) => s.name)).toEqual(['s']);
  });

  it('keeps a bounded msgs/s history per stream', async () => {
    let rate = 0;
    const b = new MemoryBridge()
      .reply('streams.list', () => ({ streams: [streamSummary('s', { entriesPerSecond: ++rate })], cursor: '0' }))
      .reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    for (let i = 0; i < HISTORY_POINTS + 5; i++) await store.getState().refresh();
    const history = store.getState().streamRates.get('s') ?? [];
    expect(history).toHaveLength(HISTORY_POINTS);
    expect(history[history.length - 1]).toBe(HISTORY_POINTS + 5);
    expect(history[0]).toBe(6);
  });

  it('keeps the last streams when a refresh fails and reports the error', async () => {
    let fail = false;
    const b = new MemoryBridge()
      .handle('streams.list', () =>
        fail
          ? { ok: false, error: { code: 'not_connected', message: 'Redis is reconnecting' } }
          : { ok: true, value: { streams: [streamSummary('s')], cursor: '0' } },
      )
      .reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    await store.getState().refresh();
    fail = true;
    await store.getState().refresh();
    expect(store.getState().streams.map((s) => s.name)).toEqual(['s']);
    expect(store.getState().streamsError?.code).toBe('not_connected');
  });
});

describe('Overview', () => {
  it('shows every stream with its numbers and every channel with subscribers', async () => {
    const b = new MemoryBridge()
      .reply('streams.list', {
        streams: [
          streamSummary('orders', {
            length: 12345,
            groups: 2,
            totalLag: 7,
            totalPending: 3,
            entriesPerSecond: 42,
            oldestPendingMs: 12_400,
          }),
        ],
        cursor: '0',
      })
      .reply('broadcast.channels', [channel('news', { subscribers: 4, messagesPerSec: 1.5 })]);
    const store = createOverviewStore(b);
    await store.getState().refresh();
    render(<Overview bridge={b} store={store} onOpenStream={noop} onPublish={noop} onStartDemo={noop} />);
    const row = within(screen.getByRole('table', { name: 'Streams' }))
      .getByRole('button', { name: 'Open stream orders' })
      .closest('tr')!;
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(1)).toEqual(['12,345', '42.0', '2', '7', '3', '12 s', '10-0']);
    expect(within(row).getByRole('img', { name: 'orders msgs/s trend' })).toBeTruthy();
    const chRow = within(screen.getByRole('table', { name: 'Broadcast channels' }))
      .getByText('news')
      .closest('tr')!;
    expect(
      within(chRow)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['news', '4', '1.5']);
  });

  it('shows a total lag that is partly counted or a lower bound as such, with the oldest entry waiting', async () => {
    const b = new MemoryBridge()
      .reply('streams.list', {
        streams: [
          streamSummary('counted', {
            groups: 3,
            totalLag: 33,
            totalLagKind: 'exact',
            lagComputedGroups: 2,
            lagUnknownGroups: 0,
            oldestUndeliveredMs: 125_000,
          }),
          streamSummary('partial', {
            groups: 2,
            totalLag: 12,
            totalLagKind: 'at-least',
            lagComputedGroups: 0,
            lagUnknownGroups: 1,
            oldestUndeliveredMs: 4_000,
          }),
          streamSummary('blind', {
            groups: 1,
            totalLag: null,
            totalLagKind: 'at-least',
            lagComputedGroups: 0,
            lagUnknownGroups: 1,
            oldestUndeliveredMs: null,
          }),
        ],
        cursor: '0',
      })
      .reply('broadcast.channels', [
        channel('quiet', { messagesPerSec: null, rateSource: 'not-measured' }),
        channel('busy', { messagesPerSec: 1, rateSource: 'measured', measuredForMs: 5000 }),
      ]);
    const store = createOverviewStore(b);
    await store.getState().refresh();
    render(<Overview bridge={b} store={store} onOpenStream={noop} onPublish={noop} onStartDemo={noop} />);
    const lagOf = (name: string) =>
      within(screen.getByRole('button', { name: `Open stream ${name}` }).closest('tr')!).getAllByRole('cell')[4];
    expect(lagOf('counted').textContent).toBe('33computed · oldest 2 min');
    expect(lagOf('counted').getAttribute('title')).toContain('2 group(s) counted by the console');
    expect(lagOf('partial').textContent).toBe('≥ 12 + 1 unknown · oldest 4 s');
    expect(lagOf('blind').textContent).toBe('unknown');
    const rateOf = (name: string) =>
      within(
        within(screen.getByRole('table', { name: 'Broadcast channels' }))
          .getByText(name)
          .closest('tr')!,
      ).getAllByRole('cell')[2].textContent;
    expect(rateOf('quiet')).toBe('not measured');
    expect(rateOf('busy')).toBe('1.0');
    // Unknown rates leave a gap in the trend rather than a 0.
    expect(Object.fromEntries(store.getState().channelRates)).toEqual({ busy: [1] });
  });

  it('measures broadcast rates while it is open and stops when it closes', async () => {
    const b = new MemoryBridge()
      .reply('streams.list', { streams: [], cursor: '0' })
      .reply('broadcast.channels', [])
      .reply('broadcast.measureRates', { measureId: 'm-1' })
      .reply('broadcast.stopRates', { stopped: true });
    const stop = createOverviewStore(b).getState().start(60_000);
    await eventually(() => b.callsOf('broadcast.measureRates').length > 0, 2000, 'a rate measurement started');
    expect(b.callsOf('broadcast.measureRates')).toHaveLength(1);
    stop();
    expect(b.callsOf('broadcast.stopRates')).toEqual([{ measureId: 'm-1' }]);
  });

  it('shows the oldest pending age in words and highlights it past a minute', async () => {
    const b = new MemoryBridge()
      .reply('streams.list', {
        streams: [
          streamSummary('fresh', { totalPending: 1, oldestPendingMs: 59_000 }),
          streamSummary('stuck', { totalPending: 4, oldestPendingMs: 3 * 60_000 + 5_000 }),
          streamSummary('idle', { oldestPendingMs: null }),
        ],
        cursor: '0',
      })
      .reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    await store.getState().refresh();
    render(<Overview bridge={b} store={store} onOpenStream={noop} onPublish={noop} onStartDemo={noop} />);
    const table = screen.getByRole('table', { name: 'Streams' });
    const column = within(table)
      .getAllByRole('columnheader')
      .findIndex((h) => h.textContent === 'Oldest pending');
    const cell = (name: string) =>
      within(
        within(table)
          .getByRole('button', { name: `Open stream ${name}` })
          .closest('tr')!,
      ).getAllByRole('cell')[column];
    expect([cell('fresh'), cell('stuck'), cell('idle')].map((c) => c.textContent)).toEqual(['59 s', '3 min', '—']);
    expect(cell('stuck').className).toContain('stale');
    expect(cell('stuck').title).toMatch(/over a minute/);
    expect(cell('fresh').className).not.toContain('stale');
  });

  it('filters streams and channels by name, and says when nothing matches', async () => {
    const b = new MemoryBridge()
      .reply('streams.list', { streams: [streamSummary('orders'), streamSummary('audit.payments')], cursor: '0' })
      .reply('broadcast.channels', [channel('orders.news')]);
    const store = createOverviewStore(b);
    await store.getState().refresh();
    render(<Overview bridge={b} store={store} onOpenStream={noop} onPublish={noop} onStartDemo={noop} />);
    await userEvent.type(screen.getByLabelText('Filter streams and channels'), 'ORDERS');
    const table = screen.getByRole('table', { name: 'Streams' });
    expect(
      within(table)
        .getAllByRole('button')
        .map((x) => x.textContent),
    ).toEqual(['orders']);
    expect(within(screen.getByRole('table', { name: 'Broadcast channels' })).getByText('orders.news')).toBeTruthy();
    await userEvent.clear(screen.getByLabelText('Filter streams and channels'));
    await userEvent.type(screen.getByLabelText('Filter streams and channels'), 'zzz');
    expect(screen.getByText('No stream matches “zzz”.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(within(screen.getByRole('table', { name: 'Streams' })).getAllByRole('button')).toHaveLength(2);
  });

  it('on an empty Redis offers to start the demo or publish a message', async () => {
    const b = new MemoryBridge().reply('streams.list', { streams: [], cursor: '0' }).reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    await store.getState().refresh();
    const started: string[] = [];
    render(
      <Overview
        bridge={b}
        store={store}
        onOpenStream={noop}
        onPublish={() => started.push('publish')}
        onStartDemo={() => started.push('demo')}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Start the demo' }));
    await userEvent.click(screen.getByRole('button', { name: 'Publish a message' }));
    expect(started).toEqual(['demo', 'publish']);
  });

  it('says it is still listing, not that there are no streams, until a walk has covered the keyspace', async () => {
    // A walk of 2 × MAX_SCAN_PAGES + 1 pages over a keyspace of other keys; the only stream is on the last page.
    const last = 2 * MAX_SCAN_PAGES;
    const b = new MemoryBridge()
      .reply('streams.list', (args) => {
        const page = Number(args.cursor ?? '0');
        return { streams: page === last ? [streamSummary('orders')] : [], cursor: page === last ? '0' : String(page + 1) };
      })
      .reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    render(<Overview bridge={b} store={store} onOpenStream={noop} onPublish={noop} onStartDemo={noop} />);
    await act(() => store.getState().refresh());
    expect(store.getState().listedAll).toBe(false);
    expect(screen.getByText(/^Listing streams/).textContent).toBe('Listing streams: 0 found so far, the scan of the keyspace goes on…');
    expect(screen.queryByText(/no streams/i)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Start the demo' })).toBeNull();
    await act(() => store.getState().refresh());
    await act(() => store.getState().refresh());
    expect(store.getState().listedAll).toBe(true);
    expect(screen.queryByText(/^Listing streams/)).toBeNull();
    expect(within(screen.getByRole('table', { name: 'Streams' })).getByText('orders')).toBeTruthy();
    // Later walks start from 0 again; the list is complete, so nothing says "listing" any more.
    await act(() => store.getState().refresh());
    expect(screen.queryByText(/^Listing streams/)).toBeNull();
  });

  it('keeps trends for streams and channels of any name, __proto__ and constructor too', async () => {
    let rate = 0;
    const odd = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const b = new MemoryBridge()
      .reply('streams.list', () => ({ streams: odd.map((n) => streamSummary(n, { entriesPerSecond: ++rate })), cursor: '0' }))
      .reply('broadcast.channels', () => odd.map((n) => channel(n, { messagesPerSec: 1 })));
    const store = createOverviewStore(b);
    await store.getState().refresh();
    await store.getState().refresh();
    for (const name of odd) {
      expect(store.getState().streamRates.get(name)).toHaveLength(2);
      expect(store.getState().channelRates.get(name)).toEqual([1, 1]);
    }
    render(<Overview bridge={b} store={store} onOpenStream={noop} onPublish={noop} onStartDemo={noop} />);
    for (const name of odd) {
      // One trend line in the streams table, one in the channels table.
      const trends = screen.getAllByRole('img', { name: `${name} msgs/s trend` });
      expect(trends.map((svg) => svg.querySelector('polyline') !== null)).toEqual([true, true]);
    }
  });

  it('keeps only the rows in view in the DOM when there are thousands of streams', async () => {
    const many = 10_000;
    const names = Array.from({ length: many }, (_, i) => `s${String(i).padStart(5, '0')}`);
    const b = new MemoryBridge()
      .reply('streams.list', { streams: names.map((n) => streamSummary(n)), cursor: '0' })
      .reply('broadcast.channels', []);
    const store = createOverviewStore(b);
    await store.getState().refresh();
    render(<Overview bridge={b} store={store} onOpenStream={noop} onPublish={noop} onStartDemo={noop} />);
    const table = screen.getByRole('table', { name: 'Streams' });
    expect(table.getAttribute('aria-rowcount')).toBe(String(many + 1));
    const shown = () =>
      within(table)
        .getAllByRole('button')
        .map((x) => x.textContent);
    expect(shown().length).toBeGreaterThan(0);
    expect(shown().length).toBeLessThan(100);
    expect(shown()[0]).toBe('s00000');
    // Scrolled to the middle, the rows there are the ones in the DOM, in place in the whole list.
    const scroller = screen.getByRole('region', { name: 'Streams list' });
    scroller.scrollTop = 27 * 5_000;
    await act(async () => {
      scroller.dispatchEvent(new Event('scroll'));
    });
    await eventually(() => shown().includes('s05000'), 2_000, 'row 5000 rendered after scrolling');
    expect(shown().length).toBeLessThan(100);
    const row = within(table).getByText('s05000').closest('tr');
    expect(row?.getAttribute('aria-rowindex')).toBe('5002');
    // The filter still finds any of them.
    await userEvent.type(screen.getByLabelText('Filter streams and channels'), 's09999');
    expect(
      within(screen.getByRole('table', { name: 'Streams' }))
        .getAllByRole('button')
        .map((x) => x.textContent),
    ).toEqual(['s09999']);
  });

  it('opens a stream when its name is clicked and shows listing errors in words', async () => {
    const b = new MemoryBridge()
      .reply('streams.list', { streams: [streamSummary('orders')], cursor: '0' })
      .fail('broadcast.channels', 'redis_error', 'ERR unknown command PUBSUB');
    const store = createOverviewStore(b);
    await store.getState().refresh();
    const opened: string[] = [];
    render(<Overview bridge={b} store={store} onOpenStream={(n) => opened.push(n)} onPublish={noop} onStartDemo={noop} />);
    expect(screen.getByRole('alert').textContent).toBe('Listing channels: Redis refused the command: ERR unknown command PUBSUB');
    await userEvent.click(screen.getByRole('button', { name: 'Open stream orders' }));
    expect(opened).toEqual(['orders']);
  });
});
