// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DeadLetter, PendingEntry, PendingPage } from '../../../shared';
import { PendingTab, createPendingStore } from '../../../renderer/features/pending';
import { defaultClaimTarget } from '../../../renderer/features/pending/pendingStore';
import { MemoryBridge } from '../memoryBridge';
import { instance } from './fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const entry = (id: string, consumer: string, deliveries = 1): PendingEntry => ({
  id,
  consumer,
  idleMs: 5000,
  deliveries,
  poison: deliveries >= 5,
});
const page = (entries: PendingEntry[], next: string | null = null): PendingPage => ({
  entries,
  total: entries.length,
  minId: entries[0]?.id ?? null,
  maxId: entries.at(-1)?.id ?? null,
  next,
  perConsumer: [...new Set(entries.map((e) => e.consumer))].map((consumer) => ({
    consumer,
    count: entries.filter((e) => e.consumer === consumer).length,
  })),
});
const dead = (id: string, originalId: string): DeadLetter => ({
  id,
  originalId,
  stream: 'orders',
  group: 'billing',
  consumer: 'b-1',
  deliveries: 6,
  error: 'boom',
  deadAt: 0,
  payload: { text: '{"n":1}', size: 7 },
  fields: [{ name: { text: 'msg', size: 3 }, value: { text: '{"n":1}', size: 7 } }],
  fieldCount: 1,
});

function pendingBridge(initial: PendingEntry[]) {
  let pending = initial;
  const bridge = new MemoryBridge()
    .reply('groups.list', [
      { name: 'billing', consumers: 2, pending: 3, lastDeliveredId: '1-0', entriesRead: 3, lag: 0 },
      { name: 'audit', consumers: 0, pending: 0, lastDeliveredId: '0-0', entriesRead: 0, lag: 0 },
    ])
    .reply('consumers.list', (a) => (a.group === 'billing' ? [instance('b-1'), instance('b-2')] : []))
    .reply('pending.list', (a) =>
      page(
        pending
          .filter((e) => !a.consumer || e.consumer === a.consumer)
          .map((e) => ({ ...e, poison: e.deliveries >= (a.poisonThreshold ?? 5) })),
      ),
    )
    .reply('pending.ack', (a) => {
      pending = pending.filter((e) => !a.ids.includes(e.id));
      return { acked: a.ids.length };
    })
    .reply('pending.claim', (a) => {
      pending = pending.map((e) => (a.ids.includes(e.id) ? { ...e, consumer: a.consumer } : e));
      return { claimed: a.ids };
    })
    .reply('pending.autoClaim', () => ({ claimed: ['1-0'], deleted: ['9-0'] }))
    .reply('deadLetters.list', { entries: [dead('100-0', '1-0'), dead('101-0', '2-0')], next: null, length: 2 })
    .reply('deadLetters.replay', (a) => ({ replayed: a.ids.length }));
  return bridge;
}

const three = [entry('1-0', 'b-1'), entry('2-0', 'b-1', 7), entry('3-0', 'b-2')];

describe('pending store', () => {
  it('select-all picks every row on the page, and selections of rows that left are dropped after reload', async () => {
    const bridge = pendingBridge(three);
    const store = createPendingStore(bridge);
    await store.getState().open('orders');
    store.getState().selectAll(true);
    expect([...store.getState().selected]).toEqual(['1-0', '2-0', '3-0']);
    store.getState().toggle('2-0');
    expect(await store.getState().ack()).toBe(true);
    expect(bridge.callsOf('pending.ack')).toEqual([{ stream: 'orders', group: 'billing', ids: ['1-0', '3-0'] }]);
    expect(store.getState().page!.entries.map((e) => e.id)).toEqual(['2-0']);
    expect(store.getState().selected.size).toBe(0);
    expect(store.getState().notice).toBe('Acknowledged 2 of 2 entries.');
  });
});

describe('claim target', () => {
  it('offers a live consumer other than the one being looked at', () => {
    const cs = [
      { name: 'dead', presence: 'stale' as const },
      { name: 'viewed', presence: 'live' as const },
      { name: 'ok', presence: 'live' as const },
    ];
    expect(defaultClaimTarget(cs, 'viewed')).toBe('ok');
    expect(defaultClaimTarget(cs.slice(0, 2), 'viewed')).toBe('dead');
    expect(defaultClaimTarget([], '')).toBe('');
  });
});

