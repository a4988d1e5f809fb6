// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { InstanceInfo } from '../../../shared';
import { InstancesTab, createInstancesStore, isDark } from '../../../renderer/features/instances';
import { MemoryBridge } from '../memoryBridge';
import { hosted, instance, metrics } from './fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const group = (name: string) => ({ name, consumers: 2, pending: 0, lastDeliveredId: '0-0', entriesRead: 0, lag: 0 });

function bridgeWith(consumers: Record<string, InstanceInfo[]>) {
  return new MemoryBridge()
    .reply('groups.list', Object.keys(consumers).map(group))
    .reply('consumers.list', (a) => consumers[a.group] ?? [])
    .reply('instances.list', []);
}

describe('instances store', () => {
  it('polls consumers of every group and stops when asked', async () => {
    vi.useFakeTimers();
    const bridge = bridgeWith({ billing: [instance('a')], audit: [instance('b')] });
    const store = createInstancesStore(bridge);
    const stop = store.getState().start('orders', 1000);
    await vi.advanceTimersByTimeAsync(10);
    expect(store.getState().groups.map((g) => [g.group, g.instances.map((i) => i.name)])).toEqual([
      ['billing', ['a']],
      ['audit', ['b']],
    ]);
    const before = bridge.callsOf('consumers.list').length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(bridge.callsOf('consumers.list').length).toBe(before + 4);
    stop();
    await vi.advanceTimersByTimeAsync(3000);
    expect(bridge.callsOf('consumers.list').length).toBe(before + 4);
    expect(bridge.listenerCount('instances.changed')).toBe(0);
  });

  it('an instance is dark when stale, or idle while siblings receive', () => {
    expect(isDark({ presence: 'stale', deliveredPerSec: 5 }, [])).toBe(true);
    expect(isDark({ presence: 'live', deliveredPerSec: 0 }, [{ deliveredPerSec: 0 }, { deliveredPerSec: 7 }])).toBe(true);
    expect(isDark({ presence: 'live', deliveredPerSec: 0 }, [{ deliveredPerSec: 0 }])).toBe(false);
  });
});

