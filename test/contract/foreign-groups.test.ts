// Groups other programs left on Redis (test/fixtures/foreign-groups.ts), over every bridge: lag
// Redis does not give is counted and marked, the Overview sums it, an entry's journey says only
// what is known, pending entries whose entry is gone are marked and can be acked together, and a
// group the console itself creates at `$` has a lag too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bridge } from '../../shared/bridge';
import type { GroupInfo, JourneyStep, StreamSummary } from '../../shared/dto';
import { formatDuration } from '../../shared/human';
import { idTime } from '../../electron/engine';
import { writeForeignGroups, type ForeignGroups } from '../fixtures/foreign-groups';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { eventually, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

const byName = <T extends { name: string }>(list: T[]) => new Map(list.map((x) => [x.name, x]));
const inGroup = (steps: JourneyStep[], group: string) => steps.filter((s) => s.group === group);

/** Every stream matching `pattern`: SCAN may need many pages on a busy shared Redis. */
async function listStreams(bridge: Bridge, pattern: string): Promise<StreamSummary[]> {
  const all: StreamSummary[] = [];
  let cursor = '0';
  do {
    const page = value(await bridge.invoke('streams.list', { pattern, cursor, count: 5000 }));
    all.push(...page.streams);
    cursor = page.cursor;
  } while (cursor !== '0');
  return all;
}

describe.each(BRIDGE_KINDS)('foreign consumer groups over %s', (kind) => {
  let b: BridgeUnderTest;
  let f: ForeignGroups;
  const base = uniqueName(`contract-foreign-${kind}`);

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
    f = await writeForeignGroups(redis, base);
    created.push(f.orders.stream, f.deleted.stream);
  });
  afterAll(async () => {
    await b.close();
    await redis.del(...f.keys);
  });

  it('counts the lag Redis does not give, marks it computed, and keeps Redis’s own where it has one', async () => {
    const o = f.orders.ids;
    const groups = byName(value(await b.bridge.invoke('groups.list', { stream: f.orders.stream })));
    expect(groups.get('audit')).toMatchObject({ lag: 14, lagSource: 'redis', pending: 2, firstUndeliveredId: o[3] });
    expect(groups.get('billing')).toMatchObject({ lag: 12, lagSource: 'computed', entriesRead: null, firstUndeliveredId: o[5] });
    expect(groups.get('billing')!.lagNote).toMatch(/does not know how many entries the group has read/);
    expect(groups.get('replay')).toMatchObject({ lag: 7, lagSource: 'computed', firstUndeliveredId: o[10] });
    // Lag in time: the age of the oldest entry not delivered yet, from its id.
    const billing = groups.get('billing') as GroupInfo;
    expect(billing.oldestUndeliveredMs).toBeGreaterThanOrEqual(0);
    expect(billing.oldestUndeliveredMs).toBeLessThanOrEqual(Date.now() - idTime(o[5]));

    const worker = value(await b.bridge.invoke('groups.list', { stream: f.deleted.stream }))[0];
    expect(worker).toMatchObject({ name: 'worker', lag: 3, lagSource: 'computed', pending: 5 });
    expect(worker.lagNote).toMatch(/deleted \(XDEL\)/);

    const detail = value(await b.bridge.invoke('streams.detail', { stream: f.orders.stream }));
    expect(detail.groups.map((g) => [g.name, g.lag, g.lagSource])).toEqual([
      ['audit', 14, 'redis'],
      ['billing', 12, 'computed'],
      ['replay', 7, 'computed'],
    ]);
  });

  it('sums every group’s lag in the Overview and says how it is known', async () => {
    const before = Date.now();
    const streams = byName(await listStreams(b.bridge, `${base}-*`));
    const after = Date.now();
    expect(streams.get(f.orders.stream)).toMatchObject({
      totalLag: 33,
      totalLagKind: 'exact',
      lagComputedGroups: 2,
      lagUnknownGroups: 0,
      totalPending: 2,
    });
    // The oldest entry some group has not been delivered: audit's o4 (billing waits from o6, replay from o11).
    const o4 = idTime(f.orders.ids[3]);
    expect(streams.get(f.orders.stream)!.oldestUndeliveredMs).toBeGreaterThanOrEqual(before - o4);
    expect(streams.get(f.orders.stream)!.oldestUndeliveredMs).toBeLessThanOrEqual(after - o4);
    expect(streams.get(f.deleted.stream)).toMatchObject({ totalLag: 3, totalLagKind: 'exact', lagComputedGroups: 1, totalPending: 5 });
  });

  it('tells an entry’s journey without inventing acknowledgements or times', async () => {
    const o = f.orders.ids;
    // o3: read by audit's ghost (pending); billing was created after it; replay moved past it.
    const o3 = value(await b.bridge.invoke('entries.journey', { stream: f.orders.stream, id: o[2] }));
    expect(o3[0]).toMatchObject({ kind: 'produced', at: idTime(o[2]) });
    expect(o3.some((s) => s.kind === 'acked')).toBe(false);
    const [pending] = inGroup(o3, 'audit');
    expect(pending).toMatchObject({ kind: 'pending', instance: 'ghost', deliveries: 1 });
    expect(pending.at).toBeLessThanOrEqual(Date.now() - pending.idleMs! + 5);
    expect(pending.detail).toContain(`delivered 1 time; last delivered or claimed ${formatDuration(pending.idleMs)} ago`);
    for (const group of ['billing', 'replay']) {
      const [state] = inGroup(o3, group);
      expect(state).toMatchObject({ kind: 'passed', at: null });
      expect(state.detail).toMatch(/acknowledged, or skipped when the group was created or moved \(Redis does not record which/);
    }

    // o12: no group has got it yet; each says how many entries come before it.
    const o12 = value(await b.bridge.invoke('entries.journey', { stream: f.orders.stream, id: o[11] }));
    const ahead = Object.fromEntries(o12.filter((s) => s.kind === 'waiting').map((s) => [s.group, s.ahead]));
    expect(ahead).toEqual({ audit: { count: 8, exact: true }, billing: { count: 6, exact: true }, replay: { count: 1, exact: true } });
    expect(o12.filter((s) => s.kind === 'waiting').every((s) => s.at === null)).toBe(true);

    // o2: dead-lettered from audit (found in <stream>.dead-letter by its original id), with the recorded time.
    const o2 = value(await b.bridge.invoke('entries.journey', { stream: f.orders.stream, id: o[1] }));
    const dead = inGroup(o2, 'audit');
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ kind: 'dead-lettered', instance: 'ghost' });
    expect(dead[0].detail).toContain('handler failed: no such order');
    expect(typeof dead[0].at).toBe('number');

    // d3: deleted from the stream while pending.
    const d3 = value(await b.bridge.invoke('entries.journey', { stream: f.deleted.stream, id: f.deleted.ids[2] }));
    expect(d3.find((s) => s.kind === 'pruned')).toMatchObject({ at: null });
    expect(inGroup(d3, 'worker')[0]).toMatchObject({ kind: 'pending', instance: 'ghost' });
    expect(inGroup(d3, 'worker')[0].detail).toContain('the entry is deleted');
  });

  it('marks pending entries whose entry is gone and acks all of them at once', async () => {
    const d = f.deleted.ids;
    const page = value(await b.bridge.invoke('pending.list', { stream: f.deleted.stream, group: 'worker' }));
    expect(page.entries.map((e) => [e.id, e.entryDeleted])).toEqual([
      [d[1], false],
      [d[2], true],
      [d[3], true],
      [d[4], false],
      [d[5], false],
    ]);
    expect(page.deleted).toEqual({ count: 2, scanned: 5, complete: true });
    expect(value(await b.bridge.invoke('pending.ackDeleted', { stream: f.deleted.stream, group: 'worker' }))).toEqual({
      acked: 2,
      scanned: 5,
      complete: true,
    });
    const after = value(await b.bridge.invoke('pending.list', { stream: f.deleted.stream, group: 'worker' }));
    expect(after.entries.map((e) => e.id)).toEqual([d[1], d[4], d[5]]);
    expect(after.deleted).toEqual({ count: 0, scanned: 3, complete: true });
    expect(await b.bridge.invoke('pending.ackDeleted', { stream: f.deleted.stream, group: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('counts the lag of a group the console creates at $, and its journey says the group skipped older entries', async () => {
    const stream = uniqueName(`contract-foreign-dollar-${kind}`);
    created.push(stream);
    await redis.xadd(stream, '*', 'msg', '{"n":-1}');
    const old = (await redis.xadd(stream, '*', 'msg', '{"n":0}')) as string;
    value(await b.bridge.invoke('groups.create', { stream, group: 'late', from: '$' }));
    for (let i = 1; i <= 4; i++) await redis.xadd(stream, '*', 'msg', JSON.stringify({ n: i }));
    const [late] = value(await b.bridge.invoke('groups.list', { stream }));
    // Redis 7.0 cannot tell (a group created at $ after two entries); 7.2+ can.
    expect(late).toMatchObject({ lag: 4 });
    expect(['redis', 'computed']).toContain(late.lagSource);
    const journey = value(await b.bridge.invoke('entries.journey', { stream, id: old }));
    const [skipped] = inGroup(journey, 'late');
    expect(skipped).toMatchObject({ kind: 'skipped' });
    expect(typeof skipped.at).toBe('number');
    expect(skipped.detail).toContain(`this console created the group at ${old} (asked for $)`);
  });

  it('shows the backlog of a paused hosted instance: lag counted for its group, nothing pending on it', async () => {
    const stream = uniqueName(`contract-foreign-paused-${kind}`);
    created.push(stream);
    await redis.xadd(stream, '*', 'msg', '{"n":0}');
    const inst = value(
      await b.bridge.invoke('instances.join', { stream, group: 'svc', instance: 'paused-one', mode: { kind: 'immediate' }, from: '$' }),
    );
    value(await b.bridge.invoke('instances.pause', { id: inst.id }));
    for (let i = 1; i <= 30; i++) await redis.xadd(stream, '*', 'msg', JSON.stringify({ n: i }));
    const [svc] = value(await b.bridge.invoke('groups.list', { stream }));
    expect(svc).toMatchObject({ name: 'svc', lag: 30, pending: 0 });
    expect(['redis', 'computed']).toContain(svc.lagSource);
    const consumers = await eventually(async () => {
      const list = value(await b.bridge.invoke('consumers.list', { stream, group: 'svc' }));
      return list.some((c) => c.name === 'paused-one') ? list : null;
    });
    expect(consumers.find((c) => c.name === 'paused-one')).toMatchObject({ pending: 0 });
    const [summary] = await listStreams(b.bridge, stream);
    expect(summary).toMatchObject({ totalLag: 30, totalLagKind: 'exact' });
    value(await b.bridge.invoke('instances.leave', { id: inst.id }));
  });
});
