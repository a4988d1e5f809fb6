// @vitest-environment happy-dom
// Where streams live on a Redis Cluster: the Overview's Node and Slot columns (absent on one
// server) and the stream header's node/slot badge, against the in-memory bridge.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { Overview } from '../../renderer/features/overview';
import { StreamView } from '../../renderer/features/stream';
import { StreamLocation, LOCATION_REFRESH_MS } from '../../renderer/features/stream/StreamLocation';
import { createOverviewStore } from '../../renderer/state/overviewStore';
import type { StreamDetail } from '../../shared';
import { MemoryBridge } from './memoryBridge';
import { streamSummary } from './fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const noop = () => {};

function detail(name: string, over: Partial<StreamDetail> = {}): StreamDetail {
  return {
    name,
    length: 1,
    firstEntry: null,
    lastEntry: null,
    lastGeneratedId: '1-0',
    maxDeletedEntryId: null,
    entriesAdded: 1,
    memoryBytes: 100,
    groups: [],
    ...over,
  };
}

async function renderOverview(b: MemoryBridge) {
  const store = createOverviewStore(b);
  await store.getState().refresh();
  render(<Overview bridge={b} store={store} onOpenStream={noop} onPublish={noop} onStartDemo={noop} />);
  return screen.getByRole('table', { name: 'Streams' });
}

describe('Overview on a Redis Cluster', () => {
  it('walks pages that are empty before the cursor reaches 0 and lists the streams of every master', async () => {
    // Like the console's cluster scan: one master after another, some pages with nothing.
    const pages: Record<string, { streams: ReturnType<typeof streamSummary>[]; cursor: string }> = {
      '0': { streams: [streamSummary('orders', { node: '127.0.0.1:7101', slot: 12739 })], cursor: '1' },
      '1': { streams: [], cursor: '3073' },
      '3073': { streams: [], cursor: '2' },
      '2': { streams: [streamSummary('audit', { node: '127.0.0.1:7103', slot: 5061 })], cursor: '0' },
    };
    const b = new MemoryBridge().reply('streams.list', (args) => pages[args.cursor ?? '0']).reply('broadcast.channels', []);
    const table = await renderOverview(b);
    expect(b.callsOf('streams.list').map((a) => a.cursor)).toEqual(['0', '1', '3073', '2']);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
        .slice(0, 3),
    ).toEqual(['Stream', 'Node', 'Slot']);
    const row = (name: string) =>
      within(
        within(table)
          .getByRole('button', { name: `Open stream ${name}` })
          .closest('tr')!,
      )
        .getAllByRole('cell')
        .slice(0, 3)
        .map((c) => c.textContent);
    expect(row('orders')).toEqual(['orders', '127.0.0.1:7101', '12739']);
    expect(row('audit')).toEqual(['audit', '127.0.0.1:7103', '5061']);
  });

  it('has no Node or Slot column on a single server', async () => {
    const b = new MemoryBridge().reply('streams.list', { streams: [streamSummary('orders')], cursor: '0' }).reply('broadcast.channels', []);
    const table = await renderOverview(b);
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).not.toContain('Node');
    expect(headers).not.toContain('Slot');
  });
});

describe('stream header on a Redis Cluster', () => {
  it('sits in the stream view header, outside the heading', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [], next: null, scanned: 0 })
      .reply('streams.detail', (args) => detail(args.stream, { node: '127.0.0.1:7102', slot: 5061 }));
    render(<StreamView bridge={b} stream="orders" />);
    const header = screen.getByRole('heading', { level: 1 }).parentElement!;
    expect(await within(header).findByRole('group', { name: 'Cluster node and slot' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('stream orders');
  });

  it('shows the master and slot, and follows the slot to a new master', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let node = '127.0.0.1:7101';
    const b = new MemoryBridge().reply('streams.detail', (args) => detail(args.stream, { node, slot: 12739 }));
    render(<StreamLocation bridge={b} stream="orders" />);
    const badge = await screen.findByRole('group', { name: 'Cluster node and slot' });
    expect(badge.textContent).toBe('node 127.0.0.1:7101 slot 12739');
    expect(b.callsOf('streams.detail')).toEqual([{ stream: 'orders' }]);

    node = '127.0.0.1:7104'; // a failover promoted the replica
    await act(() => vi.advanceTimersByTimeAsync(LOCATION_REFRESH_MS));
    expect(screen.getByRole('group', { name: 'Cluster node and slot' }).textContent).toBe('node 127.0.0.1:7104 slot 12739');
  });

  it('shows nothing on a single server, and keeps the last place when a refresh fails', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const single = new MemoryBridge().reply('streams.detail', (args) => detail(args.stream));
    render(<StreamLocation bridge={single} stream="orders" />);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(single.callsOf('streams.detail')).toHaveLength(1);
    expect(screen.queryByRole('group', { name: 'Cluster node and slot' })).toBeNull();
    cleanup();

    const b = new MemoryBridge().reply('streams.detail', (args) => detail(args.stream, { node: '127.0.0.1:7102', slot: 1 }));
    render(<StreamLocation bridge={b} stream="orders" />);
    await screen.findByRole('group', { name: 'Cluster node and slot' });
    b.fail('streams.detail', 'not_connected', 'Redis is reconnecting');
    await act(() => vi.advanceTimersByTimeAsync(LOCATION_REFRESH_MS));
    expect(b.callsOf('streams.detail')).toHaveLength(2);
    expect(screen.getByRole('group', { name: 'Cluster node and slot' }).textContent).toBe('node 127.0.0.1:7102 slot 1');
  });
});
