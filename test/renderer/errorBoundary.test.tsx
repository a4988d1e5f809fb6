// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ErrorBoundary } from '../../renderer/components/ErrorBoundary';
import { App } from '../../renderer/App';
import { MemoryBridge } from './memoryBridge';
import { status, streamSummary } from './fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ErrorBoundary', () => {
  it('shows what failed and renders again after Try again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let broken = true;
    function Fragile() {
      if (broken) throw new Error('cannot read lag of undefined');
      return <p>fine now</p>;
    }
    render(
      <ErrorBoundary what="The Flow tab">
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toContain('The Flow tab failed: cannot read lag of undefined');
    broken = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('fine now')).toBeTruthy();
  });
});

describe('overview polling', () => {
  it('polls fast on the overview, slowly elsewhere, and not at all while the window is hidden', async () => {
    vi.useFakeTimers();
    const b = new MemoryBridge()
      .reply('streams.list', { streams: [streamSummary('orders')], cursor: '0' })
      .reply('broadcast.channels', [])
      .reply('connection.status', status())
      .reply('profiles.list', [])
      .reply('demo.status', { running: false, stream: null, channel: null, ratePerSec: 50, services: [], instanceIds: [] })
      .reply('entries.page', { entries: [], next: null, scanned: 0 });
    render(<App bridge={b} />);
    await act(async () => vi.advanceTimersByTimeAsync(10));
    const calls = () => b.callsOf('streams.list').length;
    const first = calls();
    await act(async () => vi.advanceTimersByTimeAsync(2000));
    expect(calls()).toBe(first + 1);

    fireEvent.click(screen.getByRole('button', { name: 'orders' }));
    await act(async () => vi.advanceTimersByTimeAsync(10));
    const onStream = calls();
    await act(async () => vi.advanceTimersByTimeAsync(9000));
    expect(calls()).toBe(onStream);
    await act(async () => vi.advanceTimersByTimeAsync(1000));
    expect(calls()).toBe(onStream + 1);

    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    const hidden = calls();
    await act(async () => vi.advanceTimersByTimeAsync(60_000));
    expect(calls()).toBe(hidden);
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    await act(async () => vi.advanceTimersByTimeAsync(10));
    expect(calls()).toBe(hidden + 1);
  });
});
