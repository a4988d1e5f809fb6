// @vitest-environment happy-dom
// Entries of every shape in the Entries tab: several fields in shared columns and a field/value
// table, bytes that are not UTF-8 as hex, a large value's preview loaded in full in chunks, and the
// count of newer entries with "show".
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntriesTab } from '../../renderer/features/entries';
import { fieldColumns } from '../../renderer/state/fieldColumns';
import type { StreamEntry, ValueBytes } from '../../shared';
import { MemoryBridge } from './memoryBridge';
import { entry } from './fixtures';
import { withViewport } from './virtualSize';

withViewport(1000, 480);
afterEach(cleanup);

const text = (t: string): ValueBytes => ({ text: t, size: new TextEncoder().encode(t).length });
const fieldsEntry = (ms: number, fields: Array<[string, ValueBytes]>): StreamEntry => ({
  id: `${ms}-0`,
  timestamp: ms,
  format: 'fields',
  fields: fields.map(([name, value]) => ({ name, value })),
});
const login = (ms: number, user: string) =>
  fieldsEntry(ms, [
    ['user', text(user)],
    ['action', text('login')],
    ['ip', text('10.0.0.1')],
  ]);
const dataRows = () => screen.getAllByRole('row').filter((r) => r.getAttribute('aria-rowindex') !== '1' && r.closest('[role=grid]'));

