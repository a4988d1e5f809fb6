// The Coalescer every live feed uses: batches by size or after the interval, never per item,
// and loses nothing on close; LatestByKey keeps only the newest value per key.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer, LatestByKey } from '../../electron/console/coalescer';

// Fake timers: the interval is the behaviour under test, so time is advanced, not waited for.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Coalescer', () => {
  it('pushes full batches at once and the remainder after the interval', () => {
    const batches: number[][] = [];
    const c = new Coalescer<number>({ flush: (items) => batches.push(items), intervalMs: 30, maxItems: 100 });
    for (let i = 0; i < 250; i++) c.push(i);
    expect(batches.map((b) => b.length)).toEqual([100, 100]);
    vi.advanceTimersByTime(29);
    expect(batches).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('a trickle becomes one push per interval, not one per item', () => {
    const batches: number[][] = [];
    const c = new Coalescer<number>({ flush: (items) => batches.push(items), intervalMs: 50, maxItems: 1000 });
    for (let i = 0; i < 20; i++) {
      c.push(i);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(50);
    expect(batches.flat()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // 20 items, one every 5 ms, with a 50 ms interval: two pushes.
    expect(batches.map((b) => b.length)).toEqual([10, 10]);
  });

  it('flushes what is buffered on close and ignores pushes after it', () => {
    const batches: string[][] = [];
    const c = new Coalescer<string>({ flush: (items) => batches.push(items), intervalMs: 10_000 });
    c.push('a');
    c.push('b');
    c.close();
    c.push('late');
    expect(batches).toEqual([['a', 'b']]);
  });
});

describe('LatestByKey', () => {
  it('keeps the newest value per key and pushes them together', () => {
    const pushes: number[][] = [];
    const l = new LatestByKey<string, number>((values) => pushes.push(values), 20);
    l.set('job-1', 1);
    l.set('job-1', 2);
    l.set('job-2', 10);
    vi.advanceTimersByTime(19);
    expect(pushes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(pushes).toEqual([[2, 10]]);
  });
});
