// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DemoButton } from '../../renderer/features/demo';
import { createDemoStore } from '../../renderer/features/demo/demoStore';
import type { DemoStatus } from '../../shared';
import { MemoryBridge } from './memoryBridge';

afterEach(cleanup);

const stopped: DemoStatus = { running: false, stream: null, channel: null, ratePerSec: 50, services: [], instanceIds: [] };
const running: DemoStatus = {
  running: true,
  stream: 'demo.orders',
  channel: 'demo.news',
  ratePerSec: 50,
  services: ['billing', 'shipping'],
  instanceIds: ['a', 'b', 'c'],
};

describe('DemoButton', () => {
  it('starts the demo and then offers to stop it, confirming before removal', async () => {
    const b = new MemoryBridge().reply('demo.status', stopped).reply('demo.start', running).reply('demo.stop', stopped);
    render(<DemoButton store={createDemoStore(b)} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Start demo' }));
    expect(b.callsOf('demo.start')).toEqual([{}]);

    await userEvent.click(await screen.findByRole('button', { name: 'Stop demo' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Stop the demo?' });
    expect(confirm.textContent).toContain('demo.orders');
    expect(b.callsOf('demo.stop')).toEqual([]);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Stop and remove demo' }));
    expect(b.callsOf('demo.stop')).toEqual([{}]);
    expect(await screen.findByRole('button', { name: 'Start demo' })).toBeTruthy();
  });

  it('follows demo.changed pushed by another window and shows start errors in words', async () => {
    const b = new MemoryBridge().reply('demo.status', stopped).fail('demo.start', 'not_connected', 'Redis is reconnecting');
    render(<DemoButton store={createDemoStore(b)} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Start demo' }));
    expect(screen.getByRole('alert').textContent).toContain('Redis is not connected');
    expect(screen.getByRole('alert').textContent).toContain('Redis is reconnecting');
    act(() => b.emit('demo.changed', running));
    expect(screen.getByRole('button', { name: 'Stop demo' })).toBeTruthy();
  });
});
