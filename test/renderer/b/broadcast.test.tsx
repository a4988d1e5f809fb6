// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BroadcastMessage } from '../../../shared';
import { BroadcastView, createBroadcastStore, foldFanout } from '../../../renderer/features/broadcast';
import type { FeedItem } from '../../../renderer/features/broadcast/broadcastStore';
import { MemoryBridge } from '../memoryBridge';

afterEach(cleanup);

const payloadAt = (items: readonly FeedItem[], i: number) => {
  const it = items[i];
  return it.kind === 'message' ? it.message.payload : `gap ${it.gap.reason}`;
};

const msg = (channel: string, payload: string, subscriber = 0, over: Partial<BroadcastMessage> = {}): BroadcastMessage => ({
  subscriptionId: 'sub-1', subscriber, channel, pattern: null, payload, value: JSON.parse(payload), receivedAt: 1_700_000_000_000, seq: 1, ...over,
});

function broadcastBridge() {
  let n = 0;
  return new MemoryBridge()
    .reply('broadcast.channels', [{ name: 'orders.updates', subscribers: 3, messagesPerSec: 2.5 }])
    .reply('broadcast.subscribe', () => ({ subscriptionId: `sub-${++n}` }))
    .reply('broadcast.unsubscribe', { stopped: true })
    .reply('publish.broadcast', { receivers: 3 });
}

describe('broadcast store', () => {
  it('keeps the tail bounded and holds what arrives while paused', () => {
    const bridge = broadcastBridge();
    const store = createBroadcastStore(bridge, 5);
    const stop = store.getState().start();
    bridge.emit('broadcast.messages', { messages: Array.from({ length: 8 }, (_, i) => msg('a', `{"i":${i}}`)), dropped: 2 });
    let s = store.getState();
    expect(s.feed.items.length).toBe(5);
    expect(s.feed.dropped).toBe(3);
    expect(s.droppedUpstream).toBe(2);
    expect(payloadAt(s.feed.items, 0)).toBe('{"i":7}');
    store.getState().setPaused(true);
    bridge.emit('broadcast.messages', { messages: [msg('a', '{"i":8}')], dropped: 0 });
    expect(payloadAt(store.getState().feed.items, 0)).toBe('{"i":7}');
    store.getState().setPaused(false);
    s = store.getState();
    expect(payloadAt(s.feed.items, 0)).toBe('{"i":8}');
    expect(s.held.items.length).toBe(0);
    stop();
    expect(bridge.listenerCount('broadcast.messages')).toBe(0);
  });

  it('fan-out folds copies of one message from different subscribers into one row', () => {
    const rows = foldFanout([], [msg('a', '{"x":1}', 0), msg('a', '{"x":1}', 2), msg('a', '{"x":2}', 0), msg('a', '{"x":1}', 1)]);
    expect(rows.map((r) => [r.payload, r.got])).toEqual([['{"x":2}', [0]], ['{"x":1}', [0, 1, 2]]]);
    // The same payload again to a subscriber that already has it is a new message.
    expect(foldFanout(rows, [msg('a', '{"x":2}', 0)]).length).toBe(3);
  });
});

