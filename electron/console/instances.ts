// Instances hosted by the console ("join as an instance"): real engine subscriptions, visible to
// every client of the same Redis through the group and engine presence, with a simulated
// processing delay, failure rate and ack mode; pause, resume, crash (stop without acking, pending
// entries left for the others to claim) and leave.
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ConsumerMode, HostedInstance, InstanceMetrics } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import type { Args } from '../../shared/schemas';
import {
  clientFromUrl,
  ENGINE_CONNECTION_DEFAULTS,
  EventConsumer,
  EventStreamService,
  eventStream,
  isRedisError,
  readPresence,
  type ReadPresenceResult,
  type RedisClient,
  type Subscription,
  type SubscriptionStats,
} from '../engine';
import { LatestByKey } from './coalescer';
import type { Area, ConsoleContext } from './context';
import type { ConsumerDetails, ConsumerInsight } from './groups';
import { observeEngine, observeErrors } from './instance-observations';
import type { Observations } from './observations';
import { keyPrefix, textKey } from './redis-key';

export const MAX_HOSTED_INSTANCES = 64;
const KEEP_ENDED = 50;
const STATS_PUSH_MS = 1000;

/** The simulated processing delay; cut short when the instance leaves or crashes. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

interface Hosted {
  info: HostedInstance;
  key: string;
  service: EventStreamService;
  client: RedisClient;
  subscription: Subscription;
  ending: AbortController;
}

export interface InstancesArea extends Area, ConsumerInsight {
  /** Hosted instances still running or paused, for the flow feed. */
  live(): Array<{ stream: string; group: string; instance: string; id: string; stats: SubscriptionStats }>;
  join(args: Args<'instances.join'>): Promise<HostedInstance>;
  leave(id: string): Promise<HostedInstance>;
}

export function toMetrics(stats: SubscriptionStats, groupDeliveredPerSec: number): InstanceMetrics {
  return {
    deliveredPerSec: stats.deliveredPerSec,
    ackedPerSec: stats.ackedPerSec,
    inFlight: stats.inFlight,
    share: groupDeliveredPerSec > 0 ? stats.deliveredPerSec / groupDeliveredPerSec : 0,
    publishToDeliverMs: stats.publishToDeliverMs,
    deliverToAckMs: stats.deliverToAckMs,
  };
}

function modeOf(mode: Args<'instances.join'>['mode']): ConsumerMode {
  return mode.kind === 'immediate'
    ? { kind: 'immediate', concurrency: mode.concurrency, ...(mode.prefetch ? { prefetch: mode.prefetch } : {}) }
    : { kind: 'batched', maxLatencyMs: mode.maxLatencyMs, maxBatchSize: mode.maxBatchSize };
}

/**
 * A group's instances as the Groups view details them: those that announce presence (their
 * heartbeat's stats) and those this console hosts (their engine's own stats, which win).
 */
function consumerDetails(presences: ReadPresenceResult[], hostedHere: Hosted[], now: number): Map<string, ConsumerDetails> {
  const out = new Map<string, ConsumerDetails>();
  const statsOf = new Map<string, SubscriptionStats>();
  for (const p of presences) if (p.stats) statsOf.set(p.instance, p.stats);
  for (const h of hostedHere) statsOf.set(h.info.instance, h.subscription.stats());
  const groupRate = [...statsOf.values()].reduce((sum, s) => sum + s.deliveredPerSec, 0);
  for (const p of presences) {
    const stats = statsOf.get(p.instance);
    out.set(p.instance, {
      presence: p.live ? 'live' : 'stale',
      mode: p.mode,
      host: p.host || null,
      pid: p.pid || null,
      startedAt: p.startedAt || null,
      lastSeenAt: p.lastSeenAt || null,
      hostedId: null,
      metrics: stats ? toMetrics(stats, groupRate) : null,
    });
  }
  for (const h of hostedHere) {
    const known = out.get(h.info.instance);
    out.set(h.info.instance, {
      presence: known?.presence ?? 'live',
      mode: h.info.mode,
      host: known?.host ?? hostname(),
      pid: known?.pid ?? process.pid,
      startedAt: known?.startedAt ?? null,
      lastSeenAt: known?.lastSeenAt ?? now,
      hostedId: h.info.id,
      metrics: toMetrics(h.subscription.stats(), groupRate),
    });
  }
  return out;
}

/** Running or paused: the instance still holds its subscription. */
const isActive = (h: Hosted) => h.info.state === 'running' || h.info.state === 'paused';

