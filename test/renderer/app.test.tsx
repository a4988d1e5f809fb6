// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/App';
import { MemoryBridge } from './memoryBridge';
import { streamSummary } from './fixtures';

afterEach(cleanup);

function bridgeWithStreams(names: string[]): MemoryBridge {
  return new MemoryBridge()
    .reply('streams.list', { streams: names.map((n) => streamSummary(n)), cursor: '0' })
    .reply('broadcast.channels', [])
    .reply('connection.status', { state: 'ready', url: 'redis://127.0.0.1:6379', embedded: false })
    .reply('profiles.list', [])
    .reply('demo.status', { running: false, stream: null, channel: null, ratePerSec: 50, services: [], instanceIds: [] })
    .reply('entries.page', { entries: [], next: null, scanned: 0 });
}

describe('App shell', () => {
  it('lists every stream in the navigation and opens a stream with its tabs', async () => {
    const bridge = bridgeWithStreams(['orders', 'audit.ns']);
    render(<App bridge={bridge} />);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    await within(nav).findByRole('button', { name: 'orders' });
    expect(within(nav).getByRole('button', { name: 'audit.ns' })).toBeTruthy();

    await userEvent.click(within(nav).getByRole('button', { name: 'orders' }));
    const tabs = await screen.findByRole('tablist', { name: 'Stream views' });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map((t) => t.textContent),
    ).toEqual(['Entries', 'Groups', 'Instances', 'Flow', 'Pending', 'Charts']);
    expect(within(nav).getByRole('button', { name: 'orders' }).getAttribute('aria-current')).toBe('page');
  });

  it('starts from a clean slate when the console switches to another Redis: no old streams, back to the Overview, the demo button follows', async () => {
    const bridge = bridgeWithStreams(['orders']).reply('demo.status', {
      running: true,
      stream: 'demo-x',
      channel: 'demo-y',
      ratePerSec: 50,
      services: [],
      instanceIds: [],
    });
    render(<App bridge={bridge} />);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    await userEvent.click(await within(nav).findByRole('button', { name: 'orders' }));
    await screen.findByRole('tablist', { name: 'Stream views' });
    expect(await screen.findByRole('button', { name: 'Stop demo' })).toBeTruthy();

    // The new Redis does not answer yet: nothing of the old one may show under its URL.
    bridge.fail('streams.list', 'not_connected', 'Redis is not connected (reconnecting: connect ECONNREFUSED 10.0.0.9:6379)');
    bridge.fail('broadcast.channels', 'not_connected', 'Redis is not connected');
    act(() => bridge.emit('connection.state', { state: 'connecting', url: 'redis://10.0.0.9:6379', embedded: false }));
    act(() => bridge.emit('demo.changed', { running: false, stream: null, channel: null, ratePerSec: 50, services: [], instanceIds: [] }));
    expect(within(nav).queryByRole('button', { name: 'orders' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Overview' })).toBeTruthy();
    expect(screen.queryByRole('tablist', { name: 'Stream views' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Start demo' })).toBeTruthy();
    await userEvent.click(within(screen.getByRole('region', { name: 'Overview' })).getByRole('button', { name: 'Refresh' }));
    expect(within(nav).queryByRole('button', { name: 'orders' })).toBeNull();
  });

  it('filters a long stream list in the navigation', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `svc-${i}`).concat('orders');
    render(<App bridge={bridgeWithStreams(names)} />);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    await within(nav).findByRole('button', { name: 'orders' });
    await userEvent.type(within(nav).getByLabelText('Filter the stream list'), 'ORD');
    expect(
      within(within(nav).getByRole('list'))
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['orders']);
  });

  it('moves between stream tabs with the arrow keys', async () => {
    const bridge = bridgeWithStreams(['orders']);
    render(<App bridge={bridge} />);
    await userEvent.click(await screen.findByRole('button', { name: 'orders' }));
    const entries = await screen.findByRole('tab', { name: 'Entries' });
    entries.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Groups' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Groups' }));
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Charts' }).getAttribute('aria-selected')).toBe('true');
  });
});
