// Alerts against the real Redis, through the console's dispatch: thresholds on lag (Redis's and
// counted), lag in time, pending, oldest pending age and instances that stop being live fire and
// resolve; lag that is unknown never fires; rules are checked at the dispatcher and saved with the
// connection profile; the history is bounded and can be cleared; notifications reach the notifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertStatus } from '../../shared/alerts';
import { createAlertsArea } from '../../electron/console/alerts';
import { LagCounter, LAG_LIMITS } from '../../electron/console/group-lag';
import { callerOfNoPage } from '../../electron/console/callers';
import type { ConsoleContext } from '../../electron/console/context';
import { presenceIndexKey, presenceMember } from '../../electron/engine/keys';
import { connectShared, uniqueName } from '../helpers/redis';
import { eventually, sharedConsole, value } from './support';
import type { ConsoleService } from '../../electron/console';

const redis = connectShared();
const base = uniqueName('alerts');
const keys: string[] = [];
const stream = (name: string) => {
  const s = `${base}:${name}`;
  keys.push(s, presenceIndexKey(s));
  return s;
};
let service: ConsoleService;
const notified: Alert[] = [];

beforeAll(async () => {
  service = await sharedConsole({ alerts: { notify: (a) => notified.push(a), intervalMs: 60_000 } });
});
afterAll(async () => {
  await service.close();
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** A console context over the shared Redis whose events (alerts.changed) land in `events`. */
const recordingContext = (events: AlertStatus[]) =>
  ({
    redis: () => redis,
    key: (name: string) => name,
    name: (key: string | Buffer) => String(key),
    emit: (_event: string, payload: AlertStatus) => events.push(payload),
  }) as unknown as ConsoleContext;
const setRules = async (rules: unknown[]) => value(await service.dispatch('alerts.setRules', { rules })) as AlertStatus;
const check = async () => value(await service.dispatch('alerts.check', {})) as AlertStatus;

describe('alerts', () => {
  it('refuses rules without a threshold, with bad numbers or twice for one group, naming what is wrong', async () => {
    const none = await service.dispatch('alerts.setRules', { rules: [{ stream: 's', group: 'g' }] });
    expect(none).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(!none.ok && none.error.message).toMatch(/rules\.0: must set at least one threshold/);
    const negative = await service.dispatch('alerts.setRules', { rules: [{ stream: 's', group: 'g', lag: -1 }] });
    expect(!negative.ok && negative.error.message).toMatch(/rules\.0\.lag: must be at least 1/);
    const twice = await service.dispatch('alerts.setRules', {
      rules: [
        { stream: 's', group: 'g', lag: 1 },
        { stream: 's', group: 'g', pending: 1 },
      ],
    });
    expect(!twice.ok && twice.error.message).toMatch(/one rule per stream and group/);
    const unknownField = await service.dispatch('alerts.setRules', { rules: [{ stream: 's', group: 'g', lagg: 1 }] });
    expect(!unknownField.ok && unknownField.error.message).toMatch(/lagg/);
  });

  it('fires on lag counted by the console and on lag Redis reports, saying which it compared, then resolves', async () => {
    const s = stream('lag');
    for (let i = 1; i <= 20; i++) await redis.xadd(s, `${i}-0`, 'i', String(i));
    // Moved to an id: Redis gives no lag, the console counts it.
    await redis.xgroup('CREATE', s, 'counted', '0');
    await redis.xgroup('SETID', s, 'counted', '5-0');
    // Read from the start: Redis knows entries-read, so it reports lag itself.
    await redis.xgroup('CREATE', s, 'reported', '0');
    await redis.xreadgroup('GROUP', 'reported', 'c', 'COUNT', 2, 'STREAMS', s, '>');
    const groups = value(await service.dispatch('groups.list', { stream: s })) as Array<{ name: string; lagSource: string }>;
    expect(groups.find((g) => g.name === 'counted')?.lagSource).toBe('computed');
    expect(groups.find((g) => g.name === 'reported')?.lagSource).toBe('redis');

    const status = await setRules([
      { stream: s, group: 'counted', lag: 10, lagMs: 1000 },
      { stream: s, group: 'reported', lag: 10 },
    ]);
    const lagOf = (group: string) => status.firing.find((a) => a.group === group && a.metric === 'lag');
    expect(lagOf('counted')).toMatchObject({ value: 15, threshold: 10, compared: 'counted' });
    expect(lagOf('counted')!.message).toBe(
      `The lag of group counted of stream ${s} is 15 entries, over the threshold of 10 entries (counted by the console: Redis gave none).`,
    );
    expect(lagOf('reported')).toMatchObject({ value: 18, threshold: 10, compared: 'reported' });
    expect(lagOf('reported')!.message).toMatch(/\(Redis's own number\)\.$/);
    // Ids 6-0 … are from 1970: the oldest undelivered entry is decades old.
    expect(status.firing.find((a) => a.group === 'counted' && a.metric === 'lagMs')).toMatchObject({ compared: 'measured' });
    expect(notified.map((a) => a.key)).toEqual(expect.arrayContaining([lagOf('counted')!.key, lagOf('reported')!.key]));

    await redis.xreadgroup('GROUP', 'counted', 'c', 'COUNT', 100, 'STREAMS', s, '>');
    const after = await check();
    expect(after.firing.filter((a) => a.group === 'counted')).toEqual([]);
    const resolved = after.history.filter((h) => h.kind === 'resolved' && h.alert.group === 'counted').map((h) => h.alert.metric);
    expect(resolved.sort()).toEqual(['lag', 'lagMs']);
  });

  it('tells the page when the value of a firing alert moves, not only when an alert fires or resolves', async () => {
    const s = stream('moving');
    for (let i = 1; i <= 10; i++) await redis.xadd(s, `${i}-0`, 'i', String(i));
    await redis.xgroup('CREATE', s, 'g', '0');
    await redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', 4, 'STREAMS', s, '>');
    const events: AlertStatus[] = [];
    const ctx = recordingContext(events);
    const area = createAlertsArea(ctx, new LagCounter(LAG_LIMITS), { intervalMs: 60_000 });
    try {
      const fired = await area.handlers['alerts.setRules']!({ rules: [{ stream: s, group: 'g', lag: 5 }] }, callerOfNoPage());
      expect(fired.firing.map((a) => a.value)).toEqual([6]);
      // Still over, by more: the page hears the new value.
      for (let i = 11; i <= 16; i++) await redis.xadd(s, `${i}-0`, 'i', String(i));
      events.length = 0;
      await area.handlers['alerts.check']!({}, callerOfNoPage());
      expect(events.map((e) => e.firing.map((a) => a.message))).toEqual([
        [`The lag of group g of stream ${s} is 12 entries, over the threshold of 5 entries (Redis's own number).`],
      ]);
      // Nothing moved: nothing is sent.
      events.length = 0;
      await area.handlers['alerts.check']!({}, callerOfNoPage());
      expect(events).toEqual([]);
    } finally {
      await area.close?.();
    }
  });

  it('fires on pending and on the oldest pending age, and resolves once acknowledged', async () => {
    const s = stream('pending');
    for (let i = 1; i <= 5; i++) await redis.xadd(s, `${i}-0`, 'i', String(i));
    await redis.xgroup('CREATE', s, 'g', '0');
    await redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', 3, 'STREAMS', s, '>');
    const status = await setRules([{ stream: s, group: 'g', pending: 2, oldestPendingMs: 60_000 }]);
    expect(status.firing.map((a) => [a.metric, a.value, a.compared])).toEqual(
      expect.arrayContaining([
        ['pending', 3, 'reported'],
        ['oldestPendingMs', expect.any(Number), 'measured'],
      ]),
    );
    await redis.xack(s, 'g', '1-0', '2-0', '3-0');
    const after = await check();
    expect(after.firing).toEqual([]);
    expect(after.history.slice(0, 2).map((h) => h.kind)).toEqual(['resolved', 'resolved']);
  });

  it('fires when an instance of the group stops being live', async () => {
    const s = stream('instances');
    await redis.xgroup('CREATE', s, 'svc', '$', 'MKSTREAM');
    // A presence entry whose heartbeat stopped 30 s ago (its hash expired).
    await redis.zadd(presenceIndexKey(s), Date.now() - 30_000, presenceMember('svc', 'worker-1'));
    const status = await setRules([{ stream: s, group: 'svc', instances: true }]);
    const alert = status.firing.find((a) => a.metric === 'instance');
    expect(alert).toMatchObject({ instance: 'worker-1', compared: 'measured' });
    expect(alert!.message).toMatch(new RegExp(`^Instance worker-1 of group svc of stream .* is not live: last seen (29|30|31) s ago`));
    await redis.zrem(presenceIndexKey(s), presenceMember('svc', 'worker-1'));
    expect((await check()).firing).toEqual([]);
  });

  it('lists a rule on a missing stream or group as skipped, with the reason', async () => {
    const s = stream('missing');
    const status = await setRules([{ stream: s, group: 'nobody', lag: 1 }]);
    expect(status.firing).toEqual([]);
    expect(status.skipped).toEqual([{ stream: s, group: 'nobody', metric: 'lag', reason: `stream ${s} does not exist` }]);
  });

  it('clears the history on request', async () => {
    expect((await check()).history.length).toBeGreaterThan(0);
    const cleared = value(await service.dispatch('alerts.clearHistory', {})) as AlertStatus;
    expect(cleared.history).toEqual([]);
  });

  it('keeps rules with a saved profile, and in memory for a connection without one', async () => {
    const rule = { stream: stream('profile'), group: 'g', pending: 5 };
    expect((await setRules([rule])).rulesSavedIn).toBe('memory');
    const profile = value(await service.dispatch('profiles.save', { name: 'alerting', url: 'redis://127.0.0.1:6379' })) as { id: string };
    value(await service.dispatch('connection.connect', { profileId: profile.id }));
    const empty = value(await service.dispatch('alerts.status', {})) as AlertStatus;
    expect(empty).toMatchObject({ rules: [], rulesSavedIn: 'profile' });
    await setRules([rule]);
    const listed = value(await service.dispatch('profiles.list', {})) as Array<{ id: string; alerts?: unknown }>;
    expect(listed.find((p) => p.id === profile.id)?.alerts).toEqual({ rules: [rule] });
    // Saving the profile again without alerts keeps them (other editors of the profile do not know them).
    value(await service.dispatch('profiles.save', { id: profile.id, name: 'alerting 2', url: 'redis://127.0.0.1:6379' }));
    value(await service.dispatch('connection.connect', { url: 'redis://127.0.0.1:6379' }));
    value(await service.dispatch('connection.connect', { profileId: profile.id }));
    expect((value(await service.dispatch('alerts.status', {})) as AlertStatus).rules).toEqual([rule]);
    await setRules([]);
  });
});

describe('alerts on lag the console could not count', () => {
  it('never fire, and say the lag was not compared', async () => {
    const s = stream('unknown');
    for (let i = 1; i <= 10; i++) await redis.xadd(s, `${i}-0`, 'i', String(i));
    await redis.xgroup('CREATE', s, 'g', '0');
    await redis.xgroup('SETID', s, 'g', '2-0');
    const events: AlertStatus[] = [];
    const ctx = recordingContext(events);
    // A counting budget of nothing: the lag stays unknown.
    const lag = new LagCounter({ ...LAG_LIMITS, entriesPerSec: 0, burstEntries: 0 });
    const area = createAlertsArea(ctx, lag, { intervalMs: 60_000 });
    const status = await area.handlers['alerts.setRules']!({ rules: [{ stream: s, group: 'g', lag: 1, lagMs: 1 }] }, callerOfNoPage());
    await area.close?.();
    expect(status.firing).toEqual([]);
    expect(status.skipped.map((x) => x.metric)).toEqual(['lag', 'lagMs']);
    expect(status.skipped[0].reason).toMatch(/^lag unknown, not compared: .*not counted yet/);
    await eventually(() => events.length > 0, 1000, 'an alerts.changed event');
  });
});
