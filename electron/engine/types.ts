// Public types of the engine: stream definitions, consumers, options, observability events,
// presence records. Plain data; the behaviour lives in the modules that use them.
import type { Cluster, Redis, RedisOptions } from 'ioredis';
import type { RedisErrorKind } from './redis-errors';

/** How a consumer takes events: one at a time, or in batches bounded by latency and size. */
export interface ConsumerMode {
  kind: 'immediate' | 'batched';
  concurrency?: number;
  prefetch?: number;
  maxLatencyMs?: number;
  maxBatchSize?: number;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

/**
 * How an entry's fields read: ucloud: a single `msg` field holding JSON (UCloud's wire format);
 * json: a single other field holding JSON; fields: several fields; sentinel: UCloud's
 * `msg=stream-init` marker; raw: one field that is not JSON.
 */
export type EntryFormat = 'ucloud' | 'json' | 'fields' | 'sentinel' | 'raw';

export type PrunePolicy = { kind: 'maxLength'; maxLength: number } | { kind: 'maxAge'; maxAgeMs: number };

export interface PrunePreview {
  stream: string;
  policy: PrunePolicy;
  safe: boolean;
  /** Entries that would be removed. */
  wouldRemove: number;
  firstId: string | null;
  lastId: string | null;
  /** Of those, how many are still pending in some group. */
  pending: number;
  /** Of those, how many some group has not read yet. */
  undelivered: number;
  /** With safe mode: entries the policy would remove but are kept because pending/undelivered. */
  keptForSafety: number;
  lengthBefore: number;
}

export interface PruneResult {
  stream: string;
  removed: number;
  lengthAfter: number;
}

/**
 * A URL (`redis://…`), ioredis options (Sentinel: `{ sentinels, name }`), or a ready ioredis
 * client, `Redis` or `Cluster` (a client given here is never quit by the engine).
 */
export type RedisInput = string | RedisOptions | Redis | Cluster;

/**
 * After each produce, wait until `count` replicas acknowledged the write (Redis WAIT), at most
 * `timeoutMs`; fewer acknowledgements reject the produce with NotReplicatedError (the entry is
 * on the master all the same). See docs/cluster.md for what this does and does not protect.
 */
export interface WaitForReplicas {
  count: number;
  timeoutMs: number;
}

/** A named event stream carrying events of type T (UCloud: `stream<T>(name, keySelector)`). */
export interface EventStream<T> {
  readonly name: string;
  /** Optional partition/ordering key: with concurrency > 1, events with equal keys run one at a time. */
  readonly key?: (event: T) => string;
  /** Phantom marker so T is inferred at call sites; never set at runtime. */
  readonly __event?: T;
}

/** A named pub/sub channel carrying messages of type T (UCloud BroadcastingStream). */
export interface BroadcastStream<T> {
  readonly name: string;
  readonly __message?: T;
}

/** What a handler learns about the entry it is given. */
export interface DeliveryMeta {
  id: string;
  stream: string;
  group: string;
  instance: string;
  /** Times this entry was delivered to the group so far, this delivery included (from the PEL). */
  deliveryCount: number;
  /** Milliseconds part of the entry id: when Redis accepted the produce. */
  producedAt: number;
}

/** Gets `meta` only if it declares it (or rest parameters): `(event) => …` is called with the event alone. */
export type ImmediateHandler<T> = (event: T, meta: DeliveryMeta) => Promise<void> | void;
/** Gets `meta` (one per event, same order) only if it declares it (or rest parameters): `(batch) => …` is called with the batch alone. */
export type BatchedHandler<T> = (batch: T[], meta: DeliveryMeta[]) => Promise<void> | void;

export interface ImmediateSettings {
  /** Handlers running at once for this subscription (default 1: strictly in order). */
  concurrency?: number;
}

export interface BatchedSettings {
  /** Flush this many ms after the first buffered event (default 500). */
  maxLatency?: number;
  /** Flush as soon as this many events are buffered (default 1000). */
  maxBatchSize?: number;
}

export type EventConsumerSpec<T> =
  | { kind: 'immediate'; settings: ImmediateSettings; handler: ImmediateHandler<T> }
  | { kind: 'batched'; settings: Required<BatchedSettings>; handler: BatchedHandler<T> };

export interface SubscribeOptions {
  /** Where a NEW group starts: '$' (default, only new entries), '0' (everything) or an entry id. */
  from?: string;
  /** Group name (default: the service name). */
  group?: string;
  /** Consumer name (default: the service's instance). Lets one process host several instances. */
  instance?: string;
  /** Entries pending longer than this on any instance of the group are claimed (default 30000). */
  claimIdleMs?: number;
  /** How often to run the claim pass (default claimIdleMs / 2, at least 250 ms). */
  claimEveryMs?: number;
  /** Deliveries after which a failing entry goes to the dead-letter stream (default 5). */
  maxDeliveries?: number;
  /** Immediate only; overrides the consumer's setting. */
  concurrency?: number;
  /** Entries fetched per XREADGROUP round trip (default 100; batched: max(maxBatchSize, prefetch)). */
  prefetch?: number;
  /** XREADGROUP BLOCK timeout (default 2000 ms); only bounds how quickly stop() is noticed by Redis. */
  blockMs?: number;
  /** Retry backoff for throwing handlers: base * 2^(attempt-1), capped (defaults 100 / 5000 ms). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** 'never' leaves every entry pending (console "no ack" instances); default 'auto'. */
  ackMode?: 'auto' | 'never';
  /**
   * How long stop() (and the service's close()) waits for running handlers (default 10000 ms).
   * After it the subscription stops anyway: those handlers' entries are not acked and are marked
   * idle so peers claim them at their next pass; a late settle changes nothing.
   */
  stopTimeoutMs?: number;
}

export interface PresenceOptions {
  /** Heartbeat period (default 2000 ms). */
  heartbeatMs?: number;
  /** Expiry of the presence hash (default 3 × heartbeatMs). */
  ttlMs?: number;
}

export interface PeriodicPruneOptions {
  policy: PrunePolicy;
  everyMs: number;
  /** Safe mode (default true): never remove pending or undelivered entries. */
  safe?: boolean;
}

export interface EventStreamServiceOptions {
  redis: RedisInput;
  /** Service name = consumer group name (UCloud: the microservice name). */
  service: string;
  /** Instance name = consumer name (UCloud: the hostname). Default: os.hostname(). */
  instance?: string;
  /** Prefix for stream keys (default ''). Presence/lock keys use the prefixed stream name. */
  keyPrefix?: string;
  /** MAXLEN ~ cap on produce (default DEFAULT_MAXLEN = 1,000,000); 0 disables it. */
  maxLen?: number;
  /** Replica acknowledgement before produce resolves (default: none, like UCloud). */
  waitForReplicas?: WaitForReplicas;
  /** Presence heartbeats; false turns them off. */
  presence?: PresenceOptions | false;
  /** Periodic pruning of every subscribed stream, one instance at a time per stream (lock). */
  prune?: PeriodicPruneOptions;
  /** Defaults applied to every subscribe() call. */
  defaults?: SubscribeOptions;
}

export type SubscriptionState = 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'crashed';

/** Per-subscription counters and latency over a sliding window. */
export interface SubscriptionStats {
  delivered: number;
  acked: number;
  failed: number;
  retried: number;
  deadLettered: number;
  claimed: number;
  /** Handlers running now plus entries buffered (batched) or prefetched but not finished. */
  inFlight: number;
  deliveredPerSec: number;
  ackedPerSec: number;
  /** Entry id time → handed to the handler. */
  publishToDeliverMs: LatencySummary | null;
  /** Handed to the handler → acked. */
  deliverToAckMs: LatencySummary | null;
}

/** One instance's presence record (hash `streamscope:presence:{<stream>}:<group>:<instance>`). */
export interface InstancePresence {
  stream: string;
  group: string;
  service: string;
  instance: string;
  host: string;
  pid: number;
  mode: ConsumerMode;
  startedAt: number;
  lastSeenAt: number;
  heartbeatMs: number;
  ttlMs: number;
  stats: SubscriptionStats | null;
}

export type ReadPresenceResult = InstancePresence & { live: boolean };

interface Base {
  /** Date.now() when it happened. */
  at: number;
  stream: string;
}
interface InGroup extends Base {
  group: string;
  instance: string;
}

/** The engine's observability events (EventStreamService.events). */
export interface EngineEvents {
  produced: Base & { ids: string[]; count: number };
  delivered: InGroup & { id: string; producedAt: number; deliveryCount: number };
  acked: InGroup & { id: string; handlerMs: number };
  failed: InGroup & { id: string; error: string; deliveryCount: number };
  retried: InGroup & { id: string; deliveryCount: number; delayMs: number };
  claimed: InGroup & { ids: string[]; from?: string };
  deadLettered: InGroup & { id: string; reason: string; deadLetterId: string };
  batchFlushed: InGroup & { size: number; reason: 'size' | 'latency' | 'stop' };
  instanceJoined: InGroup & { mode: ConsumerMode };
  instanceLeft: InGroup & { reason: 'stop' | 'crash' };
  pruned: Base & { removed: number; lengthAfter: number };
  /** Something went wrong outside a handler (connection lost, claim pass failed…). Never thrown. */
  error: {
    at: number;
    stream?: string;
    group?: string;
    instance?: string;
    context: string;
    /** What went wrong; for a Redis refusal, Redis's words and then what they mean. */
    error: string;
    /** What kind of Redis error it was, when Redis (or the lost connection) said. */
    kind?: RedisErrorKind;
  };
}

/** A dead-lettered entry as read back from `<stream>.dead-letter`. */
export interface DeadLetterRecord {
  /** Id in the dead-letter stream. */
  id: string;
  originalId: string;
  stream: string;
  group: string;
  consumer: string;
  deliveries: number;
  error: string;
  deadAt: number;
  /**
   * The original entry's fields in order, [name, value], byte for byte (what a replay writes back).
   * Dead letters written before the engine kept them hold only the first field's value, as `msg`.
   */
  fields: Array<[Buffer, Buffer]>;
  /** The first field's value decoded as UTF-8 text (U+FFFD where it is not UTF-8; `fields` has the bytes). */
  payload: string;
}

/** A running consumer of one stream for one (group, instance). */
export interface Subscription {
  readonly stream: string;
  readonly group: string;
  readonly instance: string;
  readonly mode: ConsumerMode;
  readonly state: SubscriptionState;
  /**
   * Graceful: stop reading, wait for in-flight handlers (at most stopTimeoutMs; entries of handlers
   * still running then are left pending for peers), ack what finished, release prefetched entries
   * not started (peers claim them on their next pass), leave presence.
   */
  stop(): Promise<void>;
  /** Stop reading new entries; in-flight handlers (and a buffered batch) still finish and ack. */
  pause(): void;
  resume(): void;
  /**
   * Abandon at once, like a killed process: no further acks (in-flight and buffered entries stay
   * pending for others to claim), connections dropped. The presence hash is left to expire so the
   * console sees the instance go stale.
   */
  crash(): Promise<void>;
  stats(): SubscriptionStats;
}

export interface BroadcastMeta {
  channel: string;
  /** The raw payload text. */
  payload: string;
  receivedAt: number;
}

export interface BroadcastEvents {
  /** A payload that is not JSON: reported here (and to onError), never thrown. */
  malformed: { at: number; channel: string; payload: string; error: string };
  /** The subscriber connection was lost. */
  disconnected: { at: number; reason: string };
  /**
   * Subscriptions restored after a reconnect; messages published in [from, to] were missed. When Redis
   * dropped the subscriber for a full output buffer, messages still queued in that buffer (published
   * shortly before `from`) were lost too, so the gap is a lower bound.
   */
  resubscribed: { at: number; channels: string[]; from: number; to: number };
  error: { at: number; context: string; error: string };
}
