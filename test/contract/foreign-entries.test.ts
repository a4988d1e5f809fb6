// Entries other programs wrote (test/fixtures/foreign-data.ts) over every bridge: every field of
// every entry arrives with its exact bytes (previews of large values marked and completed in
// chunks by entries.value), hostile values (10,000-deep JSON, 4 MiB) never cost a reply or a tail
// batch, replies stay within the byte budget, newer entries are counted, and writing entries back
// (publish with fields, re-publish) keeps every byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEntry } from '../../shared/dto';
import { MAX_JSON_DEPTH, REPLY_BUDGET_BYTES, VALUE_CHUNK_BYTES, VALUE_PREVIEW_BYTES } from '../../shared/entry-budget';
import { keyNameFromBytes } from '../../shared/key-name';
import { valueToBytes } from '../../shared/value-bytes';
import {
  BIG_BYTES,
  BIG_VALUE,
  BINARY_VALUE,
  DEEP_JSON,
  FOREIGN_ENTRIES,
  MANY_FIELDS,
  writeForeignData,
  type ForeignIds,
  type WrittenEntry,
} from '../fixtures/foreign-data';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { collect, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

/** Every field of `entry` carries the written bytes (or, for a preview, their first bytes and full size). */
function expectExactFields(entry: StreamEntry, written: WrittenEntry) {
  expect(entry.fields.map((f) => f.name)).toEqual(written.map(([name]) => keyNameFromBytes(name)));
  entry.fields.forEach((field, i) => {
    const bytes = Buffer.from(valueToBytes(field.value));
    const expected = written[i][1];
    expect(field.value.size).toBe(expected.length);
    if (field.value.truncated) expect(bytes.equals(expected.subarray(0, bytes.length))).toBe(true);
    else expect(bytes.equals(expected)).toBe(true);
    expect(field.value.text ?? '').not.toContain('\uFFFD');
  });
}

describe.each(BRIDGE_KINDS)('foreign entries over %s', (kind) => {
  let b: BridgeUnderTest;
  const stream = uniqueName(`contract-foreign-${kind}`);
  let ids: ForeignIds;
  let byId: Map<string, StreamEntry>;

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
    created.push(stream, `${stream}:copy`, `${stream}:written`);
    ids = await writeForeignData(redis, stream);
    const entries: StreamEntry[] = [];
    let from: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = value(await b.bridge.invoke('entries.page', { stream, direction: 'forward', count: 1000, ...(from ? { from } : {}) }));
      entries.push(...page.entries);
      if (!page.next) break;
      from = page.next;
    }
    byId = new Map(entries.map((e) => [e.id, e]));
  }, 60_000);
  afterAll(async () => b.close());

  it('pages every entry once, with every field and its exact bytes', () => {
    expect([...byId.keys()]).toEqual(Object.values(ids));
    for (const [name, id] of Object.entries(ids) as Array<[keyof ForeignIds, string]>)
      expectExactFields(byId.get(id)!, FOREIGN_ENTRIES[name]);
  });

  it('shows several fields as fields, not as the one JSON-looking value', () => {
    expect(byId.get(ids.multi)).toMatchObject({
      format: 'fields',
      fields: [
        { name: 'user', value: { text: '42', size: 2 } },
        { name: 'action', value: { text: 'login', size: 5 } },
        { name: 'ip', value: { text: '10.0.0.1', size: 8 } },
      ],
    });
    expect(byId.get(ids.multi)!.value).toBeUndefined();
    expect(byId.get(ids.many)!.fields).toHaveLength(MANY_FIELDS);
    expect(byId.get(ids.many)!.omittedFields).toBeUndefined();
  });

  it('carries bytes that are not UTF-8 as base64, empty values and empty names as they are', () => {
    const binary = byId.get(ids.binary)!;
    expect(binary.fields[0].value).toEqual({ base64: BINARY_VALUE.toString('base64'), size: BINARY_VALUE.length });
    expect(byId.get(ids.binaryName)!.fields[0].name).toBe('raw-\udcff');
    expect(byId.get(ids.empty)!.fields[0]).toEqual({ name: 'empty', value: { text: '', size: 0 } });
    expect(byId.get(ids.emptyName)!.fields[0]).toEqual({ name: '', value: { text: 'value of an empty name', size: 22 } });
    expect(byId.get(ids.sentinel)!.format).toBe('sentinel');
    expect(byId.get(ids.unicode)!.fields[0]).toMatchObject({ name: '名前', value: { text: '値 ünïcödé 🚀' } });
    expect(byId.get(ids.first)).toMatchObject({ format: 'ucloud', value: { type: 'job', n: 1 } });
  });

  it('sends a 4 MiB value as a 64 KiB preview and the whole of it in chunks on demand', async () => {
    const preview = byId.get(ids.big)!.fields[0].value;
    expect(preview).toMatchObject({ size: BIG_BYTES, truncated: true });
    expect(valueToBytes(preview).length).toBe(VALUE_PREVIEW_BYTES);
    expect(preview.text!.startsWith('BIG-START')).toBe(true);
    const parts: Buffer[] = [];
    for (let offset = 0; offset < BIG_BYTES;) {
      const chunk = value(await b.bridge.invoke('entries.value', { stream, id: ids.big, field: 0, offset }));
      expect(chunk).toMatchObject({ offset, size: BIG_BYTES });
      const bytes = Buffer.from(valueToBytes(chunk.chunk));
      expect(bytes.length).toBe(Math.min(VALUE_CHUNK_BYTES, BIG_BYTES - offset));
      parts.push(bytes);
      offset += bytes.length;
    }
    expect(Buffer.concat(parts).equals(BIG_VALUE)).toBe(true);
    expect(await b.bridge.invoke('entries.value', { stream, id: ids.big, field: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/has 1 field/) },
    });
    expect(await b.bridge.invoke('entries.value', { stream, id: ids.big, field: 0, length: VALUE_CHUNK_BYTES + 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' },
    });
  });

  it('shows 10,000-deep JSON as its text with a note, and the page around it still answers', () => {
    const deep = byId.get(ids.deep)!;
    expect(deep.format).toBe('raw');
    expect(deep.note).toContain(`deeper than ${MAX_JSON_DEPTH}`);
    expect(deep.value).toBeUndefined();
    expect(deep.fields[0].value).toEqual({ text: DEEP_JSON, size: DEEP_JSON.length });
  });

  it('keeps a reply within the byte budget: fewer entries, and next goes on from the last one sent', async () => {
    const big = `${stream}:big`;
    created.push(big);
    const pipeline = redis.pipeline();
    for (let i = 0; i < 80; i++) pipeline.xadd(big, '*', 'payload', BIG_VALUE.subarray(0, 200_000), 'n', String(i));
    await pipeline.exec();
    const seen: string[] = [];
    let from: string | undefined;
    let pages = 0;
    for (;;) {
      const reply = await b.bridge.invoke('entries.page', { stream: big, direction: 'backward', count: 1000, ...(from ? { from } : {}) });
      expect(Buffer.byteLength(JSON.stringify(reply))).toBeLessThanOrEqual(REPLY_BUDGET_BYTES + 1024);
      const page = value(reply);
      expect(page.entries.length).toBeGreaterThan(0);
      seen.push(...page.entries.map((e) => e.fields[1].value.text!));
      pages++;
      if (!page.next) break;
      from = page.next;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(Array.from({ length: 80 }, (_, i) => String(79 - i)));
  });

  it('tails foreign entries: the hostile ones arrive beside the good ones, nothing is dropped', async () => {
    const tailed = `${stream}:tailed`;
    created.push(tailed);
    await redis.xadd(tailed, '*', 'msg', '{}');
    const { tailId } = value(await b.bridge.invoke('entries.tail', { stream: tailed }));
    const total = Object.keys(FOREIGN_ENTRIES).length;
    const events = collect(
      b.bridge,
      'entries.appended',
      (all) => all.filter((e) => e.tailId === tailId).flatMap((e) => e.entries).length >= total,
      30_000,
    );
    const written = await writeForeignData(redis, tailed);
    const batches = (await events.done).filter((e) => e.tailId === tailId);
    expect(batches.flatMap((e) => e.entries).map((e) => e.id)).toEqual(Object.values(written));
    expect(batches.reduce((n, e) => n + e.dropped, 0)).toBe(0);
    for (const batch of batches) expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(REPLY_BUDGET_BYTES + 1024);
    const deep = batches.flatMap((e) => e.entries).find((e) => e.id === written.deep)!;
    expect(deep).toMatchObject({ format: 'raw', note: expect.stringContaining('deeper') });
    value(await b.bridge.invoke('entries.untail', { tailId }));
  });

  it('counts entries newer than an id (exactly, or at least up to the limit)', async () => {
    expect(value(await b.bridge.invoke('entries.newer', { stream, after: ids.multi }))).toEqual({
      count: 9,
      atLeast: false,
      newestId: ids.last,
    });
    expect(value(await b.bridge.invoke('entries.newer', { stream, after: ids.last }))).toEqual({
      count: 0,
      atLeast: false,
      newestId: null,
    });
    expect(value(await b.bridge.invoke('entries.newer', { stream, after: ids.first, limit: 3 }))).toEqual({
      count: 3,
      atLeast: true,
      newestId: ids.binary,
    });
  });

  it('re-publishes an entry with its exact bytes (binary values and names, empty names)', async () => {
    for (const name of ['binary', 'binaryName', 'emptyName', 'big'] as const) {
      const { id } = value(await b.bridge.invoke('entries.republish', { stream, id: ids[name], toStream: `${stream}:copy` }));
      const [[, flat]] = await redis.xrangeBuffer(`${stream}:copy`, id, id);
      expect(Buffer.concat(flat).equals(Buffer.concat(FOREIGN_ENTRIES[name].flat()))).toBe(true);
    }
  });

  it('publishes any fields with their exact bytes, and refuses previews and bad values by name', async () => {
    const fields = [
      { name: 'user', value: { text: '42' } },
      { name: '', value: { text: '' } },
      { name: 'blob', value: { base64: BINARY_VALUE.toString('base64') } },
      { name: 'raw-\udcff', value: { text: 'x' } },
    ];
    const { id } = value(await b.bridge.invoke('publish.event', { stream: `${stream}:written`, fields }));
    const [[, flat]] = await redis.xrangeBuffer(`${stream}:written`, id, id);
    expect(flat).toEqual([
      Buffer.from('user'),
      Buffer.from('42'),
      Buffer.alloc(0),
      Buffer.alloc(0),
      Buffer.from('blob'),
      BINARY_VALUE,
      Buffer.from([0x72, 0x61, 0x77, 0x2d, 0xff]),
      Buffer.from('x'),
    ]);
    const preview = await b.bridge.invoke('publish.event', {
      stream,
      fields: [{ name: 'a', value: { text: 'x', size: 10, truncated: true } }],
    });
    expect(preview).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', message: expect.stringMatching(/fields\.0\.value.*preview/) },
    });
    const both = await b.bridge.invoke('publish.event', { stream, json: '{}', fields: [{ name: 'a', value: { text: 'x' } }] });
    expect(both).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', message: expect.stringMatching(/exactly one of json or fields/) },
    });
    const badBase64 = await b.bridge.invoke('publish.event', { stream, fields: [{ name: 'a', value: { base64: '%%%' } }] });
    expect(badBase64).toMatchObject({ ok: false, error: { code: 'invalid_args', message: expect.stringMatching(/base64/) } });
  });

  it('sends N entries of templated fields', async () => {
    const target = `${stream}:written`;
    const before = await redis.xlen(target);
    const job = value(
      await b.bridge.invoke('publish.start', {
        target: { kind: 'stream', name: target },
        fields: [
          { name: 'seq', value: '{{seq}}' },
          { name: 'kind', value: 'load' },
        ],
        count: 5,
        ratePerSec: 1000,
      }),
    );
    const progress = collect(b.bridge, 'publish.progress', (all) => all.some((p) => p.jobId === job.jobId && p.state === 'done'));
    await progress.done;
    const added = await redis.xrange(target, '-', '+');
    expect(added.slice(before).map(([, f]) => f)).toEqual([1, 2, 3, 4, 5].map((n) => ['seq', String(n), 'kind', 'load']));
  });
});
