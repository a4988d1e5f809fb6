// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, renderHook } from '@testing-library/react';
import { useThrottled } from '../../renderer/state/useThrottled';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useThrottled', () => {
  it('passes the first value, then at most one change per interval, always ending on the latest', async () => {
    vi.useFakeTimers();
    const { result, rerender } = renderHook(({ v }) => useThrottled(v, 250), { initialProps: { v: 0 } });
    expect(result.current).toBe(0);
    await act(async () => vi.advanceTimersByTimeAsync(300));
    rerender({ v: 1 });
    expect(result.current).toBe(1);
    for (let v = 2; v <= 6; v++) {
      rerender({ v });
      await act(async () => vi.advanceTimersByTimeAsync(40));
    }
    expect(result.current).toBe(1);
    await act(async () => vi.advanceTimersByTimeAsync(100));
    expect(result.current).toBe(6);
  });

  it('follows immediately with an interval of 0', () => {
    const { result, rerender } = renderHook(({ v }) => useThrottled(v, 0), { initialProps: { v: 'a' } });
    rerender({ v: 'b' });
    expect(result.current).toBe('b');
  });
});
