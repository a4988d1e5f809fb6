import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  detachReply,
  detachStreamEntries,
  streamEntriesAsText,
  type StreamReadBytesReply,
  type StreamReadReply,
} from '../../electron/engine';
import { collectGarbage, HeapMeter, type HeapUse } from '../../bench/harness/heap';
import { cleanupKeys, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { shared } from './util';

const names: string[] = [];
afterAll(async () => cleanupKeys(shared, names));

async function streamWithGroup(entries: number, value: string): Promise<string> {
  const name = uniqueName('reply');
  names.push(name);
  await shared.xgroup('CREATE', name, 'svc', '0', 'MKSTREAM');
  for (let start = 0; start < entries; start += 1000) {
    const pipeline = shared.pipeline();
    for (let i = start; i < Math.min(entries, start + 1000); i++) pipeline.xadd(name, '*', 'msg', `${value}${i}`);
    await pipeline.exec();
  }
  return name;
}

type ReadBatch = (reader: Redis, name: string) => Promise<Array<[string, string[] | null]>>;

/**
 * Drains a new stream of `entries` entries (each value `value` + its index) with `readBatch` over
 * a connection of its own, measuring the drain alone; returns the heap use and the summed value lengths.
 */
async function measuredDrain(entries: number, value: string, readBatch: ReadBatch): Promise<{ use: HeapUse; checksum: number }> {
  const name = await streamWithGroup(entries, value);
  const reader = new Redis(SHARED_REDIS_URL);
  try {
    await reader.ping();
    // The fill's own commands are garbage in the old generation too: collected first, so only
    // the drain is measured.
    collectGarbage();
    const meter = new HeapMeter();
    meter.start();
    let read = 0;
    let checksum = 0;
    while (read < entries) {
      const batch = await readBatch(reader, name);
      for (const [, fields] of batch) checksum += fields![1].length;
      read += batch.length;
    }
    return { use: meter.stop(), checksum };
  } finally {
    reader.disconnect();
  }
}

describe('detaching replies', () => {
  it('hands over the entries of an XREADGROUP reply and leaves the reply empty', async () => {
    const name = await streamWithGroup(3, 'v');
    const reply = (await shared.xreadgroup('GROUP', 'svc', 'c', 'COUNT', 10, 'STREAMS', name, '>')) as StreamReadReply;
    const expected = JSON.parse(JSON.stringify(reply![0][1]));
    const entries = detachStreamEntries(reply);
    expect(entries).toEqual(expected);
    expect(entries.map(([, fields]) => fields[1])).toEqual(['v0', 'v1', 'v2']);
    expect(reply).toEqual([]);
    // A read that timed out (null) has no entries.
    const none = (await shared.xreadgroup('GROUP', 'svc', 'c', 'COUNT', 10, 'BLOCK', 1, 'STREAMS', name, '>')) as StreamReadReply;
    expect(none).toBeNull();
    expect(detachStreamEntries(none)).toEqual([]);
  });

  it('hands over the items of an XRANGE reply in a fresh array and leaves the reply empty', async () => {
    const name = await streamWithGroup(4, 'r');
    const reply = await shared.xrange(name, '-', '+');
    const items = detachReply(reply);
    expect(items.map(([, fields]) => fields[1])).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(items).not.toBe(reply);
    expect(reply).toEqual([]);
    expect(detachReply(null)).toEqual([]);
  });

  // Why the engine detaches (electron/engine/reply.ts): through ioredis, a reply kept in the array
  // its command resolved with is promoted by V8's young-generation collections. Bytes promoted,
  // not time: the same drain with and without detaching, in this process.
  it('keeps replies of a drain from being promoted to the old generation', async () => {
    const entries = 50_000;
    const value = 'x'.repeat(400);
    const promotedPerEntry = async (detach: boolean) => {
      const { use, checksum } = await measuredDrain(entries, value, async (reader, name) => {
        const reply = (await reader.xreadgroup('GROUP', 'svc', 'c', 'COUNT', 100, 'STREAMS', name, '>')) as StreamReadReply;
        return detach ? detachStreamEntries(reply) : (reply?.[0]?.[1] ?? []);
      });
      expect(checksum).toBeGreaterThan(entries * 400);
      // Promotion needs an object to outlive two young-generation collections: enough of them to see it.
      expect(use.scavenges).toBeGreaterThanOrEqual(4);
      return use.promotedBytes / entries;
    };
    const kept = await promotedPerEntry(false);
    const detached = await promotedPerEntry(true);
    // Kept: most of each entry's share of its reply is promoted; detached: a few bytes per entry.
    expect(kept).toBeGreaterThan(30);
    expect(detached).toBeLessThan(kept / 4);
  }, 60_000);
});

describe('stream entries as text, decoded in place', () => {
  it('gives what ioredis decodes as text, from a reply read as bytes, and leaves the reply empty', async () => {
    const name = uniqueName('reply-text');
    names.push(name);
    await shared.xgroup('CREATE', name, 'svc', '0', 'MKSTREAM');
    // Multi-byte UTF-8, an empty value, many fields, a large value.
    await shared.xadd(name, '*', 'msg', '{"name":"Ærø ✓ 𝄞"}');
    await shared.xadd(name, '*', 'empty', '');
    await shared.xadd(name, '*', ...Array.from({ length: 40 }, (_, i) => [`f${i}`, `v${i}`]).flat());
    await shared.xadd(name, '*', 'big', 'y'.repeat(300_000));
    const text = (await shared.xreadgroup('GROUP', 'svc', 'a', 'COUNT', 10, 'STREAMS', name, '0')) as StreamReadReply;
    expect(text).toEqual([[name, []]]);
    const expected = (await shared.xrange(name, '-', '+')) as Array<[string, string[]]>;
    const bytes = (await shared.callBuffer('xreadgroup', 'GROUP', 'svc', 'a', 'COUNT', 10, 'STREAMS', name, '>')) as StreamReadBytesReply;
    expect(Buffer.isBuffer(bytes![0][1][0][0])).toBe(true);
    const entries = streamEntriesAsText(bytes);
    expect(entries).toEqual(expected);
    expect(entries[0][1]![1]).toBe('{"name":"Ærø ✓ 𝄞"}');
    expect(bytes).toEqual([]);
  });

  it('keeps null fields for an entry deleted while pending, and reads nothing from a timed-out read', async () => {
    const name = await streamWithGroup(3, 'd');
    await shared.xreadgroup('GROUP', 'svc', 'c', 'COUNT', 10, 'STREAMS', name, '>');
    const [[first]] = await shared.xrange(name, '-', '+', 'COUNT', 1);
    await shared.xdel(name, first);
    // The instance's own pending entries ('0'): the deleted one comes back with nil fields.
    const pending = (await shared.callBuffer('xreadgroup', 'GROUP', 'svc', 'c', 'STREAMS', name, '0')) as StreamReadBytesReply;
    const entries = streamEntriesAsText(pending);
    expect(entries.map(([id]) => id)[0]).toBe(first);
    expect(entries.map(([, fields]) => fields)).toEqual([null, ['msg', 'd1'], ['msg', 'd2']]);
    const none = (await shared.callBuffer(
      'xreadgroup',
      'GROUP',
      'svc',
      'c',
      'COUNT',
      10,
      'BLOCK',
      1,
      'STREAMS',
      name,
      '>',
    )) as StreamReadBytesReply;
    expect(none).toBeNull();
    expect(streamEntriesAsText(none)).toEqual([]);
    // A reply already text (the subscription's first read goes through a script) passes unchanged.
    const textReply: StreamReadBytesReply = [[name, [['1-1', ['msg', 'x']]]]];
    expect(streamEntriesAsText(textReply)).toEqual([['1-1', ['msg', 'x']]]);
  });

  // Why the read loop decodes in place: ioredis's text commands copy each nested array of a reply.
  // Bytes allocated per entry for the same drain, read as text and read as bytes decoded in place.
  it('allocates less per entry than the text reply ioredis decodes', async () => {
    const entries = 30_000;
    const allocatedPerEntry = async (asBytes: boolean) => {
      const { use, checksum } = await measuredDrain(entries, 'z'.repeat(100), async (reader, name) =>
        asBytes
          ? streamEntriesAsText(
              (await reader.callBuffer('xreadgroup', 'GROUP', 'svc', 'c', 'COUNT', 100, 'STREAMS', name, '>')) as StreamReadBytesReply,
            )
          : detachStreamEntries((await reader.xreadgroup('GROUP', 'svc', 'c', 'COUNT', 100, 'STREAMS', name, '>')) as StreamReadReply),
      );
      expect(checksum).toBeGreaterThan(entries * 100);
      return use.allocBytes / entries;
    };
    // Alternated and the smaller of two each, so one side's warm-up is not the difference.
    const text = Math.min(await allocatedPerEntry(false), await allocatedPerEntry(false));
    const inPlace = Math.min(await allocatedPerEntry(true), await allocatedPerEntry(true));
    // Two arrays per entry (64-bit V8: ~48 bytes each) are not made.
    expect(text - inPlace).toBeGreaterThan(60);
  }, 60_000);
});
