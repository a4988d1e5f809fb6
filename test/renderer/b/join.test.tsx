// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HostedInstance } from '../../../shared';
import { JoinInstancePanel } from '../../../renderer/features/join';
import { MemoryBridge } from '../memoryBridge';

afterEach(cleanup);

const hosted = (over: Partial<HostedInstance> = {}): HostedInstance => ({
  id: 'h1', stream: 'orders', group: 'billing', instance: 'billing-1', mode: { kind: 'batched', maxLatencyMs: 200, maxBatchSize: 50 },
  processingDelayMs: 20, failureRate: 0.1, ackMode: 'never', state: 'running', delivered: 0, acked: 0, failed: 0, inFlight: 0, ...over,
});

describe('JoinInstancePanel', () => {
  it('joins with batched settings, delay, failure rate, ack mode and position', async () => {
    const user = userEvent.setup();
    const bridge = new MemoryBridge().reply('instances.join', hosted());
    render(<JoinInstancePanel bridge={bridge} stream="orders" />);
    expect((screen.getByRole('textbox', { name: 'Stream' }) as HTMLInputElement).value).toBe('orders');
    await user.type(screen.getByRole('textbox', { name: 'Service (group)' }), 'billing');
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
        stream: 'orders', group: 'billing', instance: 'billing-1', mode: { kind: 'batched', maxLatencyMs: 200, maxBatchSize: 50 },
        processingDelayMs: 20, failureRate: 0.1, ackMode: 'never', from: '0', claimIdleMs: 5000, maxDeliveries: 3,
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
    await user.type(screen.getByRole('textbox', { name: 'Service (group)' }), 'billing');
    const conc = screen.getByRole('spinbutton', { name: 'Concurrency' });
    await user.clear(conc);
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^Could not join: Concurrency: /);
    await user.type(conc, '4');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(bridge.callsOf('instances.join')[0]).toMatchObject({ mode: { kind: 'immediate', concurrency: 4 }, failureRate: 0, from: '$' });
    expect((await screen.findByRole('alert')).textContent).toBe('Could not join: Redis is not connected: Redis is reconnecting. The console keeps trying; try again once the bar at the top says ready.');
  });

  it('closes through onClose', async () => {
    const onClose = vi.fn();
    render(<JoinInstancePanel bridge={new MemoryBridge()} stream="s" onClose={onClose} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Close panel' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});
