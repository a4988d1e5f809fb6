// @vitest-environment happy-dom
// The Export/Import dialog over a real console on the real Redis (direct bridge): a download
// carries the stream's NDJSON, a dry run lists bad lines by number and writes nothing, an import
// writes the file's entries, and "copy as redis-cli" copies the line for the entry's bytes.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createConsole, type ConsoleService } from '../../electron/console';
import { createDirectBridge } from '../../electron/transport/direct';
import type { Bridge } from '../../shared';
import { redisCliXadd } from '../../shared/redis-cli';
import { CopyRedisCliButton, TransferDialog } from '../../renderer/features/transfer';
import { StreamView } from '../../renderer/features/stream';
import { connectShared, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { MemoryBridge } from './memoryBridge';

const redis = connectShared();
const streams: string[] = [];
let service: ConsoleService;
let bridge: Bridge;

beforeAll(async () => {
  service = await createConsole({ redis: SHARED_REDIS_URL });
  bridge = createDirectBridge(service);
});
afterEach(cleanup);
afterAll(async () => {
  await service.close();
  if (streams.length) await redis.del(...streams);
  redis.disconnect();
});

const stream = async (prefix: string) => {
  const name = uniqueName(prefix);
  streams.push(name);
  return name;
};

describe('TransferDialog', () => {
  it('downloads the whole stream as NDJSON and says how many entries it holds', async () => {
    const name = await stream('ui-export');
    await redis.xadd(name, '1-1', 'msg', '{"a":1}');
    await redis.xaddBuffer(name, '2-1', 'bin', Buffer.from([0xff, 0x00]));
    const downloads: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (downloads.push(blob as Blob), 'blob:export'));
    try {
      render(<TransferDialog bridge={bridge} stream={name} onClose={() => {}} />);
      const pane = screen.getByRole('region', { name: 'Export' });
      await waitFor(() => expect((within(pane).getByRole('button', { name: 'Download' }) as HTMLButtonElement).disabled).toBe(false));
      await userEvent.click(within(pane).getByRole('button', { name: 'Download' }));
      await waitFor(() => expect(downloads).toHaveLength(1));
      const expected =
        '{"id":"1-1","fields":[{"name":"msg","value":{"text":"{\\"a\\":1}","size":7}}]}\n{"id":"2-1","fields":[{"name":"bin","value":{"base64":"/wA=","size":2}}]}\n';
      expect(await downloads[0].text()).toBe(expected);
      expect(within(pane).getByRole('status').textContent).toBe(`Exported 2 of 2 entries (${expected.length} bytes)`);
      expect(within(pane).getByRole('progressbar', { name: 'Export progress' }).getAttribute('aria-valuenow')).toBe('2');
    } finally {
      create.mockRestore();
    }
  });

  it('says what is wrong with a selection before exporting', async () => {
    const name = await stream('ui-export-bad');
    render(<TransferDialog bridge={bridge} stream={name} onClose={() => {}} />);
    await userEvent.click(screen.getByRole('radio', { name: 'A time range' }));
    await userEvent.type(screen.getByLabelText('From time'), 'soon');
    expect(screen.getByRole('alert').textContent).toContain('From: “soon” is not a time');
    expect((screen.getByRole('button', { name: 'Download' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('dry-runs a file (bad lines by number, nothing written), then imports it with its ids', async () => {
    const name = await stream('ui-import');
    const bad = new File(['{"id":"5-0","fields":[{"name":"a","value":{"text":"x"}}]}\n{"id":"6-0"}\n'], 'bad.ndjson');
    render(<TransferDialog bridge={bridge} stream={name} onClose={() => {}} initialPane="import" />);
    const pane = screen.getByRole('region', { name: 'Import' });
    await userEvent.upload(within(pane).getByLabelText('NDJSON file'), bad);
    await userEvent.click(within(pane).getByRole('radio', { name: /Keep each entry’s id/ }));
    await userEvent.click(within(pane).getByRole('button', { name: 'Dry run' }));
    const report = await within(pane).findByRole('region', { name: 'Dry run report' });
    await waitFor(() =>
      expect(within(report).getByRole('status').textContent).toBe(
        `Would write 1 entries (1 fields, 1 value bytes) to ${name}, ids 5-0 to 5-0; 2 lines read`,
      ),
    );
    expect(
      within(report)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['LineProblem', '2fields: Invalid input: expected array, received undefined']);
    expect(await redis.exists(name)).toBe(0);

    const good = new File(
      ['{"id":"5-0","fields":[{"name":"a","value":{"text":"x"}}]}\n{"id":"6-0","fields":[{"name":"b","value":{"base64":"/w=="}}]}\n'],
      'good.ndjson',
    );
    await userEvent.upload(within(pane).getByLabelText('NDJSON file'), good);
    await userEvent.click(within(pane).getByRole('button', { name: 'Import' }));
    const done = await within(pane).findByRole('region', { name: 'Import report' });
    await waitFor(() =>
      expect(within(done).getByRole('status').textContent).toBe(
        `Wrote 2 entries (2 fields, 2 value bytes) to ${name}, ids 5-0 to 6-0; 2 lines read`,
      ),
    );
    const entries = await redis.xrangeBuffer(name, '-', '+');
    expect(entries.map(([id, f]) => [id.toString(), f.map((x) => x.toString('hex'))])).toEqual([
      ['5-0', ['61', '78']],
      ['6-0', ['62', 'ff']],
    ]);
  });

  it('copies an entry as a redis-cli command built from its exact bytes', async () => {
    const name = await stream('ui-copy');
    await redis.xaddBuffer(name, '3-1', 'msg', Buffer.from([0x22, 0xff]));
    const copied: string[] = [];
    render(
      <CopyRedisCliButton bridge={bridge} stream={name} id="3-1" clipboard={{ writeText: async (t: string) => void copied.push(t) }} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Copy as redis-cli' }));
    await screen.findByText('Copied');
    expect(copied).toEqual([redisCliXadd(name, '*', [{ name: 'msg', value: { base64: 'Iv8=', size: 2 } }])]);
    expect(copied[0]).toBe(`redis-cli --quoted-input XADD ${name} '"*"' msg '"\\"\\xff"'`);
  });
});

describe('StreamView', () => {
  it('opens the Export/Import dialog from the header', async () => {
    const b = new MemoryBridge()
      .reply('entries.page', { entries: [], next: null, scanned: 0 })
      .reply('transfer.limits', { saveToFile: true, chunkBytes: 524288, maxLineBytes: 33554432, idleTimeoutMs: 120000, maxRunning: 8 });
    render(<StreamView bridge={b} stream="orders" />);
    await userEvent.click(screen.getByRole('button', { name: 'Export / import…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export or import orders' });
    // The desktop app saves through its own dialog instead of a browser download.
    expect(await within(dialog).findByRole('button', { name: 'Save to file…' })).toBeTruthy();
  });
});