describe('PendingTab', () => {
  it('follows pending on its own every 2 s until auto-refresh is switched off', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const bridge = pendingBridge(three);
    render(<PendingTab bridge={bridge} stream="orders" />);
    await screen.findByRole('table', { name: 'Pending entries' });
    const before = bridge.callsOf('pending.list').length;
    for (let i = 0; i < 2; i++) {
      await act(async () => {
        vi.advanceTimersByTime(2050);
      });
    }
    expect(bridge.callsOf('pending.list').length).toBe(before + 2);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Auto-refresh' }));
    await act(async () => {
      vi.advanceTimersByTime(6000);
    });
    expect(bridge.callsOf('pending.list').length).toBe(before + 2);
  });

  it('lists pending entries of the first group with deliveries and highlights poison rows', async () => {
    render(<PendingTab bridge={pendingBridge(three)} stream="orders" />);
    const table = await screen.findByRole('table', { name: 'Pending entries' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1].textContent)).toEqual(['1-0', '2-0', '3-0']);
    expect(rows[1].className).toContain('ss-poison');
    expect(rows[1].textContent).toContain('poison');
    expect(rows[0].className).not.toContain('ss-poison');
    expect(screen.getByText(/b-1: 2 · b-2: 1/)).toBeTruthy();
  });

  it('filters by consumer and by poison threshold, sending them to pending.list', async () => {
    const user = userEvent.setup();
    const bridge = pendingBridge(three);
    render(<PendingTab bridge={bridge} stream="orders" />);
    await screen.findByRole('table', { name: 'Pending entries' });
    await waitFor(() => expect(screen.getAllByRole('option', { name: 'b-2' }).length).toBeGreaterThan(0));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Consumer' }), 'b-2');
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Pending entries' })).getAllByRole('row').length).toBe(2));
    expect(bridge.callsOf('pending.list').at(-1)).toMatchObject({ stream: 'orders', group: 'billing', consumer: 'b-2' });
    const threshold = screen.getByRole('spinbutton', { name: /Poison at deliveries/ });
    await user.clear(threshold);
    await user.type(threshold, '1');
    await waitFor(() => expect(bridge.callsOf('pending.list').at(-1)).toMatchObject({ poisonThreshold: 1 }));
  });

  it('bulk ACK asks first, then acknowledges exactly the selected ids', async () => {
    const user = userEvent.setup();
    const bridge = pendingBridge(three);
    render(<PendingTab bridge={bridge} stream="orders" />);
    await user.click(await screen.findByRole('checkbox', { name: 'Select 1-0' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select 3-0' }));
    await user.click(screen.getByRole('button', { name: 'ACK selected' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Acknowledge 2 pending entries?' });
    expect(bridge.callsOf('pending.ack')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge' }));
    expect((await screen.findByText('Acknowledged 2 of 2 entries.')).getAttribute('role')).toBe('status');
    expect(bridge.callsOf('pending.ack')).toEqual([{ stream: 'orders', group: 'billing', ids: ['1-0', '3-0'] }]);
    expect(screen.queryByRole('checkbox', { name: 'Select 1-0' })).toBeNull();
  });

  it('asks about one entry in the singular', async () => {
    const user = userEvent.setup();
    const bridge = pendingBridge(three);
    render(<PendingTab bridge={bridge} stream="orders" />);
    await user.click(await screen.findByRole('checkbox', { name: 'Select 3-0' }));
    await user.click(screen.getByRole('button', { name: 'ACK selected' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Acknowledge 1 pending entry?' });
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge' }));
    expect(await screen.findByText('Acknowledged 1 of 1 entry.')).toBeTruthy();
  });

  it('marks pending entries whose entry was deleted and acks all of them after confirming', async () => {
    let pending = [entry('1-0', 'b-1'), { ...entry('2-0', 'b-1'), entryDeleted: true }, { ...entry('3-0', 'b-2'), entryDeleted: true }];
    const bridge = pendingBridge([])
      .reply('pending.list', () => ({
        ...page(pending),
        deleted: { count: pending.filter((e) => e.entryDeleted).length, scanned: pending.length, complete: true },
      }))
      .reply('pending.ackDeleted', () => {
        const acked = pending.filter((e) => e.entryDeleted).length;
        pending = pending.filter((e) => !e.entryDeleted);
        return { acked, scanned: acked + pending.length, complete: true };
      });
    const user = userEvent.setup();
    render(<PendingTab bridge={bridge} stream="orders" />);
    const table = await screen.findByRole('table', { name: 'Pending entries' });
    const marked = within(table)
      .getAllByRole('row')
      .filter((r) => r.textContent?.includes('entry deleted'))
      .map((r) => within(r).getAllByRole('cell')[1].textContent);
    expect(marked).toEqual(['2-0', '3-0']);
    expect(screen.getByText(/2 with their entry deleted/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Ack all 2 deleted' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Acknowledge 2 pending entries whose entry was deleted?' });
    expect(bridge.callsOf('pending.ackDeleted')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge deleted' }));
    expect(await screen.findByText('Acknowledged 2 pending entries whose entry was deleted.')).toBeTruthy();
    expect(bridge.callsOf('pending.ackDeleted')).toEqual([{ stream: 'orders', group: 'billing' }]);
    await waitFor(() => expect(screen.queryByRole('button', { name: /Ack all .* deleted/ })).toBeNull());
  });

  it('claims selected entries to the chosen consumer with a min idle, and auto-claims', async () => {
    const user = userEvent.setup();
    const bridge = pendingBridge(three);
    render(<PendingTab bridge={bridge} stream="orders" />);
    await user.click(await screen.findByRole('checkbox', { name: 'Select all pending entries' }));
    await waitFor(() => expect(screen.getAllByRole('option', { name: 'b-2' }).length).toBeGreaterThan(0));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Claim to' }), 'b-2');
    const idle = screen.getByRole('spinbutton', { name: 'Min idle (ms)' });
    await user.clear(idle);
    await user.type(idle, '1000');
    await user.click(screen.getByRole('button', { name: 'Claim selected' }));
    await screen.findByText('Claimed 3 of 3 entries to b-2.');
    expect(bridge.callsOf('pending.claim')).toEqual([
      { stream: 'orders', group: 'billing', ids: ['1-0', '2-0', '3-0'], consumer: 'b-2', minIdleMs: 1000 },
    ]);
    await user.click(screen.getByRole('button', { name: 'Auto-claim idle' }));
    expect(bridge.callsOf('pending.autoClaim')).toEqual([{ stream: 'orders', group: 'billing', consumer: 'b-2', minIdleMs: 1000 }]);
    expect((await screen.findByText(/Auto-claimed 1 entries/)).textContent).toContain('1 were already deleted');
  });

  it('shows a failed bulk action in words next to the bulk bar', async () => {
    const user = userEvent.setup();
    const bridge = pendingBridge(three).fail('pending.claim', 'not_connected', 'Redis is reconnecting');
    render(<PendingTab bridge={bridge} stream="orders" />);
    await user.click(await screen.findByRole('checkbox', { name: 'Select 2-0' }));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Claim selected' }) as HTMLButtonElement).disabled).toBe(false));
    await user.click(screen.getByRole('button', { name: 'Claim selected' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Bulk action failed: Redis is not connected: Redis is reconnecting. The console keeps trying; try again once the bar at the top says ready.',
    );
  });

  it('replays the selected dead letters', async () => {
    const user = userEvent.setup();
    const bridge = pendingBridge(three);
    render(<PendingTab bridge={bridge} stream="orders" />);
    const section = screen.getByRole('region', { name: 'Dead letters' });
    await user.click(await within(section).findByRole('checkbox', { name: 'Select dead letter 2-0' }));
    await user.click(within(section).getByRole('button', { name: 'Replay selected (1)' }));
    expect(bridge.callsOf('deadLetters.replay')).toEqual([]);
    const confirm = await screen.findByRole('alertdialog', { name: 'Replay 1 dead letter onto orders?' });
    await user.click(within(confirm).getByRole('button', { name: 'Replay' }));
    expect(bridge.callsOf('deadLetters.replay')).toEqual([{ stream: 'orders', ids: ['101-0'] }]);
    expect((await within(section).findByRole('status')).textContent).toBe('Replayed 1 dead letter onto orders.');
  });

  it("shows a dead letter's payload as text when UTF-8, as its bytes in hex otherwise, and counts the other fields", async () => {
    const binary: DeadLetter = {
      ...dead('102-0', '3-0'),
      payload: { base64: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3]).toString('base64'), size: 5 },
      fields: [],
      fieldCount: 2,
    };
    const bridge = new MemoryBridge()
      .reply('groups.list', [])
      .reply('deadLetters.list', { entries: [dead('100-0', '1-0'), binary], next: null, length: 2 });
    render(<PendingTab bridge={bridge} stream="orders" />);
    const table = await screen.findByRole('table', { name: 'Dead letter entries' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0].textContent).toContain('{"n":1}');
    expect(rows[1].textContent).toContain('hex ff fe 7b 00 c3 (+1 more field)');
    expect(rows[1].textContent).not.toContain('\uFFFD');
  });

  it('says what to do when the stream has no groups', async () => {
    const bridge = new MemoryBridge().reply('groups.list', []).reply('deadLetters.list', { entries: [], next: null, length: 0 });
    render(<PendingTab bridge={bridge} stream="orders" />);
    expect((await screen.findByText(/No groups on orders/)).textContent).toMatch(/Create a group or join an instance/);
  });
});
