// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import type { FlowHistory, FlowSnapshot, Reply } from '../../../shared';
import type { WebSocketBridgeState } from '../../../shared/ws-bridge';
import { ChartsTab, appendBounded, chartsStoreFor, createChartsStore, seriesOf } from '../../../renderer/features/charts';
import { lagProvenance } from '../../../renderer/features/charts/history';
import { formatClock } from '../../../renderer/state/format';
import { groupColours, PALETTE, preferredSlot, PRODUCED_COLOUR } from '../../../renderer/features/charts/palette';
import { KEPT_STREAMS } from '../../../renderer/features/charts/chartsStore';
import { MemoryBridge } from '../memoryBridge';
import { flowGroup, flowInstance, snapshot } from './fixtures';

afterEach(cleanup);

const tick = (at: number, lag: number, over: { pending?: number; oldest?: number | null; extra?: boolean } = {}) =>
  snapshot('orders', at, [
    flowGroup('billing', [flowInstance('b-1', 10)], { lag, pending: over.pending ?? 0, oldestPendingMs: over.oldest ?? null }),
    ...(over.extra ? [flowGroup('audit', [flowInstance('a-1', 4)], { lag: 1 })] : []),
  ]);

const kept = (samples: FlowSnapshot[]): FlowHistory => ({
  stream: 'orders',
  windowMs: 600_000,
  backgroundEveryMs: 5_000,
  backgroundCommandsPerSec: 0.6,
  samples,
});
const never = <T,>() => new Promise<Reply<T>>(() => undefined);

describe('chart history', () => {
  it('keeps only the time window and the sample cap', () => {
    let h = appendBounded([], [tick(0, 1), tick(1000, 2)], 5000, 100);
    h = appendBounded(h, [tick(7000, 3)], 5000, 100);
    expect(h.map((s) => s.at)).toEqual([7000]);
    const many = Array.from({ length: 50 }, (_, i) => tick(i, i));
    expect(appendBounded([], many, 1e9, 20).map((s) => s.at)).toEqual(many.slice(30).map((s) => s.at));
  });

  it('merges an overlapping, older batch by time, one sample per instant', () => {
    const live = [tick(5000, 5), tick(6000, 6)];
    const fromConsole = [tick(2000, 2), tick(3000, 3), { ...tick(5000, 50) }];
    const merged = appendBounded(live, fromConsole, 1e9, 100);
    expect(merged.map((s) => s.at)).toEqual([2000, 3000, 5000, 6000]);
    expect(merged[2]).toBe(live[0]); // the sample already kept wins
    expect(appendBounded(merged, [tick(3000, 3)], 1e9, 100)).toBe(merged);
  });

  it('says how lag Redis did not report was known, group by group, and nothing when Redis reported it all', () => {
    const reported = [tick(1000, 5), tick(2000, 7)];
    expect(lagProvenance(reported)).toBeNull();
    const mixed = [
      snapshot('orders', 1000, [
        flowGroup('billing', [], { lag: 5, lagSource: 'computed' }),
        flowGroup('audit', [], { lag: 2, lagSource: 'redis' }),
      ]),
      snapshot('orders', 2000, [
        flowGroup('billing', [], { lag: null, lagSource: 'unknown' }),
        flowGroup('audit', [], { lag: 100_000, lagSource: 'at-least' }),
      ]),
    ];
    expect(lagProvenance(mixed)).toBe(
      'Lag Redis did not report — billing: counted by the console; unknown at times (gaps in the line) · audit: at least the line (counting stopped at its limit).',
    );
  });

  it('builds per-group series, with gaps before a group existed and throughput led by produced/s', () => {
    const h = [tick(1000, 5, { oldest: 2500 }), tick(2000, 7, { extra: true })];
    expect(seriesOf(h, 'lag')).toEqual({
      x: [1, 2],
      names: ['billing', 'audit'],
      colours: groupColours(['billing', 'audit']),
      ys: [
        [5, 7],
        [null, 1],
      ],
    });
    expect(seriesOf(h, 'oldestPending').ys[0]).toEqual([2.5, 0]);
    const t = seriesOf(h, 'throughput');
    expect(t.names).toEqual(['produced', 'billing delivered', 'audit delivered']);
    // A group's line has its colour in every chart: throughput's "billing delivered" is lag's "billing".
    expect(t.colours).toEqual([PRODUCED_COLOUR, ...groupColours(['billing', 'audit'])]);
    expect(t.ys[0]).toEqual([100, 100]);
  });
});