describe('BroadcastView', () => {
  it('lists channels and subscribes to a pattern with N subscribers; unsubscribes on unmount', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    const { unmount } = render(<BroadcastView bridge={bridge} />);
    const row = await screen.findByRole('row', { name: /orders\.updates/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent).slice(0, 2)).toEqual(['3', '2.5']);
    await user.click(within(row).getByRole('button', { name: 'Tail orders.updates' }));
    const channel = screen.getByRole('textbox', { name: 'Channel or pattern' }) as HTMLInputElement;
    expect(channel.value).toBe('orders.updates');
    await user.clear(channel);
    await user.type(channel, 'orders.*');
    await user.click(screen.getByRole('checkbox', { name: 'Pattern (glob)' }));
    const count = screen.getByRole('spinbutton', { name: 'Subscribers' });
    await user.clear(count);
    await user.type(count, '3');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(bridge.callsOf('broadcast.subscribe')).toEqual([{ channel: 'orders.*', isPattern: true, subscribers: 3 }]);
    expect(within(await screen.findByRole('list', { name: 'Subscriptions' })).getByText('orders.*')).toBeTruthy();
    await waitFor(() => expect(bridge.callsOf('broadcast.channels').length).toBe(2)); // counts refreshed after subscribing
    unmount();
    expect(bridge.callsOf('broadcast.unsubscribe')).toEqual([{ subscriptionId: 'sub-1' }]);
  });

  it('rejects a bad subscriber count inline without calling', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    render(<BroadcastView bridge={bridge} />);
    await user.type(screen.getByRole('textbox', { name: 'Channel or pattern' }), 'x');
    const count = screen.getByRole('spinbutton', { name: 'Subscribers' });
    await user.clear(count);
    await user.type(count, '40');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(within(screen.getByRole('region', { name: 'Subscribe' })).getByRole('alert').textContent).toContain('invalid_args subscribers must be a whole number from 1 to 16');
    expect(bridge.callsOf('broadcast.subscribe')).toEqual([]);
  });

  it('tails messages with per-channel colours, filters, hides a channel, and marks gaps', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    render(<BroadcastView bridge={bridge} />);
    expect(screen.getByText(/Nothing received yet/)).toBeTruthy();
    act(() => bridge.emit('broadcast.messages', { messages: [msg('orders', '{"id":1}'), msg('payments', '{"id":2}'), msg('orders', '{"id":3}')], dropped: 0 }));
    act(() => bridge.emit('broadcast.gap', { subscriptionId: 'sub-1', from: 1_700_000_000_000, to: 1_700_000_002_000, reason: 'connection reset' }));
    const list = screen.getByRole('list', { name: 'Messages' });
    // The tail redraws at most every 200 ms, so the gap that came right after shows a moment later.
    await waitFor(() => expect(within(list).getAllByRole('listitem').length).toBe(4));
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/gap on sub-1.*connection reset/),
      expect.stringContaining('{"id":3}'),
      expect.stringContaining('{"id":2}'),
      expect.stringContaining('{"id":1}'),
    ]);
    const colour = (li: HTMLElement) => (li.firstElementChild as HTMLElement).style.borderLeftColor;
    expect(colour(rows[1])).not.toBe('');
    expect(colour(rows[1])).not.toBe(colour(rows[2]));
    expect(colour(rows[1])).toBe(colour(rows[3]));
    await user.type(screen.getByRole('searchbox', { name: 'Filter' }), '"id":2');
    expect(within(list).getAllByRole('listitem').map((r) => r.textContent)).toEqual([expect.stringMatching(/gap/), expect.stringContaining('{"id":2}')]);
    await user.clear(screen.getByRole('searchbox', { name: 'Filter' }));
    await user.click(screen.getByRole('button', { name: 'Show channel orders' }));
    expect(within(list).getAllByRole('listitem').filter((r) => r.textContent?.includes('orders')).length).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Lanes' }));
    expect(screen.getByRole('region', { name: 'Lane payments' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Lane orders' })).toBeNull();
  });

  it('pause holds new messages until resume', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    render(<BroadcastView bridge={bridge} />);
    act(() => bridge.emit('broadcast.messages', { messages: [msg('orders', '{"id":1}')], dropped: 0 }));
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    act(() => bridge.emit('broadcast.messages', { messages: [msg('orders', '{"id":2}')], dropped: 0 }));
    await act(() => new Promise((r) => setTimeout(r, 300))); // longer than a redraw interval
    expect(within(screen.getByRole('list', { name: 'Messages' })).getAllByRole('listitem').length).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Resume (1 held)' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Messages' })).getAllByRole('listitem')[0].textContent).toContain('{"id":2}'));
  });

  it('publishes with the receiver count, and reports a non-JSON payload without calling', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    render(<BroadcastView bridge={bridge} />);
    const form = screen.getByRole('region', { name: 'Publish to a channel' });
    await user.type(within(form).getByRole('textbox', { name: 'Publish to channel' }), 'orders.updates');
    const payload = within(form).getByRole('textbox', { name: 'Payload (JSON)' });
    await user.clear(payload);
    await user.type(payload, 'not json');
    await user.click(within(form).getByRole('button', { name: 'Publish' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/invalid_args payload is not JSON/);
    expect(bridge.callsOf('publish.broadcast')).toEqual([]);
    await user.clear(payload);
    await user.type(payload, '{{"ok":true}');
    await user.click(within(form).getByRole('button', { name: 'Publish' }));
    expect(bridge.callsOf('publish.broadcast')).toEqual([{ channel: 'orders.updates', json: '{"ok":true}' }]);
    expect((await within(form).findByRole('status')).textContent).toBe('Published to orders.updates: received by 3 subscriber(s).');
  });

  it('shows per message which of the console subscribers got it, beside the one-of-N explanation', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    render(<BroadcastView bridge={bridge} />);
    await user.type(screen.getByRole('textbox', { name: 'Channel or pattern' }), 'orders');
    await user.click(screen.getByRole('button', { name: 'Subscribe' })); // default 2 subscribers
    await screen.findByRole('list', { name: 'Subscriptions' });
    act(() => bridge.emit('broadcast.messages', { messages: [msg('orders', '{"a":1}', 0), msg('orders', '{"a":1}', 1), msg('orders', '{"a":2}', 1)], dropped: 0 }));
    const fanout = screen.getByRole('region', { name: 'Fan-out' });
    expect(fanout.textContent).toMatch(/one instance per group/);
    await within(fanout).findByRole('table');
    const rows = within(within(fanout).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.lastElementChild?.textContent)).toEqual(['1 of 2', '2 of 2']);
    expect(within(rows[0]).getByLabelText('subscriber 1 missed it')).toBeTruthy();
    await waitFor(() => expect(rows[0].className).toBe('ss-partial'));
  });
});
