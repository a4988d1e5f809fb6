// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntriesTab } from '../../renderer/features/entries';
import type { EntryPage } from '../../shared';
import { MemoryBridge } from './memoryBridge';
import { entry } from './fixtures';
import { withViewport } from './virtualSize';

withViewport(1000, 480);
afterEach(cleanup);

function pages(total: number, pageSize = 200) {
  return (args: { from?: string }): EntryPage => {
    const upper = args.from ? Number(args.from.split('-')[0]) - 1 : total;
    const entries = [];
    for (let ms = upper; ms >= 1 && entries.length < pageSize; ms--) entries.push(entry(ms, 0, { n: ms }));
    return {
      entries,
      next: entries.length && upper - entries.length >= 1 ? entries[entries.length - 1].id : null,
      scanned: entries.length,
    };
  };
}

const dataRows = () => screen.getAllByRole('row').filter((r) => r.getAttribute('aria-rowindex') !== '1');

describe('EntriesTab', () => {
  it('renders only the visible rows of thousands loaded and loads older pages when scrolled to the end', async () => {
    const b = new MemoryBridge().reply('entries.page', pages(100_000, 1000));
    render(<EntriesTab bridge={b} stream="orders" />);
    await waitFor(() => expect(dataRows().length).toBeGreaterThan(0));
    expect(dataRows().length).toBeLessThan(60);
    expect(within(dataRows()[0]).getAllByRole('gridcell')[0].textContent).toBe('100000-0');
    expect(screen.getByRole('grid', { name: 'Entries' }).getAttribute('aria-rowcount')).toBe('1001');

    const scroller = screen.getByLabelText('Entries rows (arrow keys select)');
    scroller.scrollTop = 1000 * 24 - 480;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(b.callsOf('entries.page')).toHaveLength(2));
    expect(b.callsOf('entries.page')[1]).toMatchObject({ stream: 'orders', direction: 'backward', from: '99001-0' });
    await waitFor(() => expect(screen.getByRole('grid', { name: 'Entries' }).getAttribute('aria-rowcount')).toBe('2001'));
    expect(dataRows().length).toBeLessThan(60);
  });

  it('shows the selected entry as JSON, copies it, and re-publishes only after confirming', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [entry(2, 0, { type: 'JobStarted', id: 'j1' }), entry(1)], next: null, scanned: 2 })
      .reply('entries.republish', { id: '3-0' });
    render(<EntriesTab bridge={b} stream="jobs" />);
    await userEvent.click(await screen.findByText('2-0'));
    const detail = screen.getByRole('complementary', { name: 'Entry 2-0' });
    expect(JSON.parse(within(detail).getByLabelText('Entry JSON').textContent!)).toEqual({ type: 'JobStarted', id: 'j1' });

    await userEvent.click(within(detail).getByRole('button', { name: 'Copy JSON' }));
    expect(writeText).toHaveBeenCalledWith(JSON.stringify({ type: 'JobStarted', id: 'j1' }, null, 2));
    expect(within(detail).getByText('Copied')).toBeTruthy();

    await userEvent.click(within(detail).getByRole('button', { name: 'Re-publish…' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Re-publish entry 2-0?' });
    expect(b.callsOf('entries.republish')).toEqual([]);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Re-publish' }));
    expect(b.callsOf('entries.republish')).toEqual([{ stream: 'jobs', id: '2-0' }]);
    expect(await within(detail).findByText('3-0')).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('re-publishes to another stream and shows a failure inside the dialog', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [entry(2)], next: null, scanned: 1 })
      .fail('entries.republish', 'not_found', 'entry 2-0 not found in stream "jobs"');
    render(<EntriesTab bridge={b} stream="jobs" />);
    await userEvent.click(await screen.findByText('2-0'));
    await userEvent.click(screen.getByRole('button', { name: 'Re-publish…' }));
    const confirm = screen.getByRole('alertdialog');
    await userEvent.clear(within(confirm).getByLabelText('Target stream'));
    await userEvent.type(within(confirm).getByLabelText('Target stream'), 'jobs.replay');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Re-publish' }));
    expect(b.callsOf('entries.republish')).toEqual([{ stream: 'jobs', id: '2-0', toStream: 'jobs.replay' }]);
    expect(within(confirm).getByRole('alert').textContent).toBe(
      'Re-publish: Entry 2-0 not found in stream "jobs". It may have been deleted; refresh and try again.',
    );
  });

  it('shows the journey of the selected entry, or why it cannot', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [entry(2), entry(1)], next: null, scanned: 2 })
      .reply('entries.journey', (args) =>
        args.id === '2-0'
          ? [
              { at: 2, kind: 'produced' },
              { at: 3, kind: 'delivered', group: 'billing', instance: 'pod-a' },
              { at: 9, kind: 'claimed', group: 'billing', instance: 'pod-b', detail: 'idle 5000 ms' },
              { at: 10, kind: 'acked', group: 'billing', instance: 'pod-b' },
            ]
          : [],
      );
    render(<EntriesTab bridge={b} stream="jobs" />);
    await userEvent.click(await screen.findByText('2-0'));
    await userEvent.click(screen.getByRole('button', { name: 'Journey' }));
    expect(b.callsOf('entries.journey')).toEqual([{ stream: 'jobs', id: '2-0' }]);
    const steps = within(await screen.findByRole('list', { name: 'Journey of 2-0' })).getAllByRole('listitem');
    expect(steps.map((li) => li.querySelector('strong')?.textContent)).toEqual(['produced', 'delivered', 'claimed', 'acked']);
    expect(steps[2].textContent).toContain('instance pod-b');
    expect(steps[2].textContent).toContain('idle 5000 ms');

    b.fail('entries.journey', 'not_found', 'entry 1-0 not found');
    await userEvent.click(screen.getByText('1-0'));
    expect(screen.queryByRole('list', { name: /Journey/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Journey' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Journey: Entry 1-0 not found. It may have been deleted; refresh and try again.',
    );
  });

  it('selects rows with the arrow keys', async () => {
    const b = new MemoryBridge().reply('entries.page', { entries: [entry(3), entry(2), entry(1)], next: null, scanned: 3 });
    render(<EntriesTab bridge={b} stream="s" />);
    await screen.findByText('3-0');
    screen.getByLabelText('Entries rows (arrow keys select)').focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('complementary', { name: 'Entry 3-0' })).toBeTruthy();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('complementary', { name: 'Entry 1-0' })).toBeTruthy();
    expect(dataRows().find((r) => r.getAttribute('aria-selected') === 'true')?.textContent).toContain('1-0');
  });

  it('tails live entries on top and stops the tail when toggled off', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [entry(1)], next: null, scanned: 1 })
      .reply('entries.tail', { tailId: 'tail-1' })
      .reply('entries.untail', { stopped: true });
    render(<EntriesTab bridge={b} stream="s" />);
    await screen.findByText('1-0');
    const toggle = screen.getByRole('button', { name: 'Live tail' });
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    act(() => b.emit('entries.appended', { tailId: 'tail-1', stream: 's', entries: [entry(2), entry(3)], dropped: 0 }));
    // The table repaints a few times a second while tailing, so the rows land within that.
    await waitFor(() => expect(dataRows().map((r) => within(r).getAllByRole('gridcell')[0].textContent)).toEqual(['3-0', '2-0', '1-0']));
    expect(screen.getByText(/live \+2/)).toBeTruthy();
    await userEvent.click(toggle);
    expect(b.callsOf('entries.untail')).toEqual([{ tailId: 'tail-1' }]);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
  });

  it('jumps to the newest row when the tail starts and keeps a reader in history still while entries arrive', async () => {
    const b = new MemoryBridge().reply('entries.page', pages(5000, 200)).reply('entries.tail', { tailId: 't' });
    render(<EntriesTab bridge={b} stream="s" />);
    await screen.findByText('5000-0');
    const scroller = screen.getByLabelText('Entries rows (arrow keys select)');
    scroller.scrollTop = 2400;
    fireEvent.scroll(scroller);
    await userEvent.click(screen.getByRole('button', { name: 'Live tail' }));
    expect(scroller.scrollTop).toBe(0);

    scroller.scrollTop = 240;
    fireEvent.scroll(scroller);
    act(() => b.emit('entries.appended', { tailId: 't', stream: 's', entries: [entry(5001), entry(5002), entry(5003)], dropped: 0 }));
    await waitFor(() => expect(scroller.scrollTop).toBe(240 + 3 * 24));
  });

  it('untails when the tab goes away', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [], next: null, scanned: 0 })
      .reply('entries.tail', { tailId: 'x' })
      .reply('entries.untail', { stopped: true });
    const view = render(<EntriesTab bridge={b} stream="s" />);
    await userEvent.click(screen.getByRole('button', { name: 'Live tail' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Live tail' }).getAttribute('aria-pressed')).toBe('true'));
    view.unmount();
    await waitFor(() => expect(b.callsOf('entries.untail')).toEqual([{ tailId: 'x' }]));
  });

  it('validates seek input inline and seeks by id and by time', async () => {
    const b = new MemoryBridge().reply('entries.page', { entries: [entry(5)], next: null, scanned: 1 });
    render(<EntriesTab bridge={b} stream="s" />);
    await screen.findByText('5-0');
    await userEvent.type(screen.getByLabelText('Seek to id'), 'abc');
    await userEvent.click(screen.getByRole('button', { name: 'Go to id' }));
    expect(screen.getByRole('alert').textContent).toBe('Seek id must be a stream id like 1700000000000-0');
    expect(b.callsOf('entries.page')).toHaveLength(1);

    await userEvent.clear(screen.getByLabelText('Seek to id'));
    await userEvent.type(screen.getByLabelText('Seek to id'), '1700000000000-4');
    await userEvent.click(screen.getByRole('button', { name: 'Go to id' }));
    await waitFor(() => expect(b.callsOf('entries.page').at(-1)).toMatchObject({ direction: 'forward' }));
    expect(b.callsOf('entries.page').at(-2)).toMatchObject({ from: '1700000000000-5' });

    await userEvent.type(screen.getByLabelText('Seek to time'), '1700000000123');
    await userEvent.click(screen.getByRole('button', { name: 'Go to time' }));
    await waitFor(() => expect(b.callsOf('entries.page').at(-2)).toMatchObject({ fromTime: 1700000000123 }));
    await userEvent.clear(screen.getByLabelText('Seek to time'));
    await userEvent.type(screen.getByLabelText('Seek to time'), 'yesterday-ish');
    await userEvent.click(screen.getByRole('button', { name: 'Go to time' }));
    expect(screen.getByRole('alert').textContent).toContain('is not a time');
  });

  it('sends the filter to the server and says when nothing matched', async () => {
    const b = new MemoryBridge().reply('entries.page', (args) =>
      args.filter ? { entries: [], next: null, scanned: 10_000 } : { entries: [entry(1)], next: null, scanned: 1 },
    );
    render(<EntriesTab bridge={b} stream="s" />);
    await screen.findByText('1-0');
    await userEvent.type(screen.getByLabelText('Filter text'), 'timeout{Enter}');
    expect(b.callsOf('entries.page').at(-1)).toMatchObject({ filter: 'timeout' });
    expect(await screen.findByText('No entry matches “timeout” in the 10,000 entries scanned.')).toBeTruthy();
  });

  it('offers to scan further back when a filtered scan found nothing yet', async () => {
    const b = new MemoryBridge().reply('entries.page', (args) =>
      args.from ? { entries: [entry(3)], next: null, scanned: 500 } : { entries: [], next: '5000-0', scanned: 10_000 },
    );
    render(<EntriesTab bridge={b} stream="s" />);
    await userEvent.type(screen.getByLabelText('Filter text'), 'needle{Enter}');
    await userEvent.click(await screen.findByRole('button', { name: 'Scan further back' }));
    expect(b.callsOf('entries.page').at(-1)).toMatchObject({ filter: 'needle', from: '5000-0' });
    expect(await screen.findByText('3-0')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Scan further back' })).toBeNull();
  });

  it('shows a page error in words', async () => {
    const b = new MemoryBridge().fail('entries.page', 'redis_error', 'WRONGTYPE Operation against a key holding the wrong kind of value');
    render(<EntriesTab bridge={b} stream="s" />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Loading entries: Redis refused the command: WRONGTYPE Operation against a key holding the wrong kind of value',
    );
  });
});