/** The instance as the page sees it, with its engine's counts while it runs. */
function snapshot(h: Hosted): HostedInstance {
  if (isActive(h)) {
    const s = h.subscription.stats();
    Object.assign(h.info, { delivered: s.delivered, acked: s.acked, failed: s.failed, inFlight: s.inFlight });
  }
  return {
    ...h.info,
    mode: { ...h.info.mode },
    ...(h.info.errors ? { errors: { ...h.info.errors, last: { ...h.info.errors.last } } } : {}),
  };
}

/** Refuses a join past MAX_HOSTED_INSTANCES, or of an instance name that already runs in the group. */
function checkRoom(hosted: Hosted[], args: Args<'instances.join'>, instance: string): void {
  if (hosted.filter(isActive).length >= MAX_HOSTED_INSTANCES)
    throw new ContractError('conflict', `at most ${MAX_HOSTED_INSTANCES} hosted instances at once; let one leave first`);
  const clash = hosted.find(
    (h) => h.info.stream === args.stream && h.info.group === args.group && h.info.instance === instance && isActive(h),
  );
  if (clash)
    throw new ContractError(
      'conflict',
      `instance ${instance} already runs in ${args.group} on ${args.stream} (hosted id ${clash.info.id})`,
    );
}

function newInstanceInfo(args: Args<'instances.join'>, instance: string): HostedInstance {
  return {
    id: randomUUID(),
    stream: args.stream,
    group: args.group,
    instance,
    mode: modeOf(args.mode),
    processingDelayMs: args.processingDelayMs,
    failureRate: args.failureRate,
    ackMode: args.ackMode,
    state: 'running',
    delivered: 0,
    acked: 0,
    failed: 0,
    inFlight: 0,
  };
}

/**
 * The simulated work of a hosted instance: a delay (cut short by `ending`), then a failure at the
 * configured rate (the engine retries and dead-letters).
 */
function simulatedConsumer(mode: Args<'instances.join'>['mode'], info: HostedInstance, ending: AbortSignal) {
  const work = async (count: number) => {
    if (info.processingDelayMs > 0) await delay(info.processingDelayMs, ending);
    // A crashed process never finishes its work: fail, so nothing cut short can be acked.
    if (info.state === 'crashed') throw new Error('instance crashed');
    if (info.failureRate > 0 && Math.random() < info.failureRate) {
      throw new Error(`simulated failure (failure rate ${info.failureRate}${count > 1 ? `, batch of ${count}` : ''})`);
    }
  };
  return mode.kind === 'immediate'
    ? // One parameter: no meta is built per event (the hosted instance does not read it).
      EventConsumer.immediate<unknown>((_event) => work(1), { concurrency: mode.concurrency })
    : EventConsumer.batched<unknown>({ maxLatency: mode.maxLatencyMs, maxBatchSize: mode.maxBatchSize }, (batch) => work(batch.length));
}

