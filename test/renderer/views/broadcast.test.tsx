// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BroadcastMessage } from '../../../shared';
import { BroadcastView, createBroadcastStore, foldFanout, SubscriptionsBadge } from '../../../renderer/features/broadcast';
import { cellState, globMatches } from '../../../renderer/features/broadcast/fanout';
import type { FeedItem } from '../../../renderer/features/broadcast/broadcastStore';
import { MemoryBridge } from '../memoryBridge';

afterEach(cleanup);

const payloadAt = (items: readonly FeedItem[], i: number) => {
  const it = items[i];
  return it.kind === 'message' ? it.message.payload : `gap ${it.gap.reason}`;
};

const msg = (channel: string, payload: string, subscriber = 0, over: Partial<BroadcastMessage> = {}): BroadcastMessage => ({
  subscriptionId: 'sub-1',
  subscriber,
  channel,
  pattern: null,
  payload,
  value: JSON.parse(payload),
  receivedAt: 1_700_000_000_000,
  seq: 1,
  ...over,
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
    const stop = store.getState().listen();
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
    expect(rows.map((r) => [r.payload, r.got])).toEqual([
      ['{"x":2}', ['sub-1#0']],
      ['{"x":1}', ['sub-1#0', 'sub-1#2', 'sub-1#1']],
    ]);
    // The same payload again to a subscriber that already has it is a new message.
    expect(foldFanout(rows, [msg('a', '{"x":2}', 0)]).length).toBe(3);
  });

  it('fan-out folds copies across subscriptions of one channel and keeps the earliest arrival', () => {
    const rows = foldFanout(
      [],
      [msg('a', '{}', 0, { receivedAt: 20 }), msg('a', '{}', 0, { subscriptionId: 'sub-2', receivedAt: 10 }), msg('b', '{}', 0)],
    );
    expect(rows.map((r) => [r.channel, r.got, r.receivedAt])).toEqual([
      ['b', ['sub-1#0'], 1_700_000_000_000],
      ['a', ['sub-1#0', 'sub-2#0'], 10],
    ]);
  });

  it('a subscriber whose subscription started after a message arrived elsewhere "joined later"; otherwise it "missed" it', () => {
    const [row] = foldFanout([], [msg('a', '{}', 0, { receivedAt: 1000 })]);
    const sub = (id: string, startedAt: number, over = {}) => ({ id, channel: 'a', isPattern: false, subscribers: 2, startedAt, ...over });
    expect(cellState(row, sub('sub-1', 500), 0)).toBe('got');
    expect(cellState(row, sub('sub-1', 500), 1)).toBe('missed');
    // Same subscription as a receiver: it was live, even if its start time reads later.
    expect(cellState(row, sub('sub-1', 5000), 1)).toBe('missed');
    expect(cellState(row, sub('sub-2', 1001), 0)).toBe('joined-later');
    expect(cellState(row, sub('sub-2', 999), 0)).toBe('missed');
    expect(cellState(row, sub('sub-3', 0, { channel: 'other' }), 0)).toBe('not-covered');
    expect(cellState(row, sub('sub-4', 2000, { channel: '[ab]', isPattern: true }), 0)).toBe('joined-later');
  });

  it('matches channels against Redis glob patterns', () => {
    expect(globMatches('orders.*', 'orders.eu')).toBe(true);
    expect(globMatches('orders.*', 'ordersXeu')).toBe(false);
    expect(globMatches('h?llo', 'hallo')).toBe(true);
    expect(globMatches('h[^e]llo', 'hello')).toBe(false);
    expect(globMatches('h[a-b]llo', 'hbllo')).toBe(true);
    expect(globMatches('a\\*b', 'a*b')).toBe(true);
    expect(globMatches('a\\*b', 'axb')).toBe(false);
  });

  it('records when each subscription started', async () => {
    const bridge = broadcastBridge();
    const store = createBroadcastStore(bridge);
    const before = Date.now();
    await store.getState().subscribe('a', false, 1);
    const [sub] = store.getState().subscriptions;
    expect(sub.startedAt).toBeGreaterThanOrEqual(before);
    expect(sub.startedAt).toBeLessThanOrEqual(Date.now());
  });
});

