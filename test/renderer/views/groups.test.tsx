// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { GroupInfo } from '../../../shared';
import { GroupsTab, createGroupsStore } from '../../../renderer/features/groups';
import { MemoryBridge } from '../memoryBridge';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const group = (name: string, over: Partial<GroupInfo> = {}): GroupInfo => ({
  name,
  consumers: 2,
  pending: 3,
  lastDeliveredId: '1700000000000-5',
  entriesRead: 10,
  lag: 4,
  ...over,
});

describe('groups store', () => {
  it('loads the groups of the stream and reports a failed action in words', async () => {
    const bridge = new MemoryBridge()
      .reply('groups.list', [group('billing')])
      .fail('groups.create', 'conflict', 'BUSYGROUP Consumer Group name already exists');
    const store = createGroupsStore(bridge);
    await store.getState().load('orders');
    expect(store.getState().groups.map((g) => g.name)).toEqual(['billing']);
    expect(await store.getState().create('orders', 'billing', '$')).toBe(false);
    expect(store.getState().actionError).toEqual({ code: 'conflict', message: 'BUSYGROUP Consumer Group name already exists' });
  });
});

describe('GroupsTab', () => {
  it('shows lag, pending, last-delivered, entries-read and consumers per group', async () => {
    const bridge = new MemoryBridge().reply('groups.list', [
      group('billing', { lag: 42 }),
      group('audit', { lag: null, entriesRead: null }),
    ]);
    render(<GroupsTab bridge={bridge} stream="orders" />);
    const row = await screen.findByRole('row', { name: /billing/ });
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(0, 5)).toEqual(['42', '3', '1700000000000-5', '10', '2']);
    const audit = screen.getByRole('row', { name: /audit/ });
    expect(within(audit).getAllByRole('cell')[0].textContent).toBe('unknown');
    expect(bridge.callsOf('groups.list')).toEqual([{ stream: 'orders' }]);
  });

  it('marks lag the console counted, shows a lower bound with ≥, and the age of the oldest entry waiting', async () => {
    const note = 'Redis gives no lag: it does not know how many entries the group has read';
    const bridge = new MemoryBridge().reply('groups.list', [
      group('billing', { lag: 12, lagSource: 'computed', lagNote: note, oldestUndeliveredMs: 65_000 }),
      group('archive', { lag: 100_100, lagSource: 'at-least', lagNote: note, oldestUndeliveredMs: 3 * 3_600_000 }),
      group('audit', { lag: 14, lagSource: 'redis', oldestUndeliveredMs: 2_000 }),
    ]);
    render(<GroupsTab bridge={bridge} stream="orders" />);
    const lagOf = async (name: string) => within(await screen.findByRole('row', { name: new RegExp(name) })).getAllByRole('cell')[0];
    expect((await lagOf('billing')).textContent).toBe('12computed · oldest 1 min');
    expect((await lagOf('billing')).querySelector('[title]')!.getAttribute('title')).toContain('Counted by the console');
    expect((await lagOf('archive')).textContent).toBe('≥ 100,100computed · oldest 3 h');
    expect((await lagOf('audit')).textContent).toBe('14 · oldest 2 s');
  });

  it('keeps lag live: reloads every 2 s while shown, and stops when unmounted', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let lag = 1;
    const bridge = new MemoryBridge().reply('groups.list', () => [group('billing', { lag: lag++ })]);
    const { unmount } = render(<GroupsTab bridge={bridge} stream="orders" />);
    await screen.findByRole('row', { name: /billing/ });
    await act(async () => {
      vi.advanceTimersByTime(2050);
    });
    await waitFor(() => expect(within(screen.getByRole('row', { name: /billing/ })).getAllByRole('cell')[0].textContent).toBe('2'));
    unmount();
    const calls = bridge.callsOf('groups.list').length;
    await act(async () => {
      vi.advanceTimersByTime(6000);
    });
    expect(bridge.callsOf('groups.list').length).toBe(calls);
  });

  it('says what to do when there are no groups', async () => {
    const bridge = new MemoryBridge().reply('groups.list', []);
    render(<GroupsTab bridge={bridge} stream="orders" />);
    expect((await screen.findByRole('status')).textContent).toMatch(/Create one above/);
  });

  it('creates a group from an explicit id and reloads; rejects a bad id inline without calling', async () => {
    const user = userEvent.setup();
    let groups: GroupInfo[] = [];
    const bridge = new MemoryBridge()
      .reply('groups.list', () => groups)
      .reply('groups.create', (a) => {
        groups = [group(a.group)];
        return { created: true };
      });
    render(<GroupsTab bridge={bridge} stream="orders" />);
    await user.type(screen.getByRole('textbox', { name: 'Group name' }), 'billing');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Start from' }), 'id');
    await user.type(screen.getByRole('textbox', { name: 'Entry id' }), 'nope');
    await user.click(screen.getByRole('button', { name: 'Create group' }));
    expect(within(screen.getByRole('form', { name: 'Create group' })).getByRole('alert').textContent).toMatch(
      /^Position must be a stream id/,
    );
    expect(bridge.callsOf('groups.create')).toEqual([]);
    await user.clear(screen.getByRole('textbox', { name: 'Entry id' }));
    await user.type(screen.getByRole('textbox', { name: 'Entry id' }), '1700000000000-0');
    await user.click(screen.getByRole('button', { name: 'Create group' }));
    await screen.findByRole('row', { name: /billing/ });
    expect(bridge.callsOf('groups.create')).toEqual([{ stream: 'orders', group: 'billing', from: '1700000000000-0' }]);
  });

  it('deletes only after confirmation, and Cancel backs out', async () => {
    const user = userEvent.setup();
    const bridge = new MemoryBridge().reply('groups.list', [group('billing')]).reply('groups.delete', { deleted: true });
    render(<GroupsTab bridge={bridge} stream="orders" />);
    await user.click(await screen.findByRole('button', { name: 'Delete group billing' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete group billing?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.callsOf('groups.delete')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Delete group billing' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete group' }));
    await waitFor(() => expect(bridge.callsOf('groups.delete')).toEqual([{ stream: 'orders', group: 'billing' }]));
  });

  it('sets a position after confirming and shows a contract error next to the table', async () => {
    const user = userEvent.setup();
    const bridge = new MemoryBridge()
      .reply('groups.list', [group('billing')])
      .fail('groups.setPosition', 'not_found', 'no group billing on orders');
    render(<GroupsTab bridge={bridge} stream="orders" />);
    await user.click(await screen.findByRole('button', { name: 'Set position of billing' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Set position of billing' });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'New position' }), '0');
    await user.click(within(dialog).getByRole('button', { name: 'Move group' }));
    expect(bridge.callsOf('groups.setPosition')).toEqual([{ stream: 'orders', group: 'billing', id: '0' }]);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Group action failed: No group billing on orders. It may have been deleted; refresh and try again.',
    );
  });
});