describe('InstancesTab', () => {
  it('shows presence, mode, rates, idle, share of load as a bar and latency per instance', async () => {
    const bridge = bridgeWith({
      billing: [
        instance('billing-1', { metrics: metrics({ share: 0.75, deliveredPerSec: 30 }) }),
        instance('billing-2', {
          presence: 'stale',
          mode: { kind: 'batched', maxBatchSize: 100, maxLatencyMs: 500 },
          idleMs: 65_000,
          metrics: metrics({ share: 0.25 }),
        }),
      ],
    });
    render(<InstancesTab bridge={bridge} stream="orders" />);
    const table = await screen.findByRole('table', { name: 'Instances of billing' });
    const row1 = within(table).getByRole('row', { name: /billing-1/ });
    expect(within(row1).getAllByRole('rowheader')[0].textContent).toContain('live');
    expect(
      within(row1)
        .getAllByRole('cell')
        .map((c) => c.textContent)
        .slice(0, 5),
    ).toEqual(['immediate ×4', '30.0', '9.0', '1', '2']);
    expect(screen.getByRole('meter', { name: 'Share of load of billing-1' }).getAttribute('aria-valuenow')).toBe('75');
    expect(screen.getByRole('meter', { name: 'Share of load of billing-2' }).getAttribute('aria-valuenow')).toBe('25');
    const row2 = within(table).getByRole('row', { name: /billing-2/ });
    expect(row2.className).toContain('ss-dark');
    expect(screen.getByRole('status', { name: 'Instances not receiving' }).textContent).toContain('billing/billing-2 (stale)');
    expect(row2.textContent).toContain('batched ≤100 / 500 ms');
    expect(row2.textContent).toContain('1 min 5 s');
    expect(within(row1).getAllByRole('cell')[7].textContent).toBe('deliver 3 / 12 msack —'); // no deliver→ack numbers yet
  });

  it('says how to get instances when there are none', async () => {
    render(<InstancesTab bridge={bridgeWith({})} stream="orders" />);
    expect((await screen.findByRole('status')).textContent).toMatch(/Start one with “Join as instance”/);
  });

  it('pauses and resumes a hosted instance, and crashes it only after confirmation', async () => {
    const user = userEvent.setup();
    const bridge = bridgeWith({ billing: [instance('billing-1', { hostedId: 'h1' }), instance('other')] })
      .reply('instances.list', [hosted('h1', 'billing-1')])
      .reply('instances.pause', hosted('h1', 'billing-1', { state: 'paused' }))
      .reply('instances.resume', hosted('h1', 'billing-1'))
      .reply('instances.crash', hosted('h1', 'billing-1', { state: 'crashed' }));
    render(<InstancesTab bridge={bridge} stream="orders" />);
    await user.click(await screen.findByRole('button', { name: 'Pause billing-1' }));
    expect(screen.getByRole('row', { name: /billing-1/ }).textContent).toContain('delay 0 ms · fail 0% · ack auto');
    // Paused is what it is: not also "live" because its heartbeat still runs.
    const header = within(screen.getByRole('row', { name: /billing-1/ })).getByRole('rowheader');
    expect(Array.from(header.querySelectorAll('.ss-badge')).map((b) => b.textContent)).toEqual(['paused', 'hosted']);
    await user.click(await screen.findByRole('button', { name: 'Resume billing-1' }));
    expect(bridge.callsOf('instances.pause')).toEqual([{ id: 'h1' }]);
    expect(bridge.callsOf('instances.resume')).toEqual([{ id: 'h1' }]);
    expect(screen.queryByRole('button', { name: 'Pause other' })).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Crash billing-1' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Crash billing-1?' });
    // The count is Redis's pending list for that consumer, not only what its handler holds.
    expect(dialog.textContent).toMatch(
      /its 2 pending entries \(Redis’s pending list for billing-1, 3 of them in its handler right now\) stay pending/,
    );
    expect(bridge.callsOf('instances.crash')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Crash instance' }));
    await waitFor(() => expect(bridge.callsOf('instances.crash')).toEqual([{ id: 'h1' }]));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Crash billing-1' })).toBeNull());
  });

  it("shows a hosted instance's engine errors on its row: how many and the latest, updated by instances.changed", async () => {
    const bridge = bridgeWith({ billing: [instance('billing-1', { hostedId: 'h1' })] }).reply('instances.list', [
      hosted('h1', 'billing-1'),
    ]);
    render(<InstancesTab bridge={bridge} stream="orders" />);
    const row = await screen.findByRole('row', { name: /billing-1/ });
    await screen.findByRole('button', { name: 'Pause billing-1' });
    expect(within(row).queryByLabelText('Engine errors of billing-1')).toBeNull();
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    bridge.emit('instances.changed', [
      hosted('h1', 'billing-1', { errors: { count: 7, last: { at, context: 'claim', message: 'NOGROUP No such key' } } }),
    ]);
    const errors = await within(row).findByLabelText('Engine errors of billing-1');
    expect(errors.textContent).toBe('7 errors last at 03:04:05, claim: NOGROUP No such key');
  });

  it('deletes a consumer after confirmation and shows its error on its row', async () => {
    const user = userEvent.setup();
    const bridge = bridgeWith({ billing: [instance('old-pod')] }).fail('consumers.delete', 'redis_error', 'ERR no such key');
    render(<InstancesTab bridge={bridge} stream="orders" />);
    await user.click(await screen.findByRole('button', { name: 'Delete consumer old-pod' }));
    await user.click(
      within(screen.getByRole('alertdialog', { name: 'Delete consumer old-pod?' })).getByRole('button', { name: 'Delete consumer' }),
    );
    expect(bridge.callsOf('consumers.delete')).toEqual([{ stream: 'orders', group: 'billing', consumer: 'old-pod' }]);
    const row = screen.getByRole('row', { name: /old-pod/ });
    expect((await within(row).findByRole('alert')).textContent).toBe('old-pod: Redis refused the command: ERR no such key');
  });

  it('opens the join panel with the stream filled in', async () => {
    const user = userEvent.setup();
    render(<InstancesTab bridge={bridgeWith({})} stream="orders" />);
    await user.click(screen.getByRole('button', { name: 'New hosted instance' }));
    expect((screen.getByRole('textbox', { name: 'Stream' }) as HTMLInputElement).value).toBe('orders');
  });
});