describe('BroadcastView', () => {
  it('lists channels, tails one with a click, subscribes to a pattern with N subscribers; a view that owns its store unsubscribes on unmount', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    const { unmount } = render(<BroadcastView bridge={bridge} />);
    const row = await screen.findByRole('row', { name: /orders\.updates/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent)
        .slice(0, 2),
    ).toEqual(['3', '2.5']);
    await user.click(within(row).getByRole('button', { name: 'Tail orders.updates' }));
    // Tail tails: one subscriber on exactly that channel, no form to fill in.
    expect(bridge.callsOf('broadcast.subscribe')).toEqual([{ channel: 'orders.updates', isPattern: false, subscribers: 1 }]);
    expect(await within(row).findByText('tailing')).toBeTruthy();
    const channel = screen.getByRole('textbox', { name: 'Channel or pattern' }) as HTMLInputElement;
    expect((screen.getByRole('spinbutton', { name: 'Subscribers' }) as HTMLInputElement).value).toBe('1');
    await user.type(channel, 'orders.*');
    await user.click(screen.getByRole('checkbox', { name: 'Pattern (glob)' }));
    const count = screen.getByRole('spinbutton', { name: 'Subscribers' });
    await user.clear(count);
    await user.type(count, '3');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(bridge.callsOf('broadcast.subscribe')[1]).toEqual({ channel: 'orders.*', isPattern: true, subscribers: 3 });
    const subs = await screen.findByRole('list', { name: 'Subscriptions' });
    await waitFor(() =>
      expect(
        within(subs)
          .getAllByRole('listitem')
          .map((li) => li.querySelector('code')?.textContent),
      ).toEqual(['channel orders.updates', 'pattern orders.*']),
    );
    await waitFor(() => expect(bridge.callsOf('broadcast.channels').length).toBeGreaterThanOrEqual(2)); // counts refreshed after subscribing
    unmount();
    expect(bridge.callsOf('broadcast.unsubscribe')).toEqual([{ subscriptionId: 'sub-1' }, { subscriptionId: 'sub-2' }]);
  });

  it('with the app’s store, subscriptions and the tail outlive the view; the top bar counts them and ends them', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    const store = createBroadcastStore(bridge);
    const stop = store.getState().listen();
    render(<SubscriptionsBadge store={store} />);
    expect(screen.queryByRole('button', { name: /subscription/ })).toBeNull();
    const view = render(<BroadcastView bridge={bridge} store={store} />);
    await user.click(await screen.findByRole('button', { name: 'Tail orders.updates' }));
    await user.type(screen.getByRole('textbox', { name: 'Channel or pattern' }), 'orders.*');
    await user.click(screen.getByRole('checkbox', { name: 'Pattern (glob)' }));
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    act(() =>
      bridge.emit('broadcast.messages', {
        messages: [msg('orders.updates', '{"n":1}', 0, { subscriptionId: 'sub-2', pattern: 'orders.*' })],
        dropped: 0,
      }),
    );
    view.unmount(); // the user goes to another view
    expect(bridge.callsOf('broadcast.unsubscribe')).toEqual([]);
    await user.click(await screen.findByRole('button', { name: '2 subscriptions' }));
    const dialog = screen.getByRole('dialog', { name: 'Broadcast subscriptions' });
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('code')?.textContent),
    ).toEqual(['channel orders.updates', 'pattern orders.*']);

    render(<BroadcastView bridge={bridge} store={store} />); // and comes back: the tail is still there
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Messages' })).getAllByRole('listitem')[0].textContent).toContain(
        'via pattern orders.*',
      ),
    );

    await user.click(within(dialog).getByRole('button', { name: 'End all' }));
    await waitFor(() =>
      expect(bridge.callsOf('broadcast.unsubscribe')).toEqual([{ subscriptionId: 'sub-1' }, { subscriptionId: 'sub-2' }]),
    );
    expect(within(dialog).getByText('No broadcast subscription runs.')).toBeTruthy();
    stop();
  });

  it('starts clean when the console switches to another Redis (its subscribers there are gone)', async () => {
    const bridge = broadcastBridge();
    const store = createBroadcastStore(bridge);
    const stop = store.getState().listen();
    await store.getState().subscribe('orders', false, 1);
    bridge.emit('broadcast.messages', { messages: [msg('orders', '{"n":1}')], dropped: 0 });
    expect(store.getState().feed.items.length).toBe(1);
    bridge.emit('connection.state', { state: 'connecting', url: 'redis://other:6379', embedded: false });
    expect(store.getState().subscriptions).toEqual([]);
    expect(store.getState().feed.items).toEqual([]);
    expect(store.getState().fanout).toEqual([]);
    stop();
    expect(bridge.callsOf('broadcast.unsubscribe')).toEqual([]);
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
    expect(within(screen.getByRole('region', { name: 'Subscribe' })).getByRole('alert').textContent).toContain(
      'Subscribe: Subscribers must be a whole number from 1 to 16.',
    );
    expect(bridge.callsOf('broadcast.subscribe')).toEqual([]);
  });

  it('tails messages with per-channel colours, filters, hides a channel, and marks gaps', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    render(<BroadcastView bridge={bridge} />);
    expect(screen.getByText(/Nothing received yet/)).toBeTruthy();
    act(() =>
      bridge.emit('broadcast.messages', {
        messages: [msg('orders', '{"id":1}'), msg('payments', '{"id":2}'), msg('orders', '{"id":3}')],
        dropped: 0,
      }),
    );
    act(() =>
      bridge.emit('broadcast.gap', { subscriptionId: 'sub-1', from: 1_700_000_000_000, to: 1_700_000_002_000, reason: 'connection reset' }),
    );
    const list = screen.getByRole('list', { name: 'Messages' });
    // The tail redraws at most every 200 ms, so the gap that came right after shows a moment later.
    await waitFor(() => expect(within(list).getAllByRole('listitem').length).toBe(4));
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/gap: nothing received.*connection reset/),
      expect.stringContaining('{"id":3}'),
      expect.stringContaining('{"id":2}'),
      expect.stringContaining('{"id":1}'),
    ]);
    const colour = (li: HTMLElement) => (li.firstElementChild as HTMLElement).style.borderLeftColor;
    expect(colour(rows[1])).not.toBe('');
    expect(colour(rows[1])).not.toBe(colour(rows[2]));
    expect(colour(rows[1])).toBe(colour(rows[3]));
    await user.type(screen.getByRole('searchbox', { name: 'Filter' }), '"id":2');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((r) => r.textContent),
    ).toEqual([expect.stringMatching(/gap/), expect.stringContaining('{"id":2}')]);
    await user.clear(screen.getByRole('searchbox', { name: 'Filter' }));
    await user.click(screen.getByRole('button', { name: 'Show channel orders' }));
    expect(
      within(list)
        .getAllByRole('listitem')
        .filter((r) => r.textContent?.includes('orders')).length,
    ).toBe(0);
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
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Messages' })).getAllByRole('listitem')[0].textContent).toContain('{"id":2}'),
    );
  });

  it('validates the payload live (JSON, size against the 1 MB limit) and publishes with the receiver count', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    render(<BroadcastView bridge={bridge} />);
    const form = screen.getByRole('region', { name: 'Publish to a channel' });
    await user.type(within(form).getByRole('textbox', { name: 'Publish to channel' }), 'orders.updates');
    const payload = within(form).getByRole('textbox', { name: 'Payload (JSON)' });
    const publish = within(form).getByRole('button', { name: 'Publish' }) as HTMLButtonElement;
    const meter = () => document.getElementById(payload.getAttribute('aria-describedby')!)!.textContent;
    expect(meter()).toBe('Valid JSON. 18 B of up to 1 MB');
    await user.clear(payload);
    await user.type(payload, 'not json');
    expect(publish.disabled).toBe(true);
    expect(payload.getAttribute('aria-invalid')).toBe('true');
    expect(meter()).toMatch(/^The payload is not valid JSON: .* 8 B of up to 1 MB$/);
    await user.click(publish);
    expect(bridge.callsOf('publish.broadcast')).toEqual([]);
    fireEvent.change(payload, { target: { value: JSON.stringify({ big: 'x'.repeat(1_000_000) }) } });
    expect(meter()).toBe('The payload is 1,000,010 bytes, over the 1 MB limit (1,000,000 bytes). 1,000,010 B of up to 1 MB');
    expect(publish.disabled).toBe(true);
    await user.clear(payload);
    await user.type(payload, '{{"ok":true}');
    expect(publish.disabled).toBe(false);
    await user.click(publish);
    expect(bridge.callsOf('publish.broadcast')).toEqual([{ channel: 'orders.updates', json: '{"ok":true}' }]);
    expect((await within(form).findByRole('status')).textContent).toBe('Published to orders.updates: received by 3 subscribers.');
    // While the console measures rates its own subscription hears the message too; the count leaves it out and says so.
    bridge.reply('publish.broadcast', { receivers: 2, ownExcluded: 1 });
    await user.click(publish);
    await waitFor(() =>
      expect(within(form).getByRole('status').textContent).toBe(
        "Published to orders.updates: received by 2 subscribers (not counting Streamscope's own rate measurement, which hears every message).",
      ),
    );
  });

  it('shows per message which of the console subscribers got it, beside the one-of-N explanation', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    render(<BroadcastView bridge={bridge} />);
    await user.type(screen.getByRole('textbox', { name: 'Channel or pattern' }), 'orders');
    const two = screen.getByRole('spinbutton', { name: 'Subscribers' });
    await user.clear(two);
    await user.type(two, '2');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    await screen.findByRole('list', { name: 'Subscriptions' });
    act(() =>
      bridge.emit('broadcast.messages', {
        messages: [msg('orders', '{"a":1}', 0), msg('orders', '{"a":1}', 1), msg('orders', '{"a":2}', 1)],
        dropped: 0,
      }),
    );
    const fanout = screen.getByRole('region', { name: 'Fan-out' });
    expect(fanout.textContent).toMatch(/one instance per group/);
    await within(fanout).findByRole('table');
    const rows = within(within(fanout).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.lastElementChild?.textContent)).toEqual(['1 of 2', '2 of 2']);
    expect(within(rows[0]).getByLabelText('channel orders, subscriber 1 of 2 missed it')).toBeTruthy();
    expect(
      within(within(fanout).getByRole('table'))
        .getAllByRole('columnheader')
        .slice(3, 5)
        .map((h) => h.textContent),
    ).toEqual(['channel orders, subscriber 1 of 2', 'channel orders, subscriber 2 of 2']);
    await waitFor(() => expect(rows[0].className).toBe('ss-partial'));
  });

  it('marks a subscriber that subscribed after a message was published as "joined later", not "missed"', async () => {
    const user = userEvent.setup();
    const bridge = broadcastBridge();
    render(<BroadcastView bridge={bridge} />);
    const channelBox = screen.getByRole('textbox', { name: 'Channel or pattern' });
    await user.type(channelBox, 'orders');
    const two = screen.getByRole('spinbutton', { name: 'Subscribers' });
    await user.clear(two);
    await user.type(two, '2');
    await user.click(screen.getByRole('button', { name: 'Subscribe' })); // sub-1, 2 subscribers
    await screen.findByRole('list', { name: 'Subscriptions' });
    const early = Date.now() - 60_000; // published a minute before the second subscription
    act(() =>
      bridge.emit('broadcast.messages', {
        messages: [msg('orders', '{"early":1}', 0, { receivedAt: early }), msg('orders', '{"early":1}', 1, { receivedAt: early })],
        dropped: 0,
      }),
    );
    const count = screen.getByRole('spinbutton', { name: 'Subscribers' });
    await user.clear(count);
    await user.type(count, '1');
    await user.click(screen.getByRole('button', { name: 'Subscribe' })); // sub-2, 1 subscriber, starts now
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Subscriptions' })).getAllByRole('listitem')).toHaveLength(2));
    const later = Date.now() + 1000;
    act(() =>
      bridge.emit('broadcast.messages', {
        messages: [msg('orders', '{"late":1}', 0, { receivedAt: later }), msg('orders', '{"late":1}', 1, { receivedAt: later })],
        dropped: 0,
      }),
    );
    const fanout = screen.getByRole('region', { name: 'Fan-out' });
    await waitFor(() => expect(within(within(fanout).getByRole('table')).getAllByRole('row')).toHaveLength(3));
    const [lateRow, earlyRow] = within(within(fanout).getByRole('table')).getAllByRole('row').slice(1);
    expect(within(earlyRow).getByLabelText('channel orders (2) joined later').textContent).toBe('later');
    expect(earlyRow.lastElementChild?.textContent).toBe('2 of 2 (1 joined later)');
    expect(earlyRow.className).not.toBe('ss-partial');
    expect(within(lateRow).getByLabelText('channel orders (2) missed it').textContent).toBe('✗');
    expect(lateRow.lastElementChild?.textContent).toBe('2 of 3');
  });
});
