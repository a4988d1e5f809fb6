// EventStreamService: one per (service, instance). Owns the command connection, creates
// producers and subscriptions, runs presence and periodic pruning, and emits engine events.
import { hostname } from 'node:os';
import type { RedisClient } from './cluster';
import { ConnectionSource } from './connection';
import { TypedEmitter } from './emitter';
import { UnheardErrors } from './unheard';
import { DEFAULT_HEARTBEAT_MS } from './presence';
import { EventProducer } from './producer';
import { pruneWithLock } from './prune';
import { redisErrorKind } from './redis-errors';
import { StreamSubscription } from './subscription';
import type {
  EngineEvents,
  EventConsumerSpec,
  EventStream,
  EventStreamServiceOptions,
  SubscribeOptions,
  Subscription,
  WaitForReplicas,
} from './types';
import { DEFAULT_MAXLEN } from './wire';

export class EventStreamService {
  /** `error` events with no listener go to the process's error reporter (see unheard.ts). */
  readonly events: TypedEmitter<EngineEvents>;
  readonly service: string;
  readonly instance: string;
  readonly keyPrefix: string;
  private readonly connections: ConnectionSource;
  private readonly subs = new Set<StreamSubscription<unknown>>();
  private readonly pruneTimers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: EventStreamServiceOptions) {
    if (!options || typeof options.service !== 'string' || options.service.length === 0) {
      throw new TypeError('EventStreamService: `service` (the consumer group name) must be a non-empty string');
    }
    if (options.redis === undefined || options.redis === null)
      throw new TypeError('EventStreamService: `redis` (URL, options or client) is required');
    const unheard = new UnheardErrors();
    this.events = new TypedEmitter<EngineEvents>({ error: (e) => unheard.report(e) });
    this.service = options.service;
    this.instance = options.instance ?? hostname();
    this.keyPrefix = options.keyPrefix ?? '';
    let lastReport = 0;
    this.connections = new ConnectionSource(options.redis, (e) => {
      // One report per second at most: during an outage every reconnect attempt fails.
      const now = Date.now();
      if (now - lastReport < 1000) return;
      lastReport = now;
      const kind = redisErrorKind(e);
      this.events.emit('error', { at: now, context: 'connection', error: e.message, ...(kind === 'other' ? {} : { kind }) });
    });
  }

  /** The command connection (shared; do not use it for blocking commands). */
  get redis(): RedisClient {
    return this.connections.client;
  }

  /** The Redis key of a stream name (keyPrefix + name). */
  streamKey(name: string): string {
    return this.keyPrefix + name;
  }

  createProducer<T>(stream: EventStream<T>, opts: { maxLen?: number; waitForReplicas?: WaitForReplicas } = {}): EventProducer<T> {
    this.assertOpen();
    const waitForReplicas = opts.waitForReplicas ?? this.options.waitForReplicas;
    return new EventProducer(
      stream,
      this.streamKey(stream.name),
      this.redis,
      opts.maxLen ?? this.options.maxLen ?? DEFAULT_MAXLEN,
      this.events,
      waitForReplicas,
    );
  }

  /** Creates the group if needed (BUSYGROUP ignored), announces presence, starts reading. */
  async subscribe<T>(stream: EventStream<T>, consumer: EventConsumerSpec<T>, options: SubscribeOptions = {}): Promise<Subscription> {
    this.assertOpen();
    const presence = this.options.presence === false ? null : { heartbeatMs: DEFAULT_HEARTBEAT_MS, ...this.options.presence };
    const sub = new StreamSubscription<T>({
      key: this.streamKey(stream.name),
      stream,
      consumer,
      options: { ...this.options.defaults, ...options },
      service: this.service,
      instance: options.instance ?? this.options.defaults?.instance ?? this.instance,
      connections: this.connections,
      events: this.events,
      presence: presence ? { heartbeatMs: presence.heartbeatMs, ttlMs: presence.ttlMs ?? 3 * presence.heartbeatMs } : null,
      onEnd: (s) => this.subs.delete(s as StreamSubscription<unknown>),
    });
    // Two loops sharing one consumer name would re-read each other's pending entries as their own.
    const twin = [...this.subs].find((s) => s.stream === sub.stream && s.group === sub.group && s.instance === sub.instance);
    if (twin)
      throw new Error(
        `instance ${sub.instance} already consumes ${sub.stream} in group ${sub.group}; stop it first or use another instance name`,
      );
    this.subs.add(sub as StreamSubscription<unknown>);
    try {
      await sub.start();
    } catch (e) {
      this.subs.delete(sub as StreamSubscription<unknown>);
      throw e;
    }
    this.schedulePrune(sub.stream);
    return sub;
  }

  subscriptions(): Subscription[] {
    return [...this.subs];
  }

  /** Stops every subscription gracefully (in-flight handlers finish and are acked), then disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.pruneTimers.values()) clearInterval(t);
    this.pruneTimers.clear();
    await Promise.all([...this.subs].map((s) => s.stop()));
    await this.connections.close();
  }

  private schedulePrune(key: string): void {
    const p = this.options.prune;
    if (!p || this.pruneTimers.has(key)) return;
    const owner = `${this.service}/${this.instance}/${process.pid}`;
    const run = () =>
      void pruneWithLock(this.redis, key, p.policy, { safe: p.safe ?? true, everyMs: p.everyMs, owner })
        .then((r) => {
          if (r && this.events.has('pruned'))
            this.events.emit('pruned', { at: Date.now(), stream: key, removed: r.removed, lengthAfter: r.lengthAfter });
        })
        .catch((e: unknown) => this.events.emit('error', { at: Date.now(), stream: key, context: 'periodic prune', error: String(e) }));
    const timer = setInterval(run, p.everyMs);
    timer.unref();
    this.pruneTimers.set(key, timer);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`EventStreamService ${this.service}/${this.instance} is closed`);
  }
}