describe('group colours', () => {
  it('gives groups shown together distinct colours, even when their names share a preferred one', () => {
    // These names hash to the same palette slot: billing with ledger, search with invoices and fraud.
    expect(preferredSlot('ledger')).toBe(preferredSlot('billing'));
    expect(preferredSlot('invoices')).toBe(preferredSlot('search'));
    expect(preferredSlot('fraud')).toBe(preferredSlot('search'));
    const names = ['billing', 'ledger', 'search', 'invoices', 'fraud', 'audit', 'email', 'shipping'];
    const colours = groupColours(names);
    expect(new Set(colours).size).toBe(names.length);
    // The first to appear keeps its own colour; one appearing later never changes an earlier one's.
    expect(colours[0]).toBe(PALETTE[preferredSlot('billing')]);
    expect(groupColours(names.slice(0, 3))).toEqual(colours.slice(0, 3));
    // A ninth group has no free colour left, so it reuses its preferred one.
    expect(groupColours([...names, 'payments'])[8]).toBe(PALETTE[preferredSlot('payments')]);
  });

  it('draws colliding groups apart in every chart, each chart and its legend agreeing', () => {
    const h = [snapshot('orders', 1000, [flowGroup('billing', [], { lag: 1 }), flowGroup('ledger', [], { lag: 2 })])];
    const lag = seriesOf(h, 'lag');
    expect(lag.names).toEqual(['billing', 'ledger']);
    expect(lag.colours[0]).not.toBe(lag.colours[1]);
    expect(seriesOf(h, 'pending').colours).toEqual(lag.colours);
    expect(seriesOf(h, 'throughput').colours).toEqual([PRODUCED_COLOUR, ...lag.colours]);
  });
});