export function createInstancesArea(ctx: ConsoleContext, observations: Observations): InstancesArea {
  const hosted = new Map<string, Hosted>();
  const changes = new LatestByKey<'all', true>(() => ctx.emit('instances.changed', list()));
  const statsTimer = setInterval(() => {
    if ([...hosted.values()].some(isActive)) changes.set('all', true);
  }, STATS_PUSH_MS);
  statsTimer.unref();

  const list = () => [...hosted.values()].map(snapshot);

  const find = (id: string): Hosted => {
    const h = hosted.get(id);
    if (!h) throw new ContractError('not_found', `no hosted instance ${id}`);
    return h;
  };

  const forgetEnded = () => {
    const ended = [...hosted.values()].filter((h) => h.info.state === 'crashed' || h.info.state === 'left');
    for (const h of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) hosted.delete(h.info.id);
  };

  const join = async (args: Args<'instances.join'>): Promise<HostedInstance> => {
    ctx.redis(); // not_connected now rather than an engine that retries forever
    const key = textKey(ctx, args.stream, 'hosting an instance'); // the engine builds its keys as text
    const instance = args.instance ?? `${hostname()}-console-${randomBytes(3).toString('hex')}`;
    checkRoom([...hosted.values()], args, instance);

    const client = clientFromUrl(ctx.redisUrl(), { ...ENGINE_CONNECTION_DEFAULTS, ...ctx.redisOptions(), lazyConnect: false });
    client.on('error', () => undefined);
    const service = new EventStreamService({ redis: client, service: args.group, instance, keyPrefix: keyPrefix(ctx) });
    observeEngine(service, observations, (key) => ctx.name(key));
    const info = newInstanceInfo(args, instance);
    observeErrors(service, info, observations, () => changes.set('all', true));
    const ending = new AbortController();
    const consumer = simulatedConsumer(args.mode, info, ending.signal);
    let subscription: Subscription;
    try {
      subscription = await service.subscribe(eventStream<unknown>(args.stream), consumer, {
        from: args.from,
        ackMode: args.ackMode,
        ...(args.claimIdleMs !== undefined ? { claimIdleMs: args.claimIdleMs } : {}),
        ...(args.maxDeliveries !== undefined ? { maxDeliveries: args.maxDeliveries } : {}),
        ...(args.mode.kind === 'immediate' && args.mode.prefetch ? { prefetch: args.mode.prefetch } : {}),
      });
    } catch (error) {
      await service.close().catch(() => undefined);
      client.disconnect();
      throw explainRefusal(error, key);
    }
    const h: Hosted = { info, key, service, client, subscription, ending };
    hosted.set(info.id, h);
    changes.set('all', true);
    return snapshot(h);
  };

  const end = async (h: Hosted, how: 'crash' | 'leave') => {
    const final = h.subscription.stats();
    if (how === 'crash') {
      h.info.state = 'crashed';
      await h.subscription.crash();
      h.ending.abort(); // cut-short handlers throw (see work), so none of them is acked
    } else {
      h.ending.abort(); // leaving: in-flight simulated work finishes now and is acked
      await h.subscription.stop();
    }
    Object.assign(h.info, {
      delivered: final.delivered,
      acked: final.acked,
      failed: final.failed,
      inFlight: how === 'crash' ? final.inFlight : 0,
    });
    if (how === 'leave') {
      const after = h.subscription.stats();
      Object.assign(h.info, { delivered: after.delivered, acked: after.acked, failed: after.failed });
    }
    h.info.state = how === 'crash' ? 'crashed' : 'left';
    await h.service.close().catch(() => undefined);
    h.client.disconnect();
    changes.set('all', true);
    forgetEnded();
  };

  const setPaused = (id: string, paused: boolean) => {
    const h = find(id);
    if (!isActive(h)) throw new ContractError('conflict', `instance ${h.info.instance} has ${h.info.state}`);
    if (paused) h.subscription.pause();
    else h.subscription.resume();
    h.info.state = paused ? 'paused' : 'running';
    changes.set('all', true);
    return snapshot(h);
  };

  const leave = async (id: string) => {
    const h = find(id);
    if (isActive(h)) await end(h, 'leave');
    return snapshot(h);
  };

  return {
    join,
    leave,
    live: () =>
      [...hosted.values()].filter(isActive).map((h) => ({
        stream: h.info.stream,
        group: h.info.group,
        instance: h.info.instance,
        id: h.info.id,
        stats: h.subscription.stats(),
      })),

    async details(stream, group) {
      const now = Date.now();
      const presences = (await readPresence(ctx.redis(), ctx.key(stream), now)).filter((p) => p.group === group);
      const hostedHere = [...hosted.values()].filter((h) => h.info.stream === stream && h.info.group === group && isActive(h));
      return consumerDetails(presences, hostedHere, now);
    },

    handlers: {
      'instances.join': join,
      'instances.list': async () => list(),
      'instances.pause': async ({ id }) => setPaused(id, true),
      'instances.resume': async ({ id }) => setPaused(id, false),
      'instances.crash': async ({ id }) => {
        const h = find(id);
        if (isActive(h)) await end(h, 'crash');
        return snapshot(h);
      },
      'instances.leave': async ({ id }) => leave(id),
    },

    close: async () => {
      clearInterval(statsTimer);
      await Promise.all([...hosted.values()].filter(isActive).map((h) => end(h, 'leave').catch(() => undefined)));
      changes.flushNow();
    },
  };
}

/** Redis 7.0's NOPERM does not name the key: say which keys an instance needs (an ACL user may lack them). */
function explainRefusal(error: unknown, key: string): unknown {
  const replyError = error as Error & { previousErrors?: Error[] };
  const refusal = [replyError, ...(replyError?.previousErrors ?? [])].find((e) => isRedisError(e, 'no_perm'));
  if (!refusal) return error;
  return new ContractError(
    'redis_error',
    `${refusal.message} — an instance writes its stream, its dead letters and presence keys: the ACL user needs ~${key}, ~${key}.dead-letter and ~streamscope:* (and the stream commands)`,
  );
}
