// Alerts: per-group thresholds checked on the main side on an interval, so they fire whether or not
// a page is open. A check reads each rule's stream once (XINFO STREAM + GROUPS in one pipeline, the
// lag counted under the shared LagCounter budget), one XPENDING summary per group with an age
// threshold and pending entries, and the presence keys of a stream with an instance rule. A value
// that is not known (lag "unknown", a lower bound under the threshold) never fires: it is listed
// as skipped with the reason, and an alert already firing stays as it was.
import type { Alert, AlertCompared, AlertHistoryItem, AlertMetric, AlertRule, AlertSkip, AlertStatus } from '../../shared/alerts';
import { ALERT_LIMITS, ALERT_METRIC_NAMES } from '../../shared/alerts';
import type { GroupInfo, StreamDetail } from '../../shared/dto';
import { formatDuration, plural } from '../../shared/human';
import { ContractError } from '../../shared/reply';
import { idTime, readPresence, type ReadPresenceResult } from '../engine';
import type { Area, ConsoleContext } from './context';
import type { LagCounter } from './group-lag';
import { inspectStream } from './streams';

/** Where the rules live: the connection profile, or memory when connected without one. */
export interface AlertRuleStore {
  where: 'profile' | 'memory';
  load(): Promise<AlertRule[]>;
  save(rules: AlertRule[]): Promise<void>;
}

/** Desktop notifications: the Electron shell gives one; web mode notifies in the page instead. */
export type AlertNotifier = (alert: Alert) => void;

export interface AlertOptions {
  store?: AlertRuleStore;
  notify?: AlertNotifier;
  /** How often every rule is checked (default ALERT_LIMITS.intervalMs). */
  intervalMs?: number;
}

export function memoryRuleStore(initial: AlertRule[] = []): AlertRuleStore {
  let rules = initial;
  return {
    where: 'memory',
    load: async () => rules,
    save: async (next) => {
      rules = next;
    },
  };
}

const COMPARED_WORDS: Record<AlertCompared, string> = {
  reported: "Redis's own number",
  counted: 'counted by the console: Redis gave none',
  'at-least': 'a lower bound counted by the console',
  measured: 'measured from entry ids and timestamps',
};

const LAG_COMPARED: Record<string, AlertCompared> = { redis: 'reported', computed: 'counted', 'at-least': 'at-least' };

function describeValue(metric: AlertMetric, value: number): string {
  if (metric === 'lag') return plural(value, 'entry', 'entries');
  if (metric === 'pending') return plural(value, 'pending entry', 'pending entries');
  return formatDuration(value);
}

function sentence(a: Omit<Alert, 'message' | 'since' | 'key'>): string {
  const where = `group ${a.group} of stream ${a.stream}`;
  if (a.metric === 'instance') {
    return `Instance ${a.instance} of ${where} is not live: last seen ${formatDuration(a.value)} ago (it is live within ${formatDuration(a.threshold)}).`;
  }
  const what = ALERT_METRIC_NAMES[a.metric];
  const bound = a.compared === 'at-least' ? 'at least ' : '';
  return `The ${what} of ${where} is ${bound}${describeValue(a.metric, a.value)}, over the threshold of ${describeValue(a.metric, a.threshold)} (${COMPARED_WORDS[a.compared]}).`;
}

/** What one check found: alerts over their thresholds, and keys whose state cannot be told now. */
interface Findings {
  over: Map<string, Omit<Alert, 'since'>>;
  undetermined: Set<string>;
  skipped: AlertSkip[];
}

/** History ids grow for the life of the process, across reconnects, so a page can tell new items from seen ones. */
let nextHistoryId = 1;

const alertKey = (stream: string, group: string, metric: AlertMetric, instance?: string) =>
  JSON.stringify(instance === undefined ? [stream, group, metric] : [stream, group, metric, instance]);

export interface AlertsArea extends Area {
  check(): Promise<AlertStatus>;
}

