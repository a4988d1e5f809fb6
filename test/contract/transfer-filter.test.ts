// Export of a filter's matches (transfer.export with `filter`), against the real Redis: over a
// stream of JSON and MessagePack values (bytes that are not UTF-8) only the entries the CEL filter
// matches are written, byte for byte, and an NDJSON export imports back to exactly those entries;
// the export scans as filters.start scans (the same id and time range, the same budget, the same
// counts); CSV and raw write the same matches; `limit` caps the matches; a bad filter, and a filter
// with follow, are refused naming what is wrong.
import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterJob } from '../../shared/decoding';
import type { Bridge } from '../../shared/bridge';
import type { Api } from '../../shared/api';
import type { ExportJob } from '../../shared/dto';
import { feedImport, readExport } from '../../shared/transfer-client';
import { parseEntryLine } from '../../shared/transfer-format';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { eventually, sleep, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

/** 40 entries with ids 1000-0 … 40000-0: every third a refund, as JSON or (every other one) MessagePack. */
async function fillOrders(stream: string): Promise<void> {
  created.push(stream);
  for (let i = 1; i <= 40; i++) {
    const order = { kind: i % 3 === 0 ? 'refund' : 'sale', amount: i * 10, note: i % 4 === 0 ? 'København ✓' : 'plain' };
    const bytes = i % 2 === 0 ? pack(order) : Buffer.from(JSON.stringify(order));
    await redis.xaddBuffer(stream, `${i * 1000}-0`, 'v', bytes);
  }
}

async function exportMatches(bridge: Bridge, args: Api['transfer.export']['args']) {
  const job = value(await bridge.invoke('transfer.export', args));
  const parts: Buffer[] = [];
  const ended = await readExport(bridge, job.jobId, (bytes) => parts.push(Buffer.from(bytes)));
  return { job: ended, bytes: Buffer.concat(parts) };
}

/** Entries of `stream` in Redis (id and every field's bytes as base64) whose ids are listed. */
async function redisEntries(stream: string, ids?: string[]) {
  const all = (await redis.xrangeBuffer(stream, '-', '+')).map(([id, f]) => [id.toString(), f.map((b) => b.toString('base64'))] as const);
  return ids ? all.filter(([id]) => ids.includes(id)) : all;
}

const REFUNDS = 'value.kind == "refund"';

describe.each(BRIDGE_KINDS)('export of filter matches over %s', (kind) => {
  let bu: BridgeUnderTest;
  beforeAll(async () => {
    bu = await openBridge(kind, fixture.service);
  });
  afterAll(async () => bu.close());

  it('writes only the matching entries, byte for byte, and their NDJSON imports back to exactly them', async () => {
    const stream = uniqueName(`xfilter-${kind}`);
    const copy = uniqueName(`xfilter-copy-${kind}`);
    created.push(copy);
    await fillOrders(stream);
    const { job, bytes } = await exportMatches(bu.bridge, {
      stream,
      selection: { kind: 'range', start: '-', end: '+' },
      filter: { expression: REFUNDS },
    });
    const expected = Array.from({ length: 13 }, (_, k) => `${(k + 1) * 3000}-0`);
    expect(job).toMatchObject({ state: 'done', entries: 13, total: null });
    expect(job.filter).toMatchObject({ expression: REFUNDS, scanned: 40, matched: 13, failed: 0, stoppedBy: 'end', lastId: '40000-0' });

    const lines = bytes.toString('utf8').trimEnd().split('\n');
    const parsed = lines.map((line) => {
      const result = parseEntryLine(line);
      if ('problem' in result) throw new Error(result.problem);
      return [result.entry.id, result.entry.fields.map((f) => Buffer.from(f.value).toString('base64'))] as const;
    });
    expect(parsed.map(([id]) => id)).toEqual(expected);
    // MessagePack values are not UTF-8: they travel as base64 and come back the same bytes.
    expect(JSON.parse(lines[1]).fields[0].value.base64).toBeDefined();
    expect(parsed.map(([id, f]) => [id, ['dg==', ...f]])).toEqual(await redisEntries(stream, expected));

    const imported = value(await bu.bridge.invoke('transfer.import', { stream: copy, ids: 'keep' }));
    expect(await feedImport(bu.bridge, imported.jobId, [bytes])).toMatchObject({ state: 'done', entries: 13, invalid: 0 });
    expect(await redisEntries(copy)).toEqual(await redisEntries(stream, expected));
  });
});

describe('export of filter matches (direct)', () => {
  let bu: BridgeUnderTest;
  beforeAll(async () => {
    bu = await openBridge('direct', fixture.service);
  });
  afterAll(async () => bu.close());

  it('scans as filters.start scans: the same id and time range, budget, counts and matches', async () => {
    const stream = uniqueName('xfilter-same');
    await fillOrders(stream);
    // Ids 5000 on, times up to 30 s, at most 12 entries read: 5000 … 16000.
    const range = { start: '5000', toMs: 30_000 };
    const budget = { maxEntries: 12, maxMs: 60_000, maxMatches: 500 };
    const started = value(await bu.bridge.invoke('filters.start', { stream, expression: REFUNDS, ...range, ...budget }));
    const scan = await eventually(
      async () => {
        const r = value(await bu.bridge.invoke('filters.results', { jobId: started.jobId }));
        return r.job.state !== 'running' && r;
      },
      15_000,
      'the filter scan to end',
    );
    const exported = await exportMatches(bu.bridge, {
      stream,
      selection: { kind: 'range', start: '5000', end: '30000-18446744073709551615' },
      filter: { expression: REFUNDS, ...budget },
    });
    const ids = exported.bytes
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(scan.entries.map((e) => e.id));
    expect(ids).toEqual(['6000-0', '9000-0', '12000-0', '15000-0']);
    const counts = (j: Pick<FilterJob, 'scanned' | 'matched' | 'failed' | 'lastId' | 'stoppedBy'>) => ({
      scanned: j.scanned,
      matched: j.matched,
      failed: j.failed,
      lastId: j.lastId,
      stoppedBy: j.stoppedBy,
    });
    expect(counts(exported.job.filter!)).toEqual(counts(scan.job));
    expect(counts(scan.job)).toEqual({ scanned: 12, matched: 4, failed: 0, lastId: '16000-0', stoppedBy: 'entries' });
  });

  it('writes the same matches as CSV and raw values; limit caps the matches', async () => {
    const stream = uniqueName('xfilter-formats');
    await fillOrders(stream);
    const whole = { kind: 'range' as const, start: '-', end: '+' };
    const expected = (await redis.xrangeBuffer(stream, '-', '+')).filter(([id]) => Number(id.toString().split('-')[0]) % 3000 === 0);

    const raw = await exportMatches(bu.bridge, { stream, selection: whole, format: 'raw', filter: { expression: REFUNDS } });
    expect(raw.bytes.equals(Buffer.concat(expected.flatMap(([, f]) => [f[1], Buffer.from('\n')])))).toBe(true);

    const csv = await exportMatches(bu.bridge, { stream, selection: whole, format: 'csv', filter: { expression: REFUNDS } });
    const rows = csv.bytes.toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('id,v');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(expected.map(([id]) => id.toString()));
    expect(csv.job.binaryValues).toBe(6); // the MessagePack ones: 6000, 12000, … 36000

    const capped = await exportMatches(bu.bridge, { stream, selection: whole, limit: 2, filter: { expression: REFUNDS } });
    expect(capped.job).toMatchObject({ state: 'done', entries: 2 });
    expect(capped.job.filter).toMatchObject({ matched: 2, maxMatches: 2, stoppedBy: 'matches', lastId: '6000-0' });
  });

  it('reports the scan while a reader holds the export back, and cancels it', async () => {
    const stream = uniqueName('xfilter-cancel');
    created.push(stream);
    const pad = 'x'.repeat(200);
    const pipeline = redis.pipeline();
    for (let i = 0; i < 20_000; i++) pipeline.xadd(stream, '*', 'v', JSON.stringify({ kind: 'refund', i, pad }));
    await pipeline.exec();
    // About 5 MB of NDJSON: nobody reads, so the export stalls a few MB in.
    const job = value(await bu.bridge.invoke('transfer.export', { stream, selection: { kind: 'range' }, filter: { expression: REFUNDS } }));
    const stalled = await eventually(
      async () => {
        const now = async () => value(await bu.bridge.invoke('transfer.jobs', {})).find((j) => j.jobId === job.jobId) as ExportJob;
        const first = await now();
        await sleep(300);
        const second = await now();
        return first.entries > 0 && first.entries === second.entries ? second : null;
      },
      15_000,
      'the export to stop producing while nobody reads',
    );
    expect(stalled.filter!.matched).toBeGreaterThan(0);
    expect(stalled.filter!.scanned).toBeLessThan(20_000);
    const cancelled = value(await bu.bridge.invoke('transfer.cancel', { jobId: job.jobId }));
    expect(cancelled).toMatchObject({ state: 'cancelled', filter: { stoppedBy: 'cancelled' } });
  });

  it('refuses a filter that is not CEL, and a filter with follow, naming what is wrong', async () => {
    const stream = uniqueName('xfilter-bad');
    await fillOrders(stream);
    const bad = await bu.bridge.invoke('transfer.export', {
      stream,
      selection: { kind: 'range', start: '-', end: '+' },
      filter: { expression: 'value.kind ==' },
    });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'invalid_args', message: expect.stringMatching(/not a valid CEL expression/) });
    const following = await bu.bridge.invoke('transfer.export', {
      stream,
      selection: { kind: 'last', count: 5 },
      follow: true,
      filter: { expression: REFUNDS },
    });
    expect(following.ok ? null : following.error).toMatchObject({
      code: 'invalid_args',
      message: expect.stringMatching(/follow does not combine with a filter/),
    });
  });
});
