import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { detachReply, detachStreamEntries, type StreamReadReply } from '../../electron/engine';
import { collectGarbage, HeapMeter } from '../../bench/harness/heap';
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
          const reply = (await reader.xreadgroup('GROUP', 'svc', 'c', 'COUNT', 100, 'STREAMS', name, '>')) as StreamReadReply;
          const batch = detach ? detachStreamEntries(reply) : (reply?.[0]?.[1] ?? []);
          for (const [, fields] of batch) checksum += fields[1].length;
          read += batch.length;
        }
        const use = meter.stop();
        expect(checksum).toBeGreaterThan(entries * 400);
        // Promotion needs an object to outlive two young-generation collections: enough of them to see it.
        expect(use.scavenges).toBeGreaterThanOrEqual(4);
        return use.promotedBytes / entries;
      } finally {
        reader.disconnect();
      }
    };
    const kept = await promotedPerEntry(false);
    const detached = await promotedPerEntry(true);
    // Kept: most of each entry's share of its reply is promoted; detached: a few bytes per entry.
    expect(kept).toBeGreaterThan(30);
    expect(detached).toBeLessThan(kept / 4);
  }, 60_000);
});
