import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, previewPrune, prune, pruneLockKey, pruneWithLock, type EngineEvents } from '../../electron/engine';
import { delay, evStream, fixture, shared, until } from './util';

const fx = fixture();
afterEach(() => fx.run());

async function fill(name: string, n: number, startMs = 1_000_000): Promise<string[]> {
  const pipe = shared.pipeline();
  for (let i = 0; i < n; i++) pipe.xadd(name, `${startMs + i}-0`, 'msg', JSON.stringify({ i }));
  return ((await pipe.exec()) ?? []).map(([, id]) => id as string);
}

describe('prune and previewPrune', () => {
  it('maxLength, unsafe: previews then removes exactly the oldest entries', async () => {
    const name = fx.streamName('prune-len');
    const ids = await fill(name, 100);
    const preview = await previewPrune(shared, name, { kind: 'maxLength', maxLength: 30 }, { safe: false });
    expect(preview).toEqual({
      stream: name,
      policy: { kind: 'maxLength', maxLength: 30 },
      safe: false,
      wouldRemove: 70,
      firstId: ids[0],
      lastId: ids[69],
      pending: 0,
      undelivered: 0,
      keptForSafety: 0,
      lengthBefore: 100,
    });
    expect(await shared.xlen(name)).toBe(100); // preview changes nothing
    expect(await prune(shared, name, { kind: 'maxLength', maxLength: 30 }, { safe: false })).toEqual({
      stream: name,
      removed: 70,
      lengthAfter: 30,
    });
    expect((await shared.xrange(name, '-', '+', 'COUNT', 1))[0][0]).toBe(ids[70]);
  });

  it('maxAge removes entries older than now - maxAgeMs (XTRIM MINID)', async () => {
    const name = fx.streamName('prune-age');
    const ids = await fill(name, 50, 1_000_000);
    const now = 1_000_000 + 40 + 10_000; // entries 0..39 are older than 10 s
    const preview = await previewPrune(shared, name, { kind: 'maxAge', maxAgeMs: 10_000 }, { safe: false, now });
    expect(preview).toMatchObject({ wouldRemove: 40, firstId: ids[0], lastId: ids[39] });
    expect(await prune(shared, name, { kind: 'maxAge', maxAgeMs: 10_000 }, { safe: false, now })).toMatchObject({
      removed: 40,
      lengthAfter: 10,
    });
  });

  it('safe mode keeps entries pending in a group or not yet delivered to every group', async () => {
    const name = fx.streamName('prune-safe');
    const ids = await fill(name, 100);
    // Group "fast" read 60 entries and acked all but #20; group "slow" has read only 40 (all acked).
    await shared.xgroup('CREATE', name, 'fast', '0');
    await shared.xgroup('CREATE', name, 'slow', '0');
    await shared.xreadgroup('GROUP', 'fast', 'c', 'COUNT', 60, 'STREAMS', name, '>');
    await shared.xack(name, 'fast', ...ids.slice(0, 60).filter((_, i) => i !== 20));
    await shared.xreadgroup('GROUP', 'slow', 'c', 'COUNT', 40, 'STREAMS', name, '>');
    await shared.xack(name, 'slow', ...ids.slice(0, 40));

    const policy = { kind: 'maxLength', maxLength: 10 } as const; // wants to remove 90
    const unsafe = await previewPrune(shared, name, policy, { safe: false });
    expect(unsafe).toMatchObject({ wouldRemove: 90, pending: 1, undelivered: 50, keptForSafety: 0 });
    const safe = await previewPrune(shared, name, policy, { safe: true });
    // Floor = pending #20 of "fast" → only 0..19 may go.
    expect(safe).toMatchObject({ wouldRemove: 20, firstId: ids[0], lastId: ids[19], pending: 1, undelivered: 50, keptForSafety: 70 });
    expect(await prune(shared, name, policy, { safe: true })).toMatchObject({ removed: 20, lengthAfter: 80 });

    await shared.xack(name, 'fast', ids[20]);
    // Now "slow" (read up to #39) is the floor.
    expect(await previewPrune(shared, name, policy)).toMatchObject({ wouldRemove: 20, lastId: ids[39], pending: 0, keptForSafety: 50 });
    expect(await prune(shared, name, policy)).toMatchObject({ removed: 20, lengthAfter: 60 });
    expect((await shared.xrange(name, '-', '+', 'COUNT', 1))[0][0]).toBe(ids[40]);
  });

  it('handles empty / missing streams and rejects bad policies', async () => {
    const name = fx.streamName('prune-empty');
    expect(await previewPrune(shared, name, { kind: 'maxLength', maxLength: 0 })).toMatchObject({
      wouldRemove: 0,
      lengthBefore: 0,
      firstId: null,
    });
    await expect(previewPrune(shared, name, { kind: 'maxLength', maxLength: -1 })).rejects.toThrow(/maxLength/);
    await expect(prune(shared, name, { kind: 'maxAge', maxAgeMs: Number.NaN })).rejects.toThrow(/maxAgeMs/);
    // @ts-expect-error: a policy kind that does not exist
    await expect(prune(shared, name, { kind: 'byMood' })).rejects.toThrow(/byMood/);
  });

  it('the prune lock lets one instance prune per period', async () => {
    const name = fx.streamName('prune-lock');
    await fill(name, 20);
    const policy = { kind: 'maxLength', maxLength: 15 } as const;
    const first = await pruneWithLock(shared, name, policy, { everyMs: 5_000, owner: 'a', safe: false });
    const second = await pruneWithLock(shared, name, policy, { everyMs: 5_000, owner: 'b', safe: false });
    expect(first).toMatchObject({ removed: 5 });
    expect(second).toBeNull();
    expect(await shared.get(pruneLockKey(name))).toBe('a');
    expect(await shared.pttl(pruneLockKey(name))).toBeGreaterThan(0);
  });

  it('periodic pruning on the service runs on one of several instances per period', async () => {
    const name = fx.streamName('prune-periodic');
    await fill(name, 200, Date.now() - 100_000);
    const services = ['a', 'b', 'c'].map((i) =>
      fx.service({ service: 'svc', instance: i, prune: { policy: { kind: 'maxLength', maxLength: 50 }, everyMs: 400, safe: false } }),
    );
    const pruned: Array<EngineEvents['pruned'] & { by: string }> = [];
    for (const svc of services) {
      svc.events.on('pruned', (e) => pruned.push({ ...e, by: svc.instance }));
      await svc.subscribe(
        evStream(name),
        EventConsumer.immediate(() => {}),
      );
    }
    await until(() => pruned.length >= 1, 'a prune');
    await delay(300);
    expect(await shared.xlen(name)).toBe(50);
    expect(pruned[0]).toMatchObject({ removed: 150, lengthAfter: 50 });
    // In the first period only one instance got the lock.
    expect(pruned.filter((p) => p.at - pruned[0].at < 350)).toHaveLength(1);
  });
});
