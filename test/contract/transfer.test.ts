// Export and import of stream entries over every bridge, against the real Redis: the NDJSON round
// trip keeps every byte (non-UTF-8 names and values, empty values, duplicate and many fields, 1 MB
// values), selections, CSV and raw, the dry run's report, progress and cancel.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob, ImportJob, TransferSelection } from '../../shared/dto';
import type { Bridge } from '../../shared/bridge';
import { feedImport, readExport } from '../../shared/transfer-client';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { collect, eventually, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

type Fields = Buffer[];
const b = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s) : s);

/** Entries that exercise every byte-keeping rule of the format. */
function awkwardEntries(): Fields[] {
  const many: Fields = [];
  for (let i = 0; i < 200; i++) many.push(b(`f${i}`), b(`v${i}`));
  return [
    [b('msg'), b('{"type":"hello","n":1}')],
    [b('bin'), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a, 0x0d])],
    [b('empty'), b(''), b(''), b('empty name')],
    [b('dup'), b('1'), b('dup'), b('2')],
    [Buffer.from([0x6e, 0xff, 0x6d]), b('name not UTF-8'), b('bom'), b('\ufeffstarts with a BOM')],
    [b('text'), b('line\r\nbreaks, "quotes", \\ and é ✓ 🎉')],
    many,
    [b('big-text'), b('x'.repeat(1024 * 1024))],
    [b('big-binary'), randomBytes(1024 * 1024)],
  ];
}

async function fill(stream: string, entries: Fields[]): Promise<void> {
  created.push(stream);
  for (const fields of entries) await redis.xaddBuffer(stream, '*', ...fields);
}

/** The stream's entries with every byte, as base64 (deep equality over 1 MB Buffers is slow). */
const contents = async (stream: string) =>
  (await redis.xrangeBuffer(stream, '-', '+')).map(([id, fields]) => [id.toString(), fields.map((f) => f.toString('base64'))] as const);

async function exportAll(
  bridge: Bridge,
  stream: string,
  selection: TransferSelection,
  format: 'ndjson' | 'csv' | 'raw' = 'ndjson',
  extra: { limit?: number } = {},
) {
  const job = value(await bridge.invoke('transfer.export', { stream, selection, format, ...extra }));
  const parts: Buffer[] = [];
  const ended = await readExport(bridge, job.jobId, (bytes) => parts.push(Buffer.from(bytes)));
  return { job: ended, bytes: Buffer.concat(parts) };
}

async function importAll(
  bridge: Bridge,
  stream: string,
  input: Buffer | string,
  args: { ids?: 'keep' | 'new'; dryRun?: boolean; ratePerSec?: number } = {},
): Promise<ImportJob> {
  const job = value(await bridge.invoke('transfer.import', { stream, ...args }));
  // Odd chunk sizes, so lines and UTF-8 sequences are cut between writes.
  const data = b(input);
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += 77_777) chunks.push(data.subarray(at, at + 77_777));
  return feedImport(bridge, job.jobId, chunks);
}

describe.each(BRIDGE_KINDS)('transfer over %s', (kind) => {
  let bu: BridgeUnderTest;
  beforeAll(async () => {
    bu = await openBridge(kind, fixture.service);
  });
  afterAll(async () => bu.close());

  it('exports NDJSON and imports it back byte for byte, ids kept or new', async () => {
    const source = uniqueName(`transfer-src-${kind}`);
    const copy = uniqueName(`transfer-copy-${kind}`);
    const renewed = uniqueName(`transfer-new-${kind}`);
    created.push(copy, renewed);
    await fill(source, awkwardEntries());

    const exported = await exportAll(bu.bridge, source, { kind: 'range', start: '-', end: '+' });
    expect(exported.job).toMatchObject({ state: 'done', entries: 9, total: 9, missing: 0 });
    expect(exported.job.bytes).toBe(exported.bytes.length);
    const lines = exported.bytes.toString('utf8').split('\n');
    expect(lines).toHaveLength(10); // nine lines and the empty rest after the last newline
    expect(JSON.parse(lines[1])).toMatchObject({
      fields: [{ name: 'bin', value: { base64: Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a, 0x0d]).toString('base64'), size: 6 } }],
    });

    const kept = await importAll(bu.bridge, copy, exported.bytes, { ids: 'keep' });
    expect(kept).toMatchObject({ state: 'done', entries: 9, invalid: 0, lines: 9, targetLastId: null });
    expect(await contents(copy)).toEqual(await contents(source));

    const fresh = await importAll(bu.bridge, renewed, exported.bytes);
    expect(fresh).toMatchObject({ state: 'done', entries: 9 });
    expect((await contents(renewed)).map(([, f]) => f)).toEqual((await contents(source)).map(([, f]) => f));
  });
});

