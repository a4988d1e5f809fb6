// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { ChartsTab, appendBounded, chartsStoreFor, createChartsStore, seriesOf } from '../../../renderer/features/charts';
import { KEPT_STREAMS } from '../../../renderer/features/charts/chartsStore';
import { MemoryBridge } from '../memoryBridge';
import { flowGroup, flowInstance, snapshot } from './fixtures';

afterEach(cleanup);

const tick = (at: number, lag: number, over: { pending?: number; oldest?: number | null; extra?: boolean } = {}) =>
  snapshot('orders', at, [
    flowGroup('billing', [flowInstance('b-1', 10)], { lag, pending: over.pending ?? 0, oldestPendingMs: over.oldest ?? null }),
    ...(over.extra ? [flowGroup('audit', [flowInstance('a-1', 4)], { lag: 1 })] : []),
  ]);

describe('chart history', () => {
  it('keeps only the time window and the sample cap', () => {
    let h = appendBounded([], [tick(0, 1), tick(1000, 2)], 5000, 100);
    h = appendBounded(h, [tick(7000, 3)], 5000, 100);
    expect(h.map((s) => s.at)).toEqual([7000]);
    const many = Array.from({ length: 50 }, (_, i) => tick(i, i));
    expect(appendBounded([], many, 1e9, 20).map((s) => s.at)).toEqual(many.slice(30).map((s) => s.at));
  });

  it('builds per-group series, with gaps before a group existed and throughput led by produced/s', () => {
    const h = [tick(1000, 5, { oldest: 2500 }), tick(2000, 7, { extra: true })];
    expect(seriesOf(h, 'lag')).toEqual({ x: [1, 2], names: ['billing', 'audit'], ys: [[5, 7], [null, 1]] });
    expect(seriesOf(h, 'oldestPending').ys[0]).toEqual([2.5, 0]);
    const t = seriesOf(h, 'throughput');
    expect(t.names).toEqual(['produced', 'billing delivered', 'audit delivered']);
    expect(t.ys[0]).toEqual([100, 100]);
  });
});

describe('ChartsTab', () => {
  it('watches the stream, adds live ticks to the charts and stops on unmount', async () => {
    const bridge = new MemoryBridge().reply('flow.watch', tick(1000, 5)).reply('flow.unwatch', { stopped: true });
    const { unmount } = render(<ChartsTab bridge={bridge} stream="orders" />);
    expect(bridge.callsOf('flow.watch')).toEqual([{ stream: 'orders' }]);
    await waitFor(() => expect(screen.getByLabelText('Lag per group now').textContent).toBe('billing: 5'));
    act(() => bridge.emit('flow.tick', [tick(2000, 9, { pending: 3, oldest: 61_000 }), snapshot('payments', 2000, [])]));
    expect(screen.getByLabelText('Lag per group now').textContent).toBe('billing: 9');
    expect(screen.getByLabelText('Pending per group now').textContent).toBe('billing: 3');
    expect(screen.getByLabelText('Oldest pending age now').textContent).toBe('billing: 61');
    expect(screen.getByLabelText('Throughput now').textContent).toBe('produced: 100 · billing delivered: 10');
    expect(screen.getByText(/2 sample\(s\)/)).toBeTruthy();
    for (const name of ['Lag per group', 'Pending per group', 'Oldest pending age', 'Throughput']) expect(screen.getByRole('figure', { name })).toBeTruthy();
    unmount();
    expect(bridge.callsOf('flow.unwatch')).toEqual([{ stream: 'orders' }]);
  });

  it('keeps the history across unmount and remount (ticks while another tab watches still count)', async () => {
    const bridge = new MemoryBridge().reply('flow.watch', tick(1000, 5)).reply('flow.unwatch', { stopped: true });
    const first = render(<ChartsTab bridge={bridge} stream="orders" />);
    await waitFor(() => expect(screen.getByText(/1 sample\(s\)/)).toBeTruthy());
    first.unmount();
    act(() => bridge.emit('flow.tick', [tick(2000, 6), tick(3000, 7)]));
    render(<ChartsTab bridge={bridge} stream="orders" />);
    expect(screen.getByText(/3 sample\(s\)/)).toBeTruthy();
    expect(screen.getByLabelText('Lag per group now').textContent).toBe('billing: 7');
  });

  it('keeps histories for a bounded number of streams, dropping the least recently opened', () => {
    const bridge = new MemoryBridge();
    const stores = Array.from({ length: KEPT_STREAMS + 2 }, (_, i) => chartsStoreFor(bridge, `s${i}`));
    expect(bridge.listenerCount('flow.tick')).toBe(KEPT_STREAMS);
    expect(chartsStoreFor(bridge, `s${KEPT_STREAMS + 1}`)).toBe(stores[KEPT_STREAMS + 1]);
    expect(chartsStoreFor(bridge, 's0')).not.toBe(stores[0]);
  });

  it('stays bounded under a long run of ticks', () => {
    const bridge = new MemoryBridge().reply('flow.watch', tick(0, 0)).reply('flow.unwatch', { stopped: true });
    const store = createChartsStore(bridge, 'orders', 60_000, 1000);
    const stop = store.getState().watch();
    for (let i = 1; i <= 300; i++) bridge.emit('flow.tick', Array.from({ length: 10 }, (_, k) => tick(i * 1000 + k * 100, i)));
    expect(store.getState().samples.length).toBeLessThanOrEqual(1000);
    expect(store.getState().samples[0].at).toBeGreaterThanOrEqual(300_900 - 60_000);
    stop();
    store.getState().dispose();
    expect(bridge.listenerCount('flow.tick')).toBe(0);
  });
});