describe('entries of every shape', () => {
  it('chooses columns from field names shared by at least half of the entries with fields', () => {
    expect(
      fieldColumns([
        login(3, 'a'),
        login(2, 'b'),
        fieldsEntry(1, [
          ['other', text('x')],
          ['user', text('c')],
        ]),
      ]),
    ).toEqual(['user', 'action', 'ip']);
    expect(fieldColumns([entry(2), entry(1)])).toEqual([]);
    expect(fieldColumns([login(1, 'a')])).toEqual([]);
  });

  it('shows entries that share fields in columns, and every field of the selected one', async () => {
    const b = new MemoryBridge().reply('entries.page', {
      entries: [
        login(3, '42'),
        login(2, '7'),
        fieldsEntry(1, [
          ['user', text('9')],
          ['extra', text('yes')],
        ]),
      ],
      next: null,
      scanned: 3,
    });
    render(<EntriesTab bridge={b} stream="audit" />);
    await screen.findByText('3-0');
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['ID', 'Time', 'Format', 'user', 'action', 'ip', 'Other fields']);
    const first = within(dataRows()[0])
      .getAllByRole('gridcell')
      .map((c) => c.textContent);
    expect(first.slice(2)).toEqual(['fields', '42', 'login', '10.0.0.1', '']);
    expect(within(dataRows()[2]).getAllByRole('gridcell').at(-1)!.textContent).toBe('extra=yes');

    await userEvent.click(screen.getByText('3-0'));
    const detail = screen.getByRole('complementary', { name: 'Entry 3-0' });
    const table = within(detail).getByRole('table', { name: 'Fields' });
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['user', 'action', 'ip']);
    expect(within(table).getByLabelText('Value of action').textContent).toBe('login');
    expect(within(detail).queryByLabelText('Entry JSON')).toBeNull();
  });

  it('shows bytes that are not UTF-8 as hex, with copy as hex and base64', async () => {
    const bytes = { base64: Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64'), size: 4 };
    const b = new MemoryBridge().reply('entries.page', {
      entries: [
        fieldsEntry(1, [
          ['blob', bytes],
          ['', text('empty name')],
        ]),
      ],
      next: null,
      scanned: 1,
    });
    render(<EntriesTab bridge={b} stream="bin" />);
    await userEvent.click(await screen.findByText('1-0'));
    const detail = screen.getByRole('complementary', { name: 'Entry 1-0' });
    expect(within(detail).getByLabelText('Value of blob (hex)').textContent).toBe(
      '00000000  ff fe 00 41' + ' '.repeat(36) + '  ..\u0000A'.replace('\u0000', '.'),
    );
    expect(within(detail).getByText(/not UTF-8: shown as hex/)).toBeTruthy();
    expect(within(detail).getByRole('button', { name: 'Copy base64' })).toBeTruthy();
    expect(within(detail).getByText('(empty name)')).toBeTruthy();
    expect(within(dataRows()[0]).getAllByRole('gridcell').at(-1)!.textContent).toBe('blob=0x ff fe 00 41 (empty name)=empty name');
  });

  it('loads a large value in full, chunk by chunk, from its preview', async () => {
    const whole = 'A'.repeat(2_500_000);
    const preview: ValueBytes = { text: whole.slice(0, 65_536), size: whole.length, truncated: true };
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [{ ...fieldsEntry(1, [['payload', preview]]), format: 'raw' }], next: null, scanned: 1 })
      .reply('entries.value', (args) => ({
        offset: args.offset ?? 0,
        size: whole.length,
        chunk: text(whole.slice(args.offset ?? 0, (args.offset ?? 0) + (args.length ?? 0))),
      }));
    render(<EntriesTab bridge={b} stream="big" />);
    await userEvent.click(await screen.findByText('1-0'));
    const detail = screen.getByRole('complementary', { name: 'Entry 1-0' });
    expect(within(detail).getByText(/2\.4 MiB · first 64\.0 KiB shown/)).toBeTruthy();
    expect((within(detail).getByRole('button', { name: 'Copy' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(within(detail).getByRole('button', { name: 'Load full value' }));
    await waitFor(() => expect(within(detail).getByLabelText('Value of payload').textContent!.length).toBe(whole.length));
    expect(b.callsOf('entries.value').map((c) => c.offset)).toEqual([0, 1_048_576, 2_097_152]);
    expect(b.callsOf('entries.value')[0]).toMatchObject({ stream: 'big', id: '1-0', field: 0 });
    expect((within(detail).getByRole('button', { name: 'Copy' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows a value that travelled decoded in the list, and loads its raw bytes only when asked', async () => {
    const raw = '{"order":"A-17",  "amount":150}';
    const decodedOnly = {
      name: 'v',
      value: { text: '', size: raw.length, truncated: true as const },
      decoded: { decoder: 'json', confidence: 0.99, value: { order: 'A-17', amount: 150 } },
      rawLeftOut: true as const,
    };
    const b = new MemoryBridge()
      .reply('entries.page', {
        entries: [{ ...fieldsEntry(1, [['kind', text('order')]]), fields: [{ name: 'kind', value: text('order') }, decodedOnly] }],
        next: null,
        scanned: 1,
      })
      .reply('entries.value', () => ({ offset: 0, size: raw.length, chunk: text(raw) }));
    render(<EntriesTab bridge={b} stream="decoded" />);
    await waitFor(() =>
      expect(within(dataRows()[0]).getAllByRole('gridcell').at(-1)!.textContent).toBe('kind=order v={"order":"A-17","amount":150}'),
    );
    await userEvent.click(screen.getByText('1-0'));
    const detail = screen.getByRole('complementary', { name: 'Entry 1-0' });
    expect(within(detail).getByText('Raw bytes not loaded (UTF-8 text).')).toBeTruthy();
    expect(b.callsOf('entries.value')).toEqual([]);
    await userEvent.click(within(detail).getByRole('button', { name: 'Show raw bytes' }));
    await waitFor(() => expect(within(detail).getByLabelText('Value of v').textContent).toBe(raw));
    expect(b.callsOf('entries.value')[0]).toMatchObject({ stream: 'decoded', id: '1-0', field: 1 });
  });

  it('offers only "Save to file" for a value too large to show, and saves its exact bytes', async () => {
    const size = 20 * 1024 * 1024;
    const preview: ValueBytes = { text: 'x'.repeat(100), size, truncated: true };
    const saved: Blob[] = [];
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => (saved.push(blob), 'blob:saved');
    try {
      const b = new MemoryBridge()
        .reply('entries.page', { entries: [{ ...fieldsEntry(1, [['payload', preview]]), format: 'raw' }], next: null, scanned: 1 })
        .reply('entries.value', (args) => ({
          offset: args.offset ?? 0,
          size,
          chunk: { base64: Buffer.alloc(Math.min(args.length ?? 0, size - (args.offset ?? 0)), 0xff).toString('base64'), size: 0 },
        }));
      render(<EntriesTab bridge={b} stream="huge" />);
      await userEvent.click(await screen.findByText('1-0'));
      const detail = screen.getByRole('complementary', { name: 'Entry 1-0' });
      expect(within(detail).queryByRole('button', { name: 'Load full value' })).toBeNull();
      expect(within(detail).getByText('too large to show here: save it to a file')).toBeTruthy();
      await userEvent.click(within(detail).getByRole('button', { name: 'Save to file' }));
      await waitFor(() => expect(saved).toHaveLength(1));
      expect(saved[0].size).toBe(size);
      expect(new Uint8Array(await saved[0].arrayBuffer()).every((byte) => byte === 0xff)).toBe(true);
      expect(b.callsOf('entries.value')).toHaveLength(20);
    } finally {
      URL.createObjectURL = createObjectURL;
    }
  });

  it('says how many newer entries the list does not show, and shows them on request', async () => {
    let newest = 3;
    const b = new MemoryBridge()
      .reply('entries.page', (args) => {
        if (args.direction === 'forward') return { entries: [entry(4), entry(5)], next: null, scanned: 2 };
        return { entries: [entry(3), entry(2), entry(1)], next: null, scanned: 3 };
      })
      .reply('entries.newer', (args) => ({
        count: newest > Number(args.after.split('-')[0]) ? newest - Number(args.after.split('-')[0]) : 0,
        atLeast: false,
        newestId: null,
      }));
    render(<EntriesTab bridge={b} stream="s" />);
    await screen.findByText('3-0');
    expect(b.callsOf('entries.newer')).toEqual([{ stream: 's', after: '3-0' }]);
    expect(screen.queryByText(/newer entr/)).toBeNull();
    newest = 5;
    await waitFor(() => expect(screen.getByText(/2 newer entries in the stream/)).toBeTruthy(), { timeout: 7000 });
    await userEvent.click(screen.getByRole('button', { name: 'show' }));
    await screen.findByText('5-0');
    expect(b.callsOf('entries.page').at(-1)).toMatchObject({ direction: 'forward', from: '3-0' });
    expect(dataRows().map((r) => within(r).getAllByRole('gridcell')[0].textContent)).toEqual(['5-0', '4-0', '3-0', '2-0', '1-0']);
    await waitFor(() => expect(screen.queryByText(/newer entr/)).toBeNull());
  }, 15_000);
});