export function createAlertsArea(ctx: ConsoleContext, lag: LagCounter, options: AlertOptions = {}): AlertsArea {
  const store = options.store ?? memoryRuleStore();
  const intervalMs = options.intervalMs ?? ALERT_LIMITS.intervalMs;
  let rules: AlertRule[] = [];
  const loaded = store
    .load()
    .then((r) => {
      rules = r.slice(0, ALERT_LIMITS.rules);
    })
    .catch(() => undefined);
  const firing = new Map<string, Alert>();
  let history: AlertHistoryItem[] = [];
  let skipped: AlertSkip[] = [];
  // What the page shows of the firing alerts: which fire, and what each says (its value moves while
  // it stays over), and what was skipped. A change in any of them is sent.
  const firingNow = (): string => JSON.stringify([[...firing].map(([key, alert]) => [key, alert.message]), skipped]);

  let checkedAt: number | null = null;
  let error: string | null = null;
  let running: Promise<AlertStatus> | null = null;
  let closed = false;

  const status = (): AlertStatus => ({
    rules,
    rulesSavedIn: store.where,
    firing: [...firing.values()],
    history,
    skipped,
    checkedAt,
    intervalMs,
    error,
  });

  const remember = (kind: AlertHistoryItem['kind'], alert: Alert, at: number) => {
    history = [{ id: nextHistoryId++, at, kind, alert }, ...history].slice(0, ALERT_LIMITS.history);
  };

  const check = async (): Promise<AlertStatus> => {
    await loaded;
    const now = Date.now();
    let found: Findings;
    try {
      found = await findings(ctx, lag, rules, now);
      error = null;
    } catch (e) {
      error = `The alert check could not read Redis: ${(e as Error).message}`;
      ctx.emit('alerts.changed', status());
      return status();
    }
    if (closed) return status();
    const before = firingNow();
    const fired: Alert[] = [];
    for (const [key, over] of found.over) {
      const current = firing.get(key);
      if (current) {
        // Still over: the value and sentence follow what was last seen.
        firing.set(key, { ...over, since: current.since });
      } else {
        const alert: Alert = { ...over, since: now };
        firing.set(key, alert);
        remember('fired', alert, now);
        fired.push(alert);
      }
    }
    const ruleKeys = new Set(rules.map((r) => JSON.stringify([r.stream, r.group])));
    for (const [key, alert] of firing) {
      if (found.over.has(key)) continue;
      // Unknown now (lag not counted, a bound under the threshold): neither fired anew nor resolved.
      if (found.undetermined.has(key) && ruleKeys.has(JSON.stringify([alert.stream, alert.group]))) continue;
      firing.delete(key);
      remember('resolved', { ...alert, message: `Resolved: ${alert.message}` }, now);
    }
    skipped = found.skipped;
    checkedAt = now;
    for (const alert of fired) {
      try {
        options.notify?.(alert);
      } catch {
        // a notification that cannot be shown must not stop the checks
      }
    }
    const after = firingNow();
    if (before !== after || fired.length > 0) ctx.emit('alerts.changed', status());
    return status();
  };

  const checkOnce = (): Promise<AlertStatus> => (running ??= check().finally(() => (running = null)));

  const timer = setInterval(() => {
    if (rules.length > 0) void checkOnce().catch(() => undefined);
  }, intervalMs);
  timer.unref?.();

  return {
    check: checkOnce,
    handlers: {
      'alerts.status': async () => {
        await loaded;
        return status();
      },
      'alerts.setRules': async ({ rules: next }) => {
        await loaded;
        await store.save(next);
        rules = next;
        const result = await checkOnce();
        ctx.emit('alerts.changed', result);
        return result;
      },
      'alerts.check': async () => checkOnce(),
      'alerts.clearHistory': async () => {
        history = [];
        ctx.emit('alerts.changed', status());
        return status();
      },
    },
    close: () => {
      closed = true;
      clearInterval(timer);
    },
  };
}

function firstMetric(rule: AlertRule): AlertMetric {
  if (rule.lag !== undefined) return 'lag';
  if (rule.lagMs !== undefined) return 'lagMs';
  if (rule.pending !== undefined) return 'pending';
  if (rule.oldestPendingMs !== undefined) return 'oldestPendingMs';
  return 'instance';
}

/** Checks every rule, reading each rule's stream once. */
async function findings(ctx: ConsoleContext, lag: LagCounter, rules: AlertRule[], now: number): Promise<Findings> {
  const out: Findings = { over: new Map(), undetermined: new Set(), skipped: [] };
  const byStream = new Map<string, AlertRule[]>();
  for (const r of rules) byStream.set(r.stream, [...(byStream.get(r.stream) ?? []), r]);
  await Promise.all([...byStream].map(([stream, streamRules]) => checkStream(ctx, lag, stream, streamRules, now, out)));
  return out;
}