describe('transfer (direct)', () => {
  let bu: BridgeUnderTest;
  beforeAll(async () => {
    bu = await openBridge('direct', fixture.service);
  });
  afterAll(async () => bu.close());

  it('selects by ids (counting missing ones), id range, time range, last N and a limit', async () => {
    const stream = uniqueName('transfer-select');
    created.push(stream);
    for (let i = 1; i <= 9; i++) await redis.xadd(stream, `${i * 1000}-${i}`, 'n', String(i));
    const ids = async (selection: TransferSelection, limit?: number) => {
      const { job, bytes } = await exportAll(bu.bridge, stream, selection, 'ndjson', limit ? { limit } : {});
      return {
        job,
        ids: bytes
          .toString()
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as { id: string }).id),
      };
    };
    const listed = await ids({ kind: 'ids', ids: ['3000-3', '1-1', '5000-5'] });
    expect(listed.ids).toEqual(['3000-3', '5000-5']);
    expect(listed.job).toMatchObject({ missing: 1, total: 3, entries: 2 });
    expect((await ids({ kind: 'range', start: '2000-2', end: '4000-4' })).ids).toEqual(['2000-2', '3000-3', '4000-4']);
    const byTime = await ids({ kind: 'time', fromMs: 6000, toMs: 7000 });
    expect(byTime.ids).toEqual(['6000-6', '7000-7']);
    expect(byTime.job.total).toBeNull(); // a time range's size is not known until it is read
    expect((await ids({ kind: 'last', count: 3 })).ids).toEqual(['7000-7', '8000-8', '9000-9']);
    expect((await ids({ kind: 'range', start: '-', end: '+' }, 4)).ids).toEqual(['1000-1', '2000-2', '3000-3', '4000-4']);
  });

  it('writes CSV with quoting and binary as base64:, and refuses entries with other fields, naming them', async () => {
    const stream = uniqueName('transfer-csv');
    created.push(stream);
    await redis.xadd(stream, '1-1', 'a', 'plain', 'b', 'has, comma and "quotes"\nand a line');
    await redis.xaddBuffer(stream, '2-1', 'b', Buffer.from([0xff, 0x01]), 'a', 'reordered');
    const { job, bytes } = await exportAll(bu.bridge, stream, { kind: 'range', start: '-', end: '+' }, 'csv');
    expect(job).toMatchObject({ state: 'done', binaryValues: 1 });
    expect(bytes.toString()).toBe('id,a,b\r\n1-1,plain,"has, comma and ""quotes""\nand a line"\r\n2-1,reordered,base64:/wE=\r\n');

    await redis.xadd(stream, '3-1', 'a', 'x', 'c', 'y');
    const failed = await exportAll(bu.bridge, stream, { kind: 'range', start: '-', end: '+' }, 'csv');
    expect(failed.job.state).toBe('failed');
    expect(failed.job.error).toBe(
      'entry 3-1 has the fields [a, c] but the CSV columns (from the first entry) are [a, b]: export it as NDJSON',
    );
  });

  it('writes raw values one per line for single-field streams, and refuses an entry with more fields', async () => {
    const stream = uniqueName('transfer-raw');
    created.push(stream);
    await redis.xadd(stream, '1-1', 'msg', '{"a":1}');
    await redis.xaddBuffer(stream, '2-1', 'msg', Buffer.from([0xc3, 0x28]));
    const { job, bytes } = await exportAll(bu.bridge, stream, { kind: 'range', start: '-', end: '+' }, 'raw');
    expect(job.state).toBe('done');
    expect(bytes).toEqual(Buffer.concat([Buffer.from('{"a":1}\n'), Buffer.from([0xc3, 0x28, 0x0a])]));
    await redis.xadd(stream, '3-1', 'a', '1', 'b', '2');
    const failed = await exportAll(bu.bridge, stream, { kind: 'range', start: '-', end: '+' }, 'raw');
    expect(failed.job.error).toBe(
      'entry 3-1 has 2 fields; raw export writes one value per entry (single-field streams): export it as NDJSON',
    );
  });

  it('dry-runs an import: every line checked, problems named by line number, nothing written', async () => {
    const target = uniqueName('transfer-dry');
    created.push(target);
    await redis.xadd(target, '5-0', 'existing', '1');
    const input = [
      '{"id":"6-0","fields":[{"name":"a","value":{"text":"ok","size":2}}]}',
      '',
      'not json',
      '{"id":"7-0","fields":[]}',
      '{"id":"8-0","fields":[{"name":"a","value":{"base64":"!!"}}]}',
      '{"id":"9-0","fields":[{"name":"a","value":{"text":"abc","size":4}}]}',
      '{"id":"4-0","fields":[{"name":"a","value":{"text":"too old"}}]}',
      '{"id":"10-0","fields":[{"name":"a","value":{"text":"x","truncated":true}}]}',
      '{"id":"11-0","fields":[{"name":"a","value":{"text":"fine"}},{"name":"b","value":{"base64":"/w=="}}],"extra":1}',
      '{"id":"12-0","fields":[{"name":"a","value":{"text":"last"}}]}',
    ].join('\r\n');
    const job = await importAll(bu.bridge, target, input, { ids: 'keep', dryRun: true });
    expect(job).toMatchObject({
      state: 'done',
      dryRun: true,
      lines: 10,
      entries: 2,
      invalid: 7,
      fields: 2,
      valueBytes: 6,
      firstId: '6-0',
      lastId: '12-0',
      targetLastId: '5-0',
    });
    expect(job.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const byLine = Object.fromEntries(job.problems.map((p) => [p.line, p.message]));
    expect(byLine[3]).toMatch(/^not JSON \(/);
    expect(byLine[4]).toBe('fields: must hold at least one field (Redis entries have one or more)');
    expect(byLine[5]).toBe('fields.0.value.base64: must be base64 (A–Z a–z 0–9 + /, padded with =)');
    expect(byLine[6]).toBe('fields.0.value: size says 4 bytes but it carries 3');
    expect(byLine[7]).toBe('id 4-0 is not greater than 6-0 (the id on line 1); ids must grow');
    expect(byLine[8]).toBe('fields.0.value: carries only the first bytes of the value (truncated), so it cannot be written');
    expect(byLine[9]).toMatch(/^the line: Unrecognized key: "extra"/);
    expect(await redis.xlen(target)).toBe(1);
  });

  it('stops a real import at the first bad line, naming it and what was written before it', async () => {
    const target = uniqueName('transfer-stop');
    created.push(target);
    const good = (n: number) => JSON.stringify({ fields: [{ name: 'n', value: { text: String(n) } }] });
    const job = await importAll(bu.bridge, target, [good(1), good(2), '{"fields":[{"name":"n"}]}', good(4)].join('\n'));
    expect(job.state).toBe('failed');
    expect(job.error).toBe('line 3: fields.0.value: Invalid input: expected object, received undefined; 2 entries were written before it');
    expect((await redis.xrange(target, '-', '+')).map(([, f]) => f)).toEqual([
      ['n', '1'],
      ['n', '2'],
    ]);

    const kept = uniqueName('transfer-refused');
    created.push(kept);
    await redis.xadd(kept, '100-0', 'a', '1');
    const refused = await importAll(bu.bridge, kept, '{"id":"50-0","fields":[{"name":"a","value":{"text":"x"}}]}\n', { ids: 'keep' });
    expect(refused.error).toBe(
      "line 1: id 50-0 is not greater than 100-0 (the stream's last id); ids must grow; 0 entries were written before it",
    );
  });

  it('imports at a rate with progress events, and cancels', async () => {
    const target = uniqueName('transfer-rate');
    created.push(target);
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ fields: [{ name: 'n', value: { text: String(i) } }] })).join('\n');
    const started = Date.now();
    const progress = collect(bu.bridge, 'transfer.progress', (all) => all.some((j) => j.stream === target && j.state === 'done'));
    const job = await importAll(bu.bridge, target, lines, { ratePerSec: 100 });
    expect(job).toMatchObject({ state: 'done', entries: 40, ratePerSec: 100 });
    // 40 at 100/s: the 40th may go 390 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect((await progress.done).filter((j) => j.stream === target).at(-1)).toMatchObject({ state: 'done', entries: 40 });

    const slow = value(await bu.bridge.invoke('transfer.import', { stream: target, ratePerSec: 2 }));
    const writing = bu.bridge.invoke('transfer.write', { jobId: slow.jobId, data: { text: lines }, end: true });
    await eventually(async () => (await redis.xlen(target)) > 40, 10_000, 'the slow import wrote one entry');
    const cancelled = value(await bu.bridge.invoke('transfer.cancel', { jobId: slow.jobId }));
    expect(cancelled.state).toBe('cancelled');
    expect(value(await writing).state).toBe('cancelled');
    expect(await redis.xlen(target)).toBeLessThan(80);
  });

  it('keeps an export bounded ahead of a reader that does not read, and cancels it', async () => {
    const stream = uniqueName('transfer-bounded');
    created.push(stream);
    const mb = randomBytes(1024 * 1024);
    const pipeline = redis.pipeline();
    for (let i = 0; i < 48; i++) pipeline.xaddBuffer(stream, '*', 'v', mb);
    await pipeline.exec();
    const job = value(await bu.bridge.invoke('transfer.export', { stream, selection: { kind: 'range', start: '-', end: '+' } }));
    const stalled = await eventually(
      async () => {
        const first = value(await bu.bridge.invoke('transfer.jobs', {})).find((j) => j.jobId === job.jobId) as ExportJob;
        await new Promise((r) => setTimeout(r, 300));
        const second = value(await bu.bridge.invoke('transfer.jobs', {})).find((j) => j.jobId === job.jobId) as ExportJob;
        return first.bytes > 0 && first.bytes === second.bytes ? second : null;
      },
      15_000,
      'the export to stop producing while nobody reads',
    );
    // 48 MB of values (64 MB as NDJSON): the export waits with a few MB produced, not all of it.
    expect(stalled.entries).toBeLessThan(48);
    expect(stalled.bytes).toBeLessThan(16 * 1024 * 1024);
    const cancelled = value(await bu.bridge.invoke('transfer.cancel', { jobId: job.jobId }));
    expect(cancelled.state).toBe('cancelled');
    expect(value(await bu.bridge.invoke('transfer.read', { jobId: job.jobId, waitMs: 0 })).done).toBe(true);
  });

  it('follows new entries after the last N until cancelled', async () => {
    const stream = uniqueName('transfer-follow');
    created.push(stream);
    await redis.xadd(stream, '1-1', 'n', 'old');
    await redis.xadd(stream, '2-1', 'n', 'newest');
    const job = value(await bu.bridge.invoke('transfer.export', { stream, selection: { kind: 'last', count: 1 }, follow: true }));
    let text = '';
    const read = async () => {
      const chunk = value(await bu.bridge.invoke('transfer.read', { jobId: job.jobId, waitMs: 200 }));
      if (chunk.data)
        text += Buffer.from(chunk.data.text ?? chunk.data.base64 ?? '', chunk.data.text !== undefined ? 'utf8' : 'base64').toString();
      return chunk;
    };
    await eventually(async () => (await read(), text.includes('2-1')), 5000, 'the last entry');
    await redis.xadd(stream, '3-1', 'n', 'followed');
    await eventually(async () => (await read(), text.includes('3-1')), 5000, 'the followed entry');
    expect(text).not.toContain('1-1');
    expect(value(await bu.bridge.invoke('transfer.cancel', { jobId: job.jobId })).state).toBe('cancelled');
  });

  it('answers not_found for a missing stream or entry, invalid_args for a key that is not a stream or a bad id', async () => {
    const missing = uniqueName('transfer-missing');
    const hash = uniqueName('transfer-hash');
    created.push(hash);
    await redis.hset(hash, 'a', '1');
    const range = { kind: 'range', start: '-', end: '+' } as const;
    const notFound = await bu.bridge.invoke('transfer.export', { stream: missing, selection: range });
    expect(notFound).toEqual({ ok: false, error: { code: 'not_found', message: `stream "${missing}" does not exist` } });
    expect(await bu.bridge.invoke('transfer.import', { stream: hash })).toEqual({
      ok: false,
      error: { code: 'invalid_args', message: `key "${hash}" holds a hash, not a stream` },
    });
    const badId = await bu.bridge.invoke('transfer.export', { stream: hash, selection: { kind: 'range', start: 'yesterday', end: '+' } });
    expect(badId.ok ? null : badId.error.code).toBe('invalid_args');
    expect(badId.ok ? '' : badId.error.message).toContain('selection.start');
    const follow = await bu.bridge.invoke('transfer.export', { stream: hash, selection: { kind: 'time', fromMs: 1 }, follow: true });
    expect(follow.ok ? '' : follow.error.message).toContain("follow: follow needs a selection that ends at the stream's end");
    const entry = await bu.bridge.invoke('transfer.entry', { stream: hash, id: '1-1' });
    expect(entry.ok ? null : entry.error.code).toBe('redis_error'); // WRONGTYPE, in Redis's words
    expect(value(await bu.bridge.invoke('transfer.limits', {}))).toMatchObject({
      saveToFile: false,
      chunkBytes: 512 * 1024,
      idleTimeoutMs: 120_000,
    });
  });
});
