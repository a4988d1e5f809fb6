// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SUBSCRIPTION_DEFAULTS, type HostedInstance } from '../../../shared';
import { SUBSCRIBE_DEFAULTS } from '../../../electron/engine';
import { JoinInstancePanel } from '../../../renderer/features/join';
import { MemoryBridge } from '../memoryBridge';

afterEach(cleanup);

const hosted = (over: Partial<HostedInstance> = {}): HostedInstance => ({
  id: 'h1',
  stream: 'orders',
  group: 'billing',
  instance: 'billing-1',
  mode: { kind: 'batched', maxLatencyMs: 200, maxBatchSize: 50 },
  processingDelayMs: 20,
  failureRate: 0.1,
  ackMode: 'never',
  state: 'running',
  delivered: 0,
  acked: 0,
  failed: 0,
  inFlight: 0,
  ...over,
});

describe('JoinInstancePanel', () => {
  it('joins with batched settings, delay, failure rate, ack mode and position', async () => {
    const user = userEvent.setup();
    const bridge = new MemoryBridge().reply('instances.join', hosted()).reply('groups.list', []);
    render(<JoinInstancePanel bridge={bridge} stream="orders" />);
    expect((screen.getByRole('textbox', { name: 'Stream' }) as HTMLInputElement).value).toBe('orders');
    await user.type(screen.getByRole('textbox', { name: 'New group name' }), 'billing');
    await user.type(screen.getByRole('textbox', { name: 'Instance name' }), 'billing-1');
    await user.click(screen.getByRole('radio', { name: 'Batched' }));
    const latency = screen.getByRole('spinbutton', { name: 'Max latency (ms)' });
    await user.clear(latency);
    await user.type(latency, '200');
    const size = screen.getByRole('spinbutton', { name: 'Max batch size' });
    await user.clear(size);
    await user.type(size, '50');
    const delay = screen.getByRole('spinbutton', { name: 'Processing delay (ms)' });
    await user.clear(delay);
    await user.type(delay, '20');
    const fail = screen.getByRole('spinbutton', { name: 'Failure rate (%)' });
    await user.clear(fail);
    await user.type(fail, '10');
    await user.selectOptions(screen.getByRole('combobox', { name: /Ack mode/ }), 'never');
    await user.selectOptions(screen.getByRole('combobox', { name: /Start from/ }), '0');
    await user.type(screen.getByRole('spinbutton', { name: 'Claim entries idle over (ms)' }), '5000');
    await user.type(screen.getByRole('spinbutton', { name: 'Dead-letter after deliveries' }), '3');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(bridge.callsOf('instances.join')).toEqual([
      {
        stream: 'orders',
        group: 'billing',
        instance: 'billing-1',
        mode: { kind: 'batched', maxLatencyMs: 200, maxBatchSize: 50 },
        processingDelayMs: 20,
        failureRate: 0.1,
        ackMode: 'never',
        from: '0',
        claimIdleMs: 5000,
        maxDeliveries: 3,
      },
    ]);
    expect((await screen.findByRole('status')).textContent).toBe('Joined billing as billing-1 (batched).');
  });

  it('names the bad field inline and does not call; shows the contract error after a call', async () => {
    const user = userEvent.setup();
    const bridge = new MemoryBridge().fail('instances.join', 'not_connected', 'Redis is reconnecting');
    render(<JoinInstancePanel bridge={bridge} />);
    await user.type(screen.getByRole('textbox', { name: 'Stream' }), 'orders');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(screen.getByRole('alert').textContent).toBe('Could not join: The group must not be empty.');
    expect(bridge.callsOf('instances.join')).toEqual([]);
    await user.type(screen.getByRole('textbox', { name: 'New group name' }), 'billing');
    const conc = screen.getByRole('spinbutton', { name: 'Concurrency' });
    await user.clear(conc);
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^Could not join: Concurrency: /);
    await user.type(conc, '4');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(bridge.callsOf('instances.join')[0]).toMatchObject({ mode: { kind: 'immediate', concurrency: 4 }, failureRate: 0, from: '$' });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not join: Redis is not connected: Redis is reconnecting. The console keeps trying; try again once the bar at the top says ready.',
    );
  });

  it('offers the stream’s groups (or a new one) and shows the actual defaults of blank settings', async () => {
    const user = userEvent.setup();
    const bridge = new MemoryBridge()
      .reply('groups.list', [{ name: 'billing' }, { name: 'shipping' }] as never)
      .reply('instances.join', hosted({ group: 'shipping' }));
    render(<JoinInstancePanel bridge={bridge} stream="orders" embedded />);
    const group = screen.getByRole('combobox', { name: 'Service (group)' }) as HTMLSelectElement;
    await waitFor(() => expect(group.value).toBe('billing'));
    expect(Array.from(group.options).map((o) => o.textContent)).toEqual(['billing', 'shipping', 'New group…']);
    expect(screen.queryByRole('textbox', { name: 'New group name' })).toBeNull();
    expect(screen.getByRole('spinbutton', { name: 'Claim entries idle over (ms)' }).getAttribute('placeholder')).toBe(
      '30,000 ms (default)',
    );
    expect(screen.getByRole('spinbutton', { name: 'Dead-letter after deliveries' }).getAttribute('placeholder')).toBe('5 (default)');
    // What is shown is what the engine does with a blank field.
    expect(SUBSCRIPTION_DEFAULTS).toEqual({ claimIdleMs: SUBSCRIBE_DEFAULTS.claimIdleMs, maxDeliveries: SUBSCRIBE_DEFAULTS.maxDeliveries });
    // Inside a dialog it has no title or close button of its own.
    expect(screen.queryByRole('heading')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close panel' })).toBeNull();
    await user.selectOptions(group, 'shipping');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(bridge.callsOf('instances.join')[0]).toMatchObject({ stream: 'orders', group: 'shipping' });
    expect(bridge.callsOf('instances.join')[0]).not.toHaveProperty('claimIdleMs');
    await user.selectOptions(group, 'New group…');
    await user.type(screen.getByRole('textbox', { name: 'New group name' }), 'audit');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(bridge.callsOf('instances.join')[1]).toMatchObject({ group: 'audit' });
  });

  it('closes through onClose', async () => {
    const onClose = vi.fn();
    render(<JoinInstancePanel bridge={new MemoryBridge()} stream="s" onClose={onClose} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Close panel' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});
