// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StreamView } from '../../renderer/features/stream';
import { MemoryBridge } from './memoryBridge';
import { entry } from './fixtures';

afterEach(cleanup);

describe('StreamView', () => {
  it('opens on the Entries tab and offers prune behind a dialog that Escape closes', async () => {
    const b = new MemoryBridge().reply('entries.page', { entries: [entry(1)], next: null, scanned: 1 });
    render(<StreamView bridge={b} stream="orders" />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('stream orders');
    expect(screen.getByRole('tab', { name: 'Entries' }).getAttribute('aria-selected')).toBe('true');
    expect(b.callsOf('entries.page')[0]).toMatchObject({ stream: 'orders' });

    await userEvent.click(screen.getByRole('button', { name: 'Prune…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Prune orders' });
    expect(within(dialog).getByRole('button', { name: 'Preview' })).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Prune…' }));
  });

  it('publishes to this stream from a dialog with the target filled in', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [], next: null, scanned: 0 })
      .reply('publish.event', { id: '9-0' })
      .reply('decoders.encode', { decoder: 'json', value: { text: '{}', size: 2 } });
    render(<StreamView bridge={b} stream="orders" />);
    await userEvent.click(screen.getByRole('button', { name: 'Publish to stream…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Publish to orders' });
    expect((within(dialog).getByLabelText('Stream name') as HTMLInputElement).value).toBe('orders');
    await waitFor(() => expect((within(dialog).getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(false));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    expect(b.callsOf('publish.event')[0].stream).toBe('orders');
    expect(within(dialog).getByText('9-0')).toBeTruthy();
  });

  it('an empty stream offers to publish a message to it', async () => {
    const b = new MemoryBridge().reply('entries.page', { entries: [], next: null, scanned: 0 });
    render(<StreamView bridge={b} stream="fresh" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Publish a message' }));
    expect(await screen.findByRole('dialog', { name: 'Publish to fresh' })).toBeTruthy();
  });

  it('opens the join-as-instance panel for this stream', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [], next: null, scanned: 0 })
      .reply('groups.list', [])
      .reply('instances.list', []);
    render(<StreamView bridge={b} stream="orders" />);
    await userEvent.click(screen.getByRole('button', { name: 'Join as instance' }));
    expect(await screen.findByRole('dialog', { name: 'Join orders as an instance' })).toBeTruthy();
  });
});
