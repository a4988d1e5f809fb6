// What the host decides for transfers: the desktop app's save dialog (a chooser the console asks
// for a path) and the idle timeout that stops a job nobody reads from or writes to.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsoleService } from '../../electron/console';
import { createDirectBridge } from '../../electron/transport/direct';
import type { TransferJob } from '../../shared/dto';
import { connectShared, uniqueName } from '../helpers/redis';
import { eventually, sharedConsole, value } from './support';

const redis = connectShared();
const dir = mkdtempSync(join(tmpdir(), 'streamscope-save-'));
const consoles: ConsoleService[] = [];
const streams: string[] = [];

afterAll(async () => {
  await Promise.all(consoles.map((c) => c.close()));
  if (streams.length) await redis.del(...streams);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

async function withStream(): Promise<string> {
  const stream = uniqueName('transfer-options');
  streams.push(stream);
  await redis.xadd(stream, '1-1', 'msg', '{"a":1}');
  await redis.xadd(stream, '2-1', 'msg', '{"a":2}');
  return stream;
}

describe('transfer options', () => {
  it('saves an export where the chooser says, and reports a cancelled choice', async () => {
    const asked: string[] = [];
    let answer: string | null = join(dir, 'out.ndjson');
    const service = await sharedConsole({ transfer: { chooseSavePath: async (name) => (asked.push(name), answer) } });
    consoles.push(service);
    const bridge = createDirectBridge(service);
    const stream = await withStream();
    expect(value(await bridge.invoke('transfer.limits', {})).saveToFile).toBe(true);
    const job = value(
      await bridge.invoke('transfer.export', {
        stream,
        selection: { kind: 'range', start: '-', end: '+' },
        format: 'raw',
        destination: 'file',
      }),
    );
    const ended = await eventually(
      async () => value(await bridge.invoke('transfer.jobs', {})).find((j) => j.jobId === job.jobId && j.state !== 'running'),
      10_000,
      'the save to end',
    );
    expect(ended).toMatchObject({ state: 'done', entries: 2, savedTo: join(dir, 'out.ndjson') });
    expect(asked).toEqual([`${stream}.txt`]);
    expect(readFileSync(join(dir, 'out.ndjson'), 'utf8')).toBe('{"a":1}\n{"a":2}\n');

    answer = null;
    const declined = value(await bridge.invoke('transfer.export', { stream, selection: { kind: 'last', count: 1 }, destination: 'file' }));
    const gone = await eventually(
      async () => value(await bridge.invoke('transfer.jobs', {})).find((j) => j.jobId === declined.jobId && j.state !== 'running'),
      10_000,
      'the declined save to end',
    );
    expect(gone).toMatchObject({ state: 'cancelled', error: 'no file was chosen', entries: 0 });
  });

  it('refuses a file destination without a chooser', async () => {
    const service = await sharedConsole();
    consoles.push(service);
    const stream = await withStream();
    const reply = await createDirectBridge(service).invoke('transfer.export', {
      stream,
      selection: { kind: 'last', count: 1 },
      destination: 'file',
    });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid_args', message: 'destination "file" is offered by the desktop app only; read the export with transfer.read' },
    });
  });

  it('stops an export nobody reads and an import nobody feeds once the idle time passes', async () => {
    const service = await sharedConsole({ transfer: { idleTimeoutMs: 300 } });
    consoles.push(service);
    const bridge = createDirectBridge(service);
    const stream = await withStream();
    const exported = value(await bridge.invoke('transfer.export', { stream, selection: { kind: 'last', count: 1 }, follow: true }));
    const imported = value(await bridge.invoke('transfer.import', { stream: uniqueName('transfer-idle') }));
    const ended = (id: string) => async () =>
      value(await bridge.invoke('transfer.jobs', {})).find((j: TransferJob) => j.jobId === id && j.state !== 'running');
    expect(await eventually(ended(exported.jobId), 10_000, 'the idle export to stop')).toMatchObject({
      state: 'cancelled',
      error: 'nothing read from this job for 0.3 s, so it was stopped',
    });
    expect(await eventually(ended(imported.jobId), 10_000, 'the idle import to stop')).toMatchObject({
      state: 'cancelled',
      error: 'nothing written to this job for 0.3 s, so it was stopped',
    });
  });
});