/** The rules of one stream: its groups' numbers against their thresholds, and its instances' presence. */
async function checkStream(
  ctx: ConsoleContext,
  lag: LagCounter,
  stream: string,
  streamRules: AlertRule[],
  now: number,
  out: Findings,
): Promise<void> {
  let detail: StreamDetail;
  try {
    detail = await inspectStream(ctx, lag, stream);
  } catch (e) {
    if (!(e instanceof ContractError && e.code === 'not_found')) throw e;
    for (const r of streamRules)
      out.skipped.push({ stream, group: r.group, metric: firstMetric(r), reason: `stream ${stream} does not exist` });
    return;
  }
  const key = ctx.key(stream);
  const wantsPresence = streamRules.some((r) => r.instances);
  const presence = wantsPresence ? await readPresence(ctx.redis(), key, now) : [];
  const oldestPending = await oldestPendingIds(
    ctx,
    key,
    streamRules.filter((r) => r.oldestPendingMs !== undefined).map((r) => detail.groups.find((g) => g.name === r.group)),
  );
  for (const rule of streamRules) {
    const group = detail.groups.find((g) => g.name === rule.group);
    if (!group) {
      out.skipped.push({
        stream,
        group: rule.group,
        metric: firstMetric(rule),
        reason: `group ${rule.group} does not exist on stream ${stream}`,
      });
      continue;
    }
    evaluateGroup(rule, group, oldestPending.get(group.name) ?? null, now, out);
    if (rule.instances) evaluateInstances(rule, presence, now, out);
  }
}

/** Every instance of the rule's group that is not live (its presence has lapsed) is an alert. */
function evaluateInstances(rule: AlertRule, presence: ReadPresenceResult[], now: number, out: Findings): void {
  const { stream } = rule;
  for (const p of presence.filter((x) => x.group === rule.group && !x.live)) {
    const base = { stream, group: rule.group, metric: 'instance' as const, instance: p.instance };
    const found = { ...base, value: Math.max(0, now - p.lastSeenAt), threshold: p.ttlMs, compared: 'measured' as const };
    const key = alertKey(stream, rule.group, 'instance', p.instance);
    out.over.set(key, { key, ...found, message: sentence(found) });
  }
}

/** Compares one group's numbers with its rule's thresholds. */
function evaluateGroup(rule: AlertRule, g: GroupInfo, oldestPendingId: string | null, now: number, out: Findings): void {
  const { stream, group } = rule;
  const consider = (
    metric: AlertMetric,
    threshold: number | undefined,
    value: number | null,
    compared: AlertCompared,
    unknownWhy: string,
  ) => {
    if (threshold === undefined) return;
    const key = alertKey(stream, group, metric);
    if (value === null) {
      out.undetermined.add(key);
      out.skipped.push({ stream, group, metric, reason: unknownWhy });
      return;
    }
    if (value > threshold) {
      const found = { stream, group, metric, value, threshold, compared };
      out.over.set(key, { key, ...found, message: sentence(found) });
    } else if (compared === 'at-least') {
      // A lower bound at or under the threshold says nothing about the real lag.
      out.undetermined.add(key);
      out.skipped.push({
        stream,
        group,
        metric,
        reason: `lag is at least ${value.toLocaleString('en-US')}: not known whether it is over ${threshold.toLocaleString('en-US')}`,
      });
    }
  };
  const lagKnown = g.lag != null && g.lagSource !== 'unknown';
  const lagUnknownWhy = `lag unknown, not compared${g.lagNote ? `: ${g.lagNote}` : ''}`;
  consider('lag', rule.lag, lagKnown ? g.lag! : null, LAG_COMPARED[g.lagSource ?? 'redis'] ?? 'reported', lagUnknownWhy);
  const lagAge = !lagKnown ? null : g.lag === 0 ? 0 : g.oldestUndeliveredMs;
  consider('lagMs', rule.lagMs, lagAge ?? null, 'measured', lagKnown ? 'the oldest undelivered entry could not be found' : lagUnknownWhy);
  consider('pending', rule.pending, g.pending, 'reported', '');
  const pendingAge = g.pending === 0 ? 0 : oldestPendingId ? Math.max(0, now - idTime(oldestPendingId)) : null;
  consider('oldestPendingMs', rule.oldestPendingMs, pendingAge, 'measured', 'the oldest pending entry could not be read');
}

/** The smallest pending id of each group (XPENDING summary), in one pipeline on the stream's key. */
async function oldestPendingIds(
  ctx: ConsoleContext,
  key: ReturnType<ConsoleContext['key']>,
  groups: Array<GroupInfo | undefined>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = groups.filter((g): g is GroupInfo => g !== undefined && g.pending > 0);
  if (wanted.length === 0) return out;
  const pipeline = ctx.redis().pipeline();
  for (const g of wanted) pipeline.call('XPENDING', key, g.name);
  const replies = (await pipeline.exec()) ?? [];
  replies.forEach(([err, reply], i) => {
    if (!err && Array.isArray(reply) && reply[1] != null) out.set(wanted[i].name, String(reply[1]));
  });
  return out;
}
