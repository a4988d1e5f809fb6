// @vitest-environment happy-dom
// The filter scan's id range and time range: checked in the form (format, start ≤ end) with the
// wrong bound named, and sent to filters.start only when valid.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FilterScan } from '../../renderer/features/entries/FilterScan';
import { parseScanRange } from '../../renderer/features/entries/scanRange';
import type { FilterJob } from '../../shared/decoding';
import { MemoryBridge } from './memoryBridge';

afterEach(cleanup);

const done: FilterJob = {
  jobId: 'j1',
  state: 'done',
  stream: 'orders',
  expression: 'true',
  scanned: 2,
  matched: 0,
  failed: 0,
  elapsedMs: 5,
  lastId: null,
  stoppedBy: 'end',
  maxEntries: 1_000_000,
  maxMs: 30_000,
  maxMatches: 500,
};

describe('parseScanRange', () => {
  it('leaves blank bounds open and reads ids, epoch ms and date-times', () => {
    expect(parseScanRange({ startId: '', endId: '', fromTime: '', toTime: '' })).toEqual({ range: {} });
    expect(parseScanRange({ startId: '5', endId: '5-3', fromTime: '1000', toTime: '1970-01-01T00:00:02Z' })).toEqual({
      range: { start: '5', end: '5-3', fromMs: 1000, toMs: 2000 },
    });
  });

  it('names the bound that is wrong', () => {
    expect(parseScanRange({ startId: 'abc', endId: '', fromTime: '', toTime: '' })).toEqual({
      error: 'Start id "abc" is not a stream id like 1700000000000-0 (or 1700000000000).',
    });
    expect(parseScanRange({ startId: '9-1', endId: '9-0', fromTime: '', toTime: '' })).toEqual({
      error: 'Start id 9-1 comes after end id 9-0.',
    });
    // A bare ms as the end covers every sequence of that millisecond.
    expect(parseScanRange({ startId: '9-1', endId: '9', fromTime: '', toTime: '' })).toEqual({ range: { start: '9-1', end: '9' } });
    expect(parseScanRange({ startId: '', endId: '', fromTime: 'yesterday', toTime: '' })).toHaveProperty(
      'error',
      expect.stringContaining('From time: “yesterday” is not a time'),
    );
    expect(parseScanRange({ startId: '', endId: '', fromTime: '3000', toTime: '2000' })).toEqual({
      error: 'From time 3000 comes after to time 2000.',
    });
  });
});

describe('FilterScan range inputs', () => {
  it('refuses an end before the start in words and sends a valid range with the scan', async () => {
    const b = new MemoryBridge()
      .reply('filters.list', [])
      .reply('filters.start', done)
      .reply('filters.results', { job: done, entries: [] });
    render(<FilterScan bridge={b} stream="orders" />);
    await userEvent.type(screen.getByLabelText('Filter expression (CEL)'), 'true');
    await userEvent.type(screen.getByLabelText('Start id'), '200-0');
    await userEvent.type(screen.getByLabelText('End id'), '100-0');
    expect(screen.getByRole('alert').textContent).toBe('Start id 200-0 comes after end id 100-0.');
    expect((screen.getByRole('button', { name: 'Scan' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.clear(screen.getByLabelText('End id'));
    await userEvent.type(screen.getByLabelText('End id'), '300');
    await userEvent.type(screen.getByLabelText('From time'), '150');
    await userEvent.type(screen.getByLabelText('To time'), '1970-01-01T00:00:00.250Z');
    expect(screen.queryByRole('alert')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Scan' }));
    await waitFor(() => expect(b.callsOf('filters.start')).toHaveLength(1));
    expect(b.callsOf('filters.start')[0]).toEqual({
      stream: 'orders',
      expression: 'true',
      start: '200-0',
      end: '300',
      fromMs: 150,
      toMs: 250,
    });
  });
});
