// Streams discovery and entries (paging, filter, time seek, tail, republish, decode) over every bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEntry } from '../../shared/dto';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { collect, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

describe.each(BRIDGE_KINDS)('streams and entries over %s', (kind) => {
  let b: BridgeUnderTest;
  const prefix = uniqueName(`contract-${kind}`);
  const stream = `${prefix}:jobs`;
  const ids: string[] = [];

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
    created.push(stream, `${prefix}:other`);
    // UCloud's exact wire format, its sentinel, a non-JSON entry, and a multi-field JSON entry.
    ids.push(String(await redis.xadd(stream, '1700000000000-0', 'msg', 'stream-init')));
    for (let i = 1; i <= 30; i++) {
      ids.push(
        String(
          await redis.xadd(
            stream,
            'MAXLEN',
            '~',
            1000000,
            `1700000000${String(i).padStart(3, '0')}-0`,
            'msg',
            JSON.stringify({ type: 'job', n: i, tag: i % 10 === 0 ? 'Needle' : 'hay' }),
          ),
        ),
      );
    }
    ids.push(String(await redis.xadd(stream, '1700000001000-0', 'msg', 'plain text, not json')));
    ids.push(String(await redis.xadd(stream, '1700000001001-0', 'source', 'cli', 'body', '{"a":1}')));
    await redis.xgroup('CREATE', stream, 'svc', '0');
    await redis.xadd(`${prefix}:other`, '*', 'msg', '{}');
  });
  afterAll(async () => b.close());

  it('discovers streams by pattern with length, ids and groups', async () => {
    let cursor = '0';
    const found = [];
    do {
      const page = value(await b.bridge.invoke('streams.list', { pattern: `${prefix}:*`, cursor, count: 1000 }));
      found.push(...page.streams);
      cursor = page.cursor;
    } while (cursor !== '0');
    expect(found.map((s) => s.name).sort()).toEqual([stream, `${prefix}:other`].sort());
    const jobs = found.find((s) => s.name === stream)!;
    expect(jobs).toMatchObject({ length: 33, firstId: '1700000000000-0', lastId: '1700000001001-0', groups: 1, totalPending: 0 });
    expect(jobs.totalLag).toBe(33);
    expect(jobs.oldestPendingMs).toBeNull();
  });

  it('reports the oldest pending entry age over all groups, from the smallest pending id', async () => {
    const aged = `${prefix}:aged`;
    created.push(aged);
    const now = Date.now();
    // Entries 90 s and 30 s old; group "late" holds the younger pending, "early" the older one.
    await redis.xadd(aged, `${now - 90_000}-0`, 'msg', '{}');
    await redis.xadd(aged, `${now - 30_000}-0`, 'msg', '{}');
    await redis.xgroup('CREATE', aged, 'early', '0');
    await redis.xgroup('CREATE', aged, 'late', `${now - 90_000}-0`);
    await redis.xgroup('CREATE', aged, 'idle', '$');
    await redis.xreadgroup('GROUP', 'early', 'c1', 'COUNT', 1, 'STREAMS', aged, '>');
    await redis.xreadgroup('GROUP', 'late', 'c1', 'COUNT', 1, 'STREAMS', aged, '>');
    const page = value(await b.bridge.invoke('streams.list', { pattern: aged, cursor: '0', count: 1000 }));
    const listedAt = Date.now();
    const summary = page.streams.find((s) => s.name === aged)!;
    expect(summary.totalPending).toBe(2);
    expect(summary.oldestPendingMs).toBeGreaterThanOrEqual(90_000);
    expect(summary.oldestPendingMs).toBeLessThanOrEqual(listedAt - (now - 90_000));
    // Acknowledging the oldest leaves the 30 s one; acknowledging both leaves nothing pending.
    await redis.xack(aged, 'early', `${now - 90_000}-0`);
    const younger = value(await b.bridge.invoke('streams.list', { pattern: aged, cursor: '0', count: 1000 })).streams[0];
    expect(younger.oldestPendingMs).toBeGreaterThanOrEqual(30_000);
    expect(younger.oldestPendingMs).toBeLessThan(90_000);
    await redis.xack(aged, 'late', `${now - 30_000}-0`);
    expect(value(await b.bridge.invoke('streams.list', { pattern: aged, cursor: '0', count: 1000 })).streams[0].oldestPendingMs).toBeNull();
  });

  it('shows stream detail with groups (lag, entries-read) and decoded first/last entries', async () => {
    const detail = value(await b.bridge.invoke('streams.detail', { stream }));
    expect(detail.length).toBe(33);
    expect(detail.firstEntry).toMatchObject({ id: '1700000000000-0', format: 'sentinel' });
    expect(detail.lastEntry).toMatchObject({
      format: 'fields',
      fields: [
        { name: 'source', value: { text: 'cli' } },
        { name: 'body', value: { text: '{"a":1}' } },
      ],
    });
    expect(detail.groups).toEqual([
      {
        name: 'svc',
        consumers: 0,
        pending: 0,
        lastDeliveredId: '0-0',
        entriesRead: null,
        lag: 33,
        lagSource: 'redis',
        firstUndeliveredId: '1700000000000-0',
        oldestUndeliveredMs: expect.any(Number),
      },
    ]);
  });

  it('pages backward then forward with exclusive cursors, covering every entry once', async () => {
    const seen: string[] = [];
    let from: string | undefined;
    for (;;) {
      const page = value(await b.bridge.invoke('entries.page', { stream, direction: 'backward', count: 7, ...(from ? { from } : {}) }));
      seen.push(...page.entries.map((e) => e.id));
      if (!page.next) break;
      from = page.next;
    }
    expect(seen).toEqual([...ids].reverse());
    const forward = value(await b.bridge.invoke('entries.page', { stream, direction: 'forward', from: ids[29], count: 100 }));
    expect(forward.entries.map((e) => e.id)).toEqual(ids.slice(30));
    expect(forward.next).toBeNull();
  });

  it('decodes UCloud, sentinel, raw and several-field entries', async () => {
    const page = value(await b.bridge.invoke('entries.page', { stream, direction: 'forward', count: 1000 }));
    const byId = new Map<string, StreamEntry>(page.entries.map((e) => [e.id, e]));
    expect(byId.get(ids[0])!.format).toBe('sentinel');
    expect(byId.get(ids[1])).toMatchObject({
      format: 'ucloud',
      value: { type: 'job', n: 1 },
      timestamp: 1700000000001,
      fields: [{ name: 'msg', value: { text: expect.any(String) } }],
    });
    expect(byId.get('1700000001000-0')!.format).toBe('raw');
    expect(byId.get('1700000001001-0')).toMatchObject({ format: 'fields', fields: [{ name: 'source' }, { name: 'body' }] });
  });

  it('filters on the server, case-insensitively, and seeks by time', async () => {
    const filtered = value(await b.bridge.invoke('entries.page', { stream, direction: 'forward', filter: 'needle', count: 100 }));
    expect(filtered.entries.map((e) => (e.value as { n: number }).n)).toEqual([10, 20, 30]);
    expect(filtered.scanned).toBe(33);
    const fromTime = value(await b.bridge.invoke('entries.page', { stream, direction: 'forward', fromTime: 1700000000025, count: 3 }));
    expect(fromTime.entries.map((e) => e.id)).toEqual(['1700000000025-0', '1700000000026-0', '1700000000027-0']);
    const back = value(await b.bridge.invoke('entries.page', { stream, direction: 'backward', fromTime: 1700000000002, count: 10 }));
    expect(back.entries.map((e) => e.id)).toEqual(['1700000000002-0', '1700000000001-0', '1700000000000-0']);
  });

  it('tails new entries in coalesced batches and stops on untail', async () => {
    const { tailId } = value(await b.bridge.invoke('entries.tail', { stream }));
    const events = collect(
      b.bridge,
      'entries.appended',
      (all) => all.filter((e) => e.tailId === tailId).flatMap((e) => e.entries).length >= 200,
    );
    const pipeline = redis.pipeline();
    for (let i = 0; i < 200; i++) pipeline.xadd(stream, '*', 'msg', JSON.stringify({ live: i }));
    await pipeline.exec();
    const batches = (await events.done).filter((e) => e.tailId === tailId);
    const live = batches.flatMap((e) => e.entries).map((e) => (e.value as { live: number }).live);
    expect(live).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(batches.length).toBeLessThan(50); // coalesced, never one push per entry
    expect(batches[0].stream).toBe(stream);
    expect(value(await b.bridge.invoke('entries.untail', { tailId }))).toEqual({ stopped: true });
    expect(value(await b.bridge.invoke('entries.untail', { tailId }))).toEqual({ stopped: false });
  });

  it('re-publishes an entry to the same or another stream', async () => {
    const { id } = value(await b.bridge.invoke('entries.republish', { stream, id: ids[5] }));
    const [[, fields]] = await redis.xrange(stream, id, id);
    expect(fields).toEqual(['msg', JSON.stringify({ type: 'job', n: 5, tag: 'hay' })]);
    const copy = value(await b.bridge.invoke('entries.republish', { stream, id: ids[5], toStream: `${prefix}:other` }));
    expect((await redis.xrange(`${prefix}:other`, copy.id, copy.id)).length).toBe(1);
    expect(await b.bridge.invoke('entries.republish', { stream, id: '1-1' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