describe('ChartsTab', () => {
  it('watches the stream, adds live ticks to the charts and stops on unmount', async () => {
    const bridge = new MemoryBridge()
      .reply('flow.watch', tick(1000, 5))
      .reply('flow.unwatch', { stopped: true })
      .reply('flow.history', kept([]));
    const { unmount } = render(<ChartsTab bridge={bridge} stream="orders" />);
    expect(bridge.callsOf('flow.watch')).toEqual([{ stream: 'orders' }]);
    await waitFor(() => expect(screen.getByLabelText('Lag per group now').textContent).toBe('billing: 5'));
    act(() => bridge.emit('flow.tick', [tick(2000, 9, { pending: 3, oldest: 61_000 }), snapshot('payments', 2000, [])]));
    expect(screen.getByLabelText('Lag per group now').textContent).toBe('billing: 9');
    expect(screen.getByLabelText('Pending per group now').textContent).toBe('billing: 3');
    expect(screen.getByLabelText('Oldest pending age now').textContent).toBe('billing: 61');
    expect(screen.getByLabelText('Throughput now').textContent).toBe('produced: 100 · billing delivered: 10');
    expect(screen.getByText(/2 sample\(s\)/)).toBeTruthy();
    for (const name of ['Lag per group', 'Pending per group', 'Oldest pending age', 'Throughput'])
      expect(screen.getByRole('figure', { name })).toBeTruthy();
    unmount();
    expect(bridge.callsOf('flow.unwatch')).toEqual([{ stream: 'orders' }]);
  });

  it('keeps the history across unmount and remount (ticks while another tab watches still count)', async () => {
    const bridge = new MemoryBridge()
      .reply('flow.watch', tick(1000, 5))
      .reply('flow.unwatch', { stopped: true })
      .reply('flow.history', kept([]));
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
    const bridge = new MemoryBridge()
      .reply('flow.watch', tick(0, 0))
      .reply('flow.unwatch', { stopped: true })
      .reply('flow.history', kept([]));
    const store = createChartsStore(bridge, 'orders', 60_000, 1000);
    const stop = store.getState().watch();
    for (let i = 1; i <= 300; i++)
      bridge.emit(
        'flow.tick',
        Array.from({ length: 10 }, (_, k) => tick(i * 1000 + k * 100, i)),
      );
    expect(store.getState().samples.length).toBeLessThanOrEqual(1000);
    expect(store.getState().samples[0].at).toBeGreaterThanOrEqual(300_900 - 60_000);
    stop();
    store.getState().dispose();
    expect(bridge.listenerCount('flow.tick')).toBe(0);
  });

  it('shows the history the console kept before any live tick, then adds ticks without duplicates', async () => {
    const t0 = new Date(2026, 10, 27, 13, 2, 30).getTime();
    const bridge = new MemoryBridge()
      .handle('flow.watch', never) // no live snapshot yet: what shows comes from flow.history
      .reply('flow.history', kept([tick(t0, 4), tick(t0 + 5000, 6, { pending: 2 }), tick(t0 + 10_000, 8, { pending: 3 })]))
      .reply('flow.unwatch', { stopped: true });
    render(<ChartsTab bridge={bridge} stream="orders" />);
    expect(bridge.callsOf('flow.history')).toEqual([{ stream: 'orders' }]);
    await waitFor(() => expect(screen.getByLabelText('Lag per group now').textContent).toBe('billing: 8'));
    expect(screen.getByLabelText('Pending per group now').textContent).toBe('billing: 3');
    const note = screen.getByLabelText('Chart history').textContent ?? '';
    expect(note).toContain(`History since ${formatClock(t0, 'min')}, kept by the console for 10 min · 3 sample(s)`);
    expect(formatClock(t0, 'min')).toBe('13:02');
    expect(note).toContain('the console samples it every 5 s (about 0.6 Redis commands/s)');

    act(() => bridge.emit('flow.tick', [tick(t0 + 10_000, 8, { pending: 3 }), tick(t0 + 11_000, 9)]));
    expect(screen.getByLabelText('Lag per group now').textContent).toBe('billing: 9');
    expect(screen.getByText(/4 sample\(s\)/)).toBeTruthy();
  });

  it('merges a history that answers after live ticks into time order', async () => {
    let answer: (r: Reply<FlowHistory>) => void = () => undefined;
    const bridge = new MemoryBridge()
      .reply('flow.watch', tick(20_000, 20))
      .handle('flow.history', () => new Promise<Reply<FlowHistory>>((resolve) => (answer = resolve)))
      .reply('flow.unwatch', { stopped: true });
    const store = createChartsStore(bridge, 'orders');
    const stop = store.getState().watch();
    await waitFor(() => expect(store.getState().samples.map((s) => s.at)).toEqual([20_000]));
    bridge.emit('flow.tick', [tick(21_000, 21)]);
    answer({ ok: true, value: kept([tick(10_000, 10), tick(15_000, 15), tick(20_000, 20)]) });
    await waitFor(() => expect(store.getState().samples.map((s) => s.at)).toEqual([10_000, 15_000, 20_000, 21_000]));
    expect(store.getState().kept).toMatchObject({ windowMs: 600_000 });
    stop();
    store.getState().dispose();
  });

  it('says a connection switch cleared the history, and watches again once the new Redis is ready', async () => {
    const bridge = new MemoryBridge()
      .reply('flow.watch', tick(1000, 5))
      .reply('flow.unwatch', { stopped: true })
      .reply('flow.history', kept([tick(500, 4)]));
    render(<ChartsTab bridge={bridge} stream="orders" />);
    await waitFor(() => expect(screen.getByText(/2 sample\(s\)/)).toBeTruthy());
    act(() => bridge.emit('connection.state', { state: 'connecting', url: 'redis://10.0.0.9:6379', embedded: false }));
    expect(screen.getByText(/0 sample\(s\)/)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(
      /^Connection switched to redis:\/\/10\.0\.0\.9:6379 at \d\d:\d\d: a switch clears the history/,
    );
    expect(screen.getByLabelText('Lag per group now').textContent).toBe('no data yet');

    bridge.reply('flow.watch', tick(9000, 1)).reply('flow.history', kept([tick(9000, 1)]));
    act(() => bridge.emit('connection.state', { state: 'ready', url: 'redis://10.0.0.9:6379', embedded: false }));
    await waitFor(() => expect(bridge.callsOf('flow.watch')).toHaveLength(2));
    expect(bridge.callsOf('flow.history')).toHaveLength(2);
    await waitFor(() => expect(screen.getByLabelText('Lag per group now').textContent).toBe('billing: 1'));
    expect(screen.getByText(/1 sample\(s\)/)).toBeTruthy();
    // A Redis blip (reconnecting → ready) keeps the console's history: nothing to do.
    act(() =>
      bridge.emit('connection.state', { state: 'reconnecting', url: 'redis://10.0.0.9:6379', embedded: false, reason: 'ECONNRESET' }),
    );
    act(() => bridge.emit('connection.state', { state: 'ready', url: 'redis://10.0.0.9:6379', embedded: false }));
    await new Promise((r) => setTimeout(r, 10)); // an observation window: a re-watch would have been sent by now
    expect(bridge.callsOf('flow.watch')).toHaveLength(2);
    expect(screen.getByText(/1 sample\(s\)/)).toBeTruthy();
  });

  it('watches again and reloads the history when a dropped web-mode socket comes back', async () => {
    const bridge = new DroppingBridge()
      .reply('flow.watch', tick(1000, 5))
      .reply('flow.unwatch', { stopped: true })
      .reply('flow.history', kept([]));
    render(<ChartsTab bridge={bridge} stream="orders" />);
    await waitFor(() => expect(screen.getByText(/1 sample\(s\)/)).toBeTruthy());
    // While the socket was down the console sampled the stream in the background.
    bridge
      .reply('flow.watch', tick(30_000, 9))
      .reply('flow.history', kept([tick(1000, 5), tick(10_000, 6), tick(20_000, 7), tick(30_000, 9)]));
    act(() => bridge.setState('connecting'));
    act(() => bridge.setState('open'));
    await waitFor(() => expect(screen.getByText(/4 sample\(s\)/)).toBeTruthy());
    expect(bridge.callsOf('flow.watch')).toHaveLength(2);
    expect(screen.getByLabelText('Lag per group now').textContent).toBe('billing: 9');
  });
});

/** A MemoryBridge whose socket can drop and come back, like web mode's (shared/ws-bridge.ts). */
class DroppingBridge extends MemoryBridge {
  private current: WebSocketBridgeState = 'open';
  private readonly stateListeners = new Set<(state: WebSocketBridgeState) => void>();
  state = () => this.current;
  onState = (listener: (state: WebSocketBridgeState) => void) => {
    this.stateListeners.add(listener);
    return () => void this.stateListeners.delete(listener);
  };
  setState(state: WebSocketBridgeState) {
    this.current = state;
    for (const l of this.stateListeners) l(state);
  }
}
