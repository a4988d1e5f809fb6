// A simulated Bridge for looking at B's screens in a real browser without Redis: three channels of
// broadcast traffic at a chosen rate, two groups of three instances with drifting rates, one of
// which goes dark, pending entries with poison ones, and flow ticks every second.
import type {
  Api,
  Bridge,
  BroadcastMessage,
  EventName,
  Events,
  FlowSnapshot,
  HostedInstance,
  InstanceInfo,
  MethodName,
  Reply,
} from '../../../../shared';

type Listener = (payload: unknown) => void;

export interface SimOptions {
  /** Broadcast messages per second per subscriber connection, summed over channels. */
  broadcastRate: number;
}

export function createSimBridge(opts: SimOptions): Bridge & { stats: { messagesEmitted: number } } {
  const listeners = new Map<EventName, Set<Listener>>();
  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const stats = { messagesEmitted: 0 };
  const stream = 'orders';
  const groups = ['billing', 'audit'];
  const instances: Record<string, string[]> = {
    billing: ['billing-7f9c', 'billing-2a1e', 'billing-c03d'],
    audit: ['audit-1', 'audit-2', 'audit-3'],
  };
  const hostedIds: Record<string, string> = { 'billing-7f9c': 'h1', 'billing-2a1e': 'h2', 'billing-c03d': 'h3' };
  const hosted: Record<string, HostedInstance> = Object.fromEntries(
    Object.entries(hostedIds).map(([instance, id]) => [
      id,
      {
        id,
        stream,
        group: 'billing',
        instance,
        mode: { kind: 'immediate', concurrency: 4 },
        processingDelayMs: 5,
        failureRate: 0.02,
        ackMode: 'auto',
        state: 'running',
        delivered: 0,
        acked: 0,
        failed: 0,
        inFlight: 2,
      },
    ]),
  );
  let t = 0;
  const rateOf = (group: string, instance: string) => {
    if (instance === 'audit-3') return 0; // the dark one
    if (hosted[hostedIds[instance]]?.state === 'paused') return 0;
    const base = group === 'billing' ? 40 : 60;
    return base + 12 * Math.sin(t / 5 + instance.length);
  };
  const snapshot = (): FlowSnapshot => ({
    stream,
    at: Date.now(),
    producedPerSec: 120 + 20 * Math.sin(t / 7),
    length: 100_000 + t * 120,
    groups: groups.map((g) => {
      const rates = instances[g].map((i) => rateOf(g, i));
      const total = rates.reduce((a, b) => a + b, 0);
      return {
        group: g,
        deliveredPerSec: total,
        lag: Math.round(200 + 150 * Math.sin(t / 9) + (g === 'audit' ? t * 3 : 0)),
        pending: Math.round(30 + 20 * Math.cos(t / 4)),
        oldestPendingMs: 1000 + (t % 30) * 900,
        instances: instances[g].map((i, k) => ({
          instance: i,
          presence: i === 'audit-3' ? 'stale' : 'live',
          deliveredPerSec: rates[k],
          ackedPerSec: rates[k] * 0.98,
          inFlight: k + 1,
          share: total ? rates[k] / total : 0,
          hosted: i in hostedIds,
        })),
      };
    }),
  });
  const consumers = (group: string): InstanceInfo[] =>
    instances[group].map((i, k) => {
      const r = rateOf(group, i);
      const total = instances[group].reduce((n, x) => n + rateOf(group, x), 0);
      return {
        name: i,
        pending: 5 + k * 3,
        idleMs: i === 'audit-3' ? 95_000 : 20 + k * 30,
        inactiveMs: null,
        presence: i === 'audit-3' ? 'stale' : 'live',
        mode: group === 'billing' ? { kind: 'immediate', concurrency: 4 } : { kind: 'batched', maxLatencyMs: 500, maxBatchSize: 100 },
        host: 'dev-box',
        pid: 4000 + k,
        startedAt: Date.now() - 600_000,
        lastSeenAt: Date.now(),
        hostedId: hostedIds[i] ?? null,
        metrics: {
          deliveredPerSec: r,
          ackedPerSec: r * 0.98,
          inFlight: k + 1,
          share: total ? r / total : 0,
          publishToDeliverMs: { p50: 2 + k, p95: 9, p99: 14 + k * 3, count: 1000 },
          deliverToAckMs: { p50: 5, p95: 10, p99: 20, count: 1000 },
        },
      };
    });

  setInterval(() => {
    t++;
    emit('flow.tick', [snapshot()]);
    if (t % 7 === 0)
      emit('membership.changed', [
        {
          at: Date.now(),
          stream,
          group: 'audit',
          instance: `audit-${(t % 3) + 1}`,
          kind: t % 14 === 0 ? 'returned' : 'idle',
          detail: 'simulated',
        },
      ]);
  }, 1000);

  // Broadcast: each subscription's N connections receive every message, batched every 100 ms.
  const subs = new Map<string, { channel: string; isPattern: boolean; n: number; seq: number[] }>();
  const channels = ['orders.updates', 'payments.events', 'inventory.changed'];
  let subSeq = 0;
  setInterval(() => {
    if (subs.size === 0) return;
    const perTick = Math.max(1, Math.round(opts.broadcastRate / 10));
    const messages: BroadcastMessage[] = [];
    for (const [id, s] of subs) {
      for (let k = 0; k < perTick; k++) {
        const channel = s.isPattern ? channels[(stats.messagesEmitted + k) % channels.length] : s.channel;
        const payload = JSON.stringify({ id: stats.messagesEmitted + k, channel, at: Date.now(), body: 'x'.repeat(40) });
        for (let i = 0; i < s.n; i++) {
          s.seq[i]++;
          messages.push({
            subscriptionId: id,
            subscriber: i,
            channel,
            pattern: s.isPattern ? s.channel : null,
            payload,
            value: JSON.parse(payload),
            receivedAt: Date.now(),
            seq: s.seq[i],
          });
        }
      }
    }
    stats.messagesEmitted += perTick;
    emit('broadcast.messages', { messages, dropped: 0 });
  }, 100);

  const answer = (method: MethodName, args: Record<string, unknown>): unknown => {
    switch (method) {
      case 'groups.list':
        return groups.map((g) => ({
          name: g,
          consumers: 3,
          pending: 40,
          lastDeliveredId: `${Date.now()}-0`,
          entriesRead: 99_000 + t * 100,
          lag: g === 'audit' ? 1200 + t : 12,
        }));
      case 'consumers.list':
        return consumers(String(args.group));
      case 'instances.list':
        return Object.values(hosted);
      case 'instances.pause':
      case 'instances.resume':
      case 'instances.crash':
      case 'instances.leave': {
        const h = hosted[String(args.id)];
        h.state =
          method === 'instances.pause'
            ? 'paused'
            : method === 'instances.resume'
              ? 'running'
              : method === 'instances.crash'
                ? 'crashed'
                : 'left';
        emit('instances.changed', Object.values(hosted));
        return h;
      }
      case 'flow.watch':
        return snapshot();
      case 'flow.unwatch':
        return { stopped: true };
      case 'flow.timeline':
        return [
          { at: Date.now() - 60_000, stream, group: 'billing', instance: 'billing-7f9c', kind: 'joined' },
          { at: Date.now() - 50_000, stream, group: 'billing', instance: 'billing-2a1e', kind: 'joined' },
          { at: Date.now() - 20_000, stream, group: 'audit', instance: 'audit-3', kind: 'stale', detail: 'no heartbeat for 15 s' },
        ];
      case 'pending.list':
        return {
          entries: Array.from({ length: 40 }, (_, i) => ({
            id: `1700000000${100 + i}-0`,
            consumer: instances.billing[i % 3],
            idleMs: 1000 * i,
            deliveries: i % 9 === 0 ? 7 : 1 + (i % 3),
            poison: i % 9 === 0,
          })),
          total: 40,
          minId: '1700000000100-0',
          maxId: '1700000000139-0',
          next: null,
          perConsumer: instances.billing.map((c) => ({ consumer: c, count: 13 })),
        };
      case 'pending.ack':
        return { acked: (args.ids as string[]).length };
      case 'pending.claim':
        return { claimed: args.ids };
      case 'pending.autoClaim':
        return { claimed: ['1700000000101-0'], deleted: [] };
      case 'deadLetters.list':
        return {
          entries: [
            {
              id: '1800000000000-0',
              originalId: '1700000000050-0',
              stream,
              group: 'billing',
              consumer: 'billing-c03d',
              deliveries: 6,
              error: 'TypeError: amount is undefined',
              payload: { text: '{"orderId":"A-17","amount":null}', size: 32 },
              fields: [{ name: { text: 'msg', size: 3 }, value: { text: '{"orderId":"A-17","amount":null}', size: 32 } }],
              fieldCount: 1,
              deadAt: Date.now() - 30_000,
            },
          ],
          next: null,
          length: 1,
        };
      case 'deadLetters.replay':
        return { replayed: (args.ids as string[]).length };
      case 'broadcast.channels':
        return channels.map((c) => ({
          name: c,
          subscribers: 2 + subs.size,
          messagesPerSec: subs.size ? opts.broadcastRate / channels.length : null,
        }));
      case 'broadcast.subscribe': {
        const id = `sub-${++subSeq}`;
        subs.set(id, {
          channel: String(args.channel),
          isPattern: Boolean(args.isPattern),
          n: Number(args.subscribers ?? 1),
          seq: Array(16).fill(0),
        });
        return { subscriptionId: id };
      }
      case 'broadcast.unsubscribe':
        return { stopped: subs.delete(String(args.subscriptionId)) };
      case 'publish.broadcast':
        return { receivers: 3 };
      case 'instances.join':
        return { ...hosted.h1, id: 'h9', instance: typeof args.instance === 'string' ? args.instance : 'generated-1' };
      default:
        return undefined;
    }
  };

  return {
    stats,
    invoke<M extends MethodName>(method: M, args: Api[M]['args']): Promise<Reply<Api[M]['result']>> {
      const value = answer(method, args as Record<string, unknown>);
      if (value === undefined)
        return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `sim: ${method} not simulated` } });
      return new Promise((resolve) => setTimeout(() => resolve({ ok: true, value: value as Api[M]['result'] }), 5));
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => void set.delete(listener as Listener);
    },
  };
}
