// The lag counter against the real Redis: exact counts inside its bound, a lower bound beyond it,
// groups near the start counted exactly from behind, and its cost bounded by reuse and a budget.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LagCounter, LAG_LIMITS, reportedGroup, streamFacts, type LagLimits } from '../../electron/console/group-lag';
import { pairs } from '../../electron/console/entry-format';
import { countAfter } from '../../electron/console/stream-scripts';
import { connectShared, uniqueName } from '../helpers/redis';

const redis: Redis = connectShared();
const stream = uniqueName('lag-counter');
let ids: string[] = [];

beforeAll(async () => {
  const p = redis.pipeline();
  for (let i = 1; i <= 1000; i++) p.xadd(stream, `${i}-0`, 'msg', JSON.stringify({ i }));
  await p.exec();
  ids = Array.from({ length: 1000 }, (_, i) => `${i + 1}-0`);
});
afterAll(async () => {
  await redis.del(stream);
  redis.disconnect();
});

async function facts() {
  return streamFacts(pairs(await redis.call('XINFO', 'STREAM', stream)));
}

const group = (name: string, lastDeliveredId: string) => reportedGroup({ name, 'last-delivered-id': lastDeliveredId, lag: null });

function counter(over: Partial<LagLimits> = {}, clock = () => now) {
  return new LagCounter({ ...LAG_LIMITS, ...over }, clock);
}
let now = 1_000_000;

describe('LagCounter', () => {
  it('counts exactly inside its bound and gives a lower bound beyond it', async () => {
    const c = counter({ exactUpTo: 500, behindBudget: 0 });
    const [near, far] = await c.resolve(redis, stream, stream, await facts(), [group('near', ids[899]), group('far', ids[99])]);
    expect(near).toMatchObject({ lag: 100, lagSource: 'computed', firstUndeliveredId: ids[900] });
    expect(far.lagSource).toBe('at-least');
    expect(far.lag).toBeGreaterThan(500);
    expect(far.lag).toBeLessThanOrEqual(900);
    expect(far.firstUndeliveredId).toBe(ids[100]);
  });

  it('counts a group near the start of a long stream exactly, from behind', async () => {
    const c = counter({ exactUpTo: 500, behindBudget: 200, behindAfter: 100 });
    const [early] = await c.resolve(redis, stream, stream, await facts(), [group('early', ids[49])]);
    expect(early).toMatchObject({ lag: 950, lagSource: 'computed' });
  });

  it('answers 0 without counting when the group is at the end, and keeps Redis’s number when it has one', async () => {
    const c = counter();
    const [end, known] = await c.resolve(redis, stream, stream, await facts(), [
      group('end', ids[999]),
      reportedGroup({ name: 'known', 'last-delivered-id': ids[989], lag: 10 }),
    ]);
    expect(end).toMatchObject({ lag: 0, lagSource: 'computed', firstUndeliveredId: null, oldestUndeliveredMs: null });
    expect(known).toMatchObject({ lag: 10, lagSource: 'redis', firstUndeliveredId: ids[990] });
  });

  it('takes the oldest waiting entry from XINFO STREAM when it names it, walking nothing', async () => {
    // Counted against a key that does not exist: any walk would find nothing there.
    const c = counter();
    const [before, lastOne] = await c.resolve(redis, `${stream}-absent`, stream, await facts(), [
      reportedGroup({ name: 'before', 'last-delivered-id': '0-0', lag: 1000 }),
      reportedGroup({ name: 'last-one', 'last-delivered-id': ids[998], lag: 1 }),
    ]);
    expect(before).toMatchObject({ lag: 1000, lagSource: 'redis', firstUndeliveredId: ids[0] });
    expect(lastOne).toMatchObject({ lag: 1, lagSource: 'redis', firstUndeliveredId: ids[999] });
  });

  it('reuses a count while nothing changed, and within its cost-proportional window when the stream moved on', async () => {
    const c = counter({ reuseEntriesPerMs: 1 });
    const f = await facts();
    const [first] = await c.resolve(redis, stream, stream, f, [group('g', ids[799])]);
    expect(first).toMatchObject({ lag: 200, lagCountedAt: now });
    now += 10_000;
    // Nothing changed: the same count, current as of now.
    const [same] = await c.resolve(redis, stream, stream, f, [group('g', ids[799])]);
    expect(same).toMatchObject({ lag: 200, lagCountedAt: now });
    // The group moved, but the last count walked 200 entries (200 ms at 1 entry/ms): reused, with its time.
    now += 50;
    const [reused] = await c.resolve(redis, stream, stream, f, [group('g', ids[899])]);
    expect(reused).toMatchObject({ lag: 200, lagCountedAt: now - 50 });
    now += 1000;
    const [recounted] = await c.resolve(redis, stream, stream, f, [group('g', ids[899])]);
    expect(recounted).toMatchObject({ lag: 100, lagCountedAt: now });
  });

  it('stops counting when the budget is spent: the last count with its time, or unknown', async () => {
    const c = counter({ burstEntries: 300, entriesPerSec: 100, reuseEntriesPerMs: 1_000_000 });
    const f = await facts();
    const [a] = await c.resolve(redis, stream, stream, f, [group('a', ids[599])]); // walks 400: budget now < 0
    expect(a).toMatchObject({ lag: 400, lagSource: 'computed' });
    const [b] = await c.resolve(redis, stream, stream, f, [group('b', ids[899])]);
    expect(b).toMatchObject({ lag: null, lagSource: 'unknown', firstUndeliveredId: null });
    expect(b.lagNote).toMatch(/not counted yet/);
    now += 1;
    const [again] = await c.resolve(redis, stream, stream, f, [group('a', ids[699])]);
    expect(again).toMatchObject({ lag: 400, lagCountedAt: now - 1 });
    now += 10_000; // refilled
    const [later] = await c.resolve(redis, stream, stream, f, [group('b', ids[899])]);
    expect(later).toMatchObject({ lag: 100, lagSource: 'computed' });
  });

  it('counts what is there when the stream went away between XINFO and the count', async () => {
    const c = counter();
    const [gone] = await c.resolve(
      redis,
      `${stream}-missing`,
      `${stream}-missing`,
      { length: 3, lastGeneratedId: '9-0', maxDeletedEntryId: null, firstEntryId: '1-0', lastEntryId: '9-0' },
      [group('g', '1-0')],
    );
    expect(gone).toMatchObject({ lag: 0, lagSource: 'computed' });
  });
});

describe('countAfter', () => {
  it('counts entries between two ids, exclusive, and reports what it walked', async () => {
    expect(await countAfter(redis, stream, { after: ids[9], until: ids[20], limit: 1000 })).toEqual({
      exact: true,
      count: 10,
      firstId: ids[10],
      walked: 10,
    });
    expect(await countAfter(redis, stream, { after: ids[999], limit: 1000 })).toEqual({ exact: true, count: 0, firstId: null, walked: 0 });
  });
});
