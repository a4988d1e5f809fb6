// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import type { MembershipEvent } from '../../../shared';
import { FlowTab, createFlowStore, layoutFlow } from '../../../renderer/features/flow';
import { TIMELINE_CAPACITY } from '../../../renderer/features/flow/flowStore';
import { MemoryBridge } from '../memoryBridge';
import { flowGroup, flowInstance, snapshot } from './fixtures';

afterEach(cleanup);

const member = (at: number, instance: string, kind: MembershipEvent['kind'], stream = 'orders'): MembershipEvent => ({
  at,
  stream,
  group: 'billing',
  instance,
  kind,
});

function flowBridge() {
  return new MemoryBridge()
    .reply('flow.watch', snapshot('orders', 1, [flowGroup('billing', [flowInstance('b-1', 5)])]))
    .reply('flow.unwatch', { stopped: true })
    .reply('flow.timeline', [member(10, 'b-1', 'joined')]);
}

describe('flow layout', () => {
  it('makes edges wider for higher rates and marks an instance that gets nothing while siblings do', () => {
    const l = layoutFlow(
      snapshot('orders', 1, [flowGroup('billing', [flowInstance('fast', 90), flowInstance('slow', 10), flowInstance('idle', 0)])]),
    );
    const edge = (k: string) => l.edges.find((e) => e.key === k)!;
    expect(edge('e:billing/fast').width).toBeGreaterThan(edge('e:billing/slow').width);
    expect(edge('e:billing/slow').width).toBeGreaterThan(edge('e:billing/idle').width);
    expect(l.nodes.filter((n) => n.dark).map((n) => n.label)).toEqual(['idle']);
  });
});

describe('flow store', () => {
  it('keeps the timeline bounded and newest first, ignoring other streams', async () => {
    const bridge = flowBridge();
    const store = createFlowStore(bridge);
    const stop = store.getState().start('orders');
    await waitFor(() => expect(store.getState().timeline.items.length).toBe(1));
    const batch = Array.from({ length: TIMELINE_CAPACITY + 20 }, (_, i) => member(100 + i, `x${i}`, 'joined'));
    bridge.emit('membership.changed', [...batch, member(5000, 'other', 'left', 'payments')]);
    const t = store.getState().timeline;
    expect(t.items.length).toBe(TIMELINE_CAPACITY);
    expect(t.items[0].instance).toBe(`x${TIMELINE_CAPACITY + 19}`);
    expect(t.items.some((e) => e.stream === 'payments')).toBe(false);
    stop();
    expect(bridge.listenerCount('membership.changed')).toBe(0);
  });
});

describe('FlowTab', () => {
  it('watches on mount, draws live ticks with msgs/s per edge, greys a dark instance, unwatches on unmount', async () => {
    const bridge = flowBridge();
    const { unmount, container } = render(<FlowTab bridge={bridge} stream="orders" />);
    expect(bridge.callsOf('flow.watch')).toEqual([{ stream: 'orders' }]);
    await screen.findByRole('group', { name: /Delivery flow of orders/ });
    act(() =>
      bridge.emit('flow.tick', [
        snapshot('orders', 2, [flowGroup('billing', [flowInstance('b-1', 40), flowInstance('b-2', 0, { presence: 'stale' })])]),
        snapshot('payments', 2, []),
      ]),
    );
    const img = screen.getByRole('group', { name: /Delivery flow of orders/ });
    expect(img.getAttribute('aria-label')).toContain('not receiving: b-2');
    expect(screen.getByRole('status', { name: 'Instances not receiving' }).textContent).toContain('billing/b-2 (stale)');
    const edge = container.querySelector('[data-edge="e:billing/b-1"]')!;
    expect(edge.textContent).toContain('40.0 msgs/s');
    const darkNode = container.querySelector('[data-node="i:billing/b-2"]')!;
    expect(darkNode.getAttribute('class')).toContain('dark');
    expect(container.querySelector('[data-node="i:billing/b-1"]')!.getAttribute('class')).not.toContain('dark');
    unmount();
    expect(bridge.callsOf('flow.unwatch')).toEqual([{ stream: 'orders' }]);
    expect(bridge.listenerCount('flow.tick')).toBe(0);
  });

  it('shows the membership timeline, adding pushed events on top', async () => {
    const bridge = flowBridge();
    render(<FlowTab bridge={bridge} stream="orders" />);
    const timeline = screen.getByRole('region', { name: 'Membership timeline' });
    await waitFor(() => expect(within(timeline).getAllByRole('listitem').length).toBe(1));
    act(() => bridge.emit('membership.changed', [member(20, 'b-1', 'crashed')]));
    const items = within(timeline)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items[0]).toMatch(/crashed billing\/b-1/);
    expect(items[1]).toMatch(/joined billing\/b-1/);
  });

  it('shows the watch error in words, and says what to do when nothing reads the stream', async () => {
    const failing = new MemoryBridge()
      .fail('flow.watch', 'not_found', 'no stream orders')
      .reply('flow.timeline', [])
      .reply('flow.unwatch', { stopped: true });
    render(<FlowTab bridge={failing} stream="orders" />);
    expect((await screen.findByRole('alert')).textContent).toContain('Could not watch the stream: No stream orders.');
    cleanup();
    const empty = new MemoryBridge()
      .reply('flow.watch', snapshot('orders', 1, []))
      .reply('flow.timeline', [])
      .reply('flow.unwatch', { stopped: true });
    render(<FlowTab bridge={empty} stream="orders" />);
    expect((await screen.findByText(/Nothing reads orders yet/)).textContent).toMatch(/start the demo/);
  });
});
