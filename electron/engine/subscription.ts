// One consumer of one stream for one (group, instance): a blocking XREADGROUP loop on its own
// connection, a dispatcher (Immediate or Batched), coalesced acks, a claim pass for dead
// instances, presence heartbeats. See docs/engine-api.md for the guarantees.
import { BatchedDispatcher } from './batched';
import { isRedisError, redisErrorKind, redisErrorText } from './redis-errors';
import { connectionFor, isCluster, masterAddressFor, nodeAt, sameSlot, type RedisClient } from './cluster';
import type { ConnectionSource } from './connection';
import { deadLetterArgs } from './deadLetter';
import { deadLetterStream } from './keys';
import { Delivery, errorText, type DispatchHost, type Dispatcher } from './delivery';
import type { TypedEmitter } from './emitter';
import { EntryHold, holdOwn } from './hold';
import { firstRead, type FirstRead } from './first-read';
import { ImmediateDispatcher } from './immediate';
import { PresenceHeartbeat } from './presence';
import { Signal, sleep } from './signal';
import { SubscriptionCounters } from './stats';
import type {
  ConsumerMode,
  DeliveryMeta,
  EngineEvents,
  EventConsumerSpec,
  EventStream,
  SubscribeOptions,
  Subscription,
  SubscriptionState,
  SubscriptionStats,
} from './types';
import { decodeJson, idTime, NOT_JSON, parseJson, STREAM_INIT } from './wire';
import { detachStreamEntries, streamEntriesAsText, type StreamReadBytesReply } from './reply';

export const SUBSCRIBE_DEFAULTS = {
  from: '$',
  claimIdleMs: 30_000,
  maxDeliveries: 5,
  prefetch: 100,
  blockMs: 2_000,
  retryBaseMs: 100,
  retryMaxMs: 5_000,
  stopTimeoutMs: 10_000,
} as const;

type ReaderAcks = 'none' | 'before' | 'behind';
const CLAIM_PAGE = 100;
/**
 * Acks go behind the next read (see readWithAcks) when the read just handled waited less than
 * this for its entries, and that read blocks at most this long: the latest they reach Redis.
 */
const ACK_BEHIND_MS = 10;
/** At most one `error` event per kind (context) and subscription in this period. */
const ERROR_EVERY_MS = 250;

export interface SubscriptionInit<T> {
  key: string;
  stream: EventStream<T>;
  consumer: EventConsumerSpec<T>;
  options: SubscribeOptions;
  service: string;
  instance: string;
  connections: ConnectionSource;
  events: TypedEmitter<EngineEvents>;
  presence: { heartbeatMs: number; ttlMs: number } | null;
  onEnd: (sub: Subscription) => void;
}

function positive(what: string, v: number | undefined, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
    throw new RangeError(`subscribe option ${what} must be a number >= ${min}, got ${v}`);
  return v;
}

export class StreamSubscription<T> implements Subscription, DispatchHost {
  readonly stream: string;
  readonly group: string;
  readonly instance: string;
  readonly mode: ConsumerMode;
  readonly maxDeliveries: number;
  private _state: SubscriptionState = 'starting';
  private readonly from: string;
  private readonly claimIdleMs: number;
  private readonly claimEveryMs: number;
  private readonly blockMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly stopTimeoutMs: number;
  private readonly ackAuto: boolean;
  private readonly dispatcher: Dispatcher;
  private readonly counters = new SubscriptionCounters();
  private readonly redis: RedisClient;
  private reader: RedisClient | null = null;
  private readerId: number | null = null;
  /** On a cluster: `host:port` of the node the reader's blocking connection talks to. */
  private readerAddress: string | null = null;
  /** Settles once the reader is connected and its client id asked for (see start()). */
  private readerStarted: Promise<void> = Promise.resolve();
  private readerUp = false;
  /** The first read (own pending entries, else new ones), sent by start() with the group's creation; taken by the read loop. */
  private firstRead: { sentAt: number; result: Promise<FirstRead<string[] | null> | null> } | null = null;
  private reading = false;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly wake = new Signal();
  /** Retry backoffs in progress; cut short on stop/crash so they do not delay the stop. */
  private readonly backoffs = new Map<NodeJS.Timeout, () => void>();
  private claimTimer: NodeJS.Timeout | null = null;
  private claiming = false;
  /** Keeps the hold on fetched entries not started yet (see hold.ts). */
  private readonly hold: EntryHold;
  private holdTimer: NodeJS.Timeout | null = null;
  /** Last time the handler was handed an entry. */
  private progressAt = Date.now();
  private presence: PresenceHeartbeat | null = null;
  /** Ids waiting for the next XACK, and per run of them [count, deliveredAt, handlerMs] (0 = not a delivery). */
  private ackIds: string[] = [];
  private ackRuns: number[] = [];
  private ackScheduled = false;
  /** True while the read loop hands a read's entries out: it sends their acks itself right after. */
  private dispatching = false;
  private ackInFlight: Promise<void> = Promise.resolve();
  /** Per error context: when it was last reported (each kind is rate-limited on its own). */
  private readonly lastErrorAt = new Map<string, number>();

  constructor(private readonly init: SubscriptionInit<T>) {
    const o = init.options;
    this.stream = init.key;
    this.group = o.group ?? init.service;
    this.instance = init.instance;
    if (!this.group) throw new TypeError('subscribe: group name must be non-empty');
    if (!this.instance) throw new TypeError('subscribe: instance name must be non-empty');
    this.from = o.from ?? SUBSCRIBE_DEFAULTS.from;
    if (!/^(\$|0|\d+(-\d+)?)$/.test(this.from))
      throw new TypeError(`subscribe option from must be '$', '0' or an entry id, got ${JSON.stringify(this.from)}`);
    this.claimIdleMs = positive('claimIdleMs', o.claimIdleMs, SUBSCRIBE_DEFAULTS.claimIdleMs);
    this.claimEveryMs = positive('claimEveryMs', o.claimEveryMs, Math.max(250, Math.floor(this.claimIdleMs / 2)));
    this.maxDeliveries = positive('maxDeliveries', o.maxDeliveries, SUBSCRIBE_DEFAULTS.maxDeliveries);
    this.blockMs = positive('blockMs', o.blockMs, SUBSCRIBE_DEFAULTS.blockMs);
    this.retryBaseMs = positive('retryBaseMs', o.retryBaseMs, SUBSCRIBE_DEFAULTS.retryBaseMs, 0);
    this.retryMaxMs = positive('retryMaxMs', o.retryMaxMs, SUBSCRIBE_DEFAULTS.retryMaxMs, 0);
    this.stopTimeoutMs = positive('stopTimeoutMs', o.stopTimeoutMs, SUBSCRIBE_DEFAULTS.stopTimeoutMs, 0);
    const prefetch = positive('prefetch', o.prefetch, SUBSCRIBE_DEFAULTS.prefetch);
    this.ackAuto = (o.ackMode ?? 'auto') === 'auto';
    this.redis = init.connections.client;
    const c = init.consumer;
    if (c.kind === 'immediate') {
      const concurrency = positive('concurrency', o.concurrency ?? c.settings.concurrency, 1);
      this.mode = { kind: 'immediate', concurrency, prefetch };
      this.dispatcher = new ImmediateDispatcher<T>(this, c.handler, concurrency, prefetch, init.stream.key);
    } else if (c.kind === 'batched') {
      const { maxLatency, maxBatchSize } = c.settings;
      this.mode = { kind: 'batched', maxLatencyMs: maxLatency, maxBatchSize, prefetch };
      this.dispatcher = new BatchedDispatcher<T>(this, c.handler, maxLatency, maxBatchSize, prefetch);
    } else {
      throw new TypeError(
        `subscribe: consumer must come from EventConsumer.immediate/batched, got kind ${JSON.stringify((c as { kind: unknown }).kind)}`,
      );
    }
    this.hold = new EntryHold(
      {
        redis: this.redis,
        stream: this.stream,
        group: this.group,
        instance: this.instance,
        holding: () => this.live,
        waiting: () => this.dispatcher.waiting(),
        drop: (ids) => this.dispatcher.drop(ids),
        stalled: () => this.stalled(),
        reportError: (context, e) => this.reportError(context, e),
      },
      this.claimIdleMs,
    );
  }

  get state(): SubscriptionState {
    return this._state;
  }

  stats(): SubscriptionStats {
    this.counters.inFlight = this.dispatcher.load();
    return this.counters.snapshot();
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  async start(): Promise<void> {
    // What the first delivery waits for goes out first: the group's creation and, in the same
    // flight on the same connection (so Redis runs it once the group exists), the first read: this
    // instance's own pending entries (an earlier life), or new ones when it has none (first-read.ts).
    // A fresh instance's first events then come with the start's round trip. If the start fails,
    // new entries it read are let go of for peers (it may leave the instance as an empty consumer
    // of the group, as a crashed instance does).
    const groupReady = this.ensureGroup();
    this.firstRead = {
      sentAt: Date.now(),
      // A failed one is simply sent again by the read loop, which reports what goes on failing.
      result: firstRead<string[] | null>(this.redis, this.stream, this.group, this.instance, this.dispatcher.wants()).catch(() => null),
    };
    // The rest of the start runs meanwhile. Presence first, on the same connection (the first
    // dispatch waits for it, and subscribe latency stays one round trip), then the blocking reader's
    // connection, whose making costs a fresh process more CPU than the rest of the start; until it
    // is up, reads go over the command connection without BLOCK (see readLoop), so a backlog starts
    // flowing without waiting for a new connection.
    if (this.init.presence) {
      this.presence = new PresenceHeartbeat(
        this.redis,
        {
          stream: this.stream,
          group: this.group,
          service: this.init.service,
          instance: this.instance,
          mode: this.mode,
          ...this.init.presence,
        },
        () => this.stats(),
        (e) => this.reportError('presence heartbeat', e),
      );
    }
    const presenceUp = this.presence?.start();
    const reader = this.init.connections.duplicate();
    this.reader = reader;
    this.readerStarted = this.refreshReaderId().then(() => {
      this.readerUp = true;
      // Every later 'ready' is a reconnect, with a new client id (one CLIENT ID per connection).
      reader.on('ready', () => void this.refreshReaderId());
    });
    try {
      await Promise.all([groupReady, presenceUp]);
    } catch (e) {
      const sent = this.firstRead;
      this.firstRead = null;
      const read = sent && (await sent.result);
      if (read && !read.own) await this.hold.release(detachStreamEntries(read.reply).map(([id]) => id));
      await this.presence?.stop(true).catch(() => {});
      await this.init.connections.release(this.reader, true);
      throw e;
    }
    this._state = 'running';
    this.emitMembership('instanceJoined');
    this.loopDone = this.readLoop();
    this.claimTimer = setInterval(() => void this.claimPass(), this.claimEveryMs);
    this.claimTimer.unref();
    this.holdTimer = setInterval(() => void this.hold.tick(), this.hold.everyMs);
    this.holdTimer.unref();
  }

  pause(): void {
    if (this._state !== 'running') return;
    this._state = 'paused';
    this.unblockReader();
  }

  resume(): void {
    if (this._state !== 'paused') return;
    this._state = 'running';
    this.progressAt = Date.now();
    this.wake.notify();
    this.dispatcher.pump();
  }

  async stop(): Promise<void> {
    if (this._state === 'stopped' || this._state === 'crashed' || this._state === 'stopping') return this.loopDone;
    this._state = 'stopping';
    this.stopTimers();
    this.wake.notify();
    this.endBackoffs();
    this.unblockReader();
    await this.loopDone;
    const settled = await this.drainWithin(this.stopTimeoutMs);
    // What did not start (and, after a timeout, what did not finish) is marked idle so peers
    // claim it at their next pass instead of waiting claimIdleMs.
    const release = this.dispatcher.waiting().map((d) => d.id);
    if (!settled) {
      const stuck = this.dispatcher.started().map((d) => d.id);
      this.dispatcher.abandon();
      release.push(...stuck);
      this.reportError(
        'stop timeout',
        `${stuck.length} entr${stuck.length === 1 ? 'y' : 'ies'} still in a handler after stopTimeoutMs (${this.stopTimeoutMs} ms); stopped without waiting, they stay pending for other instances: ${stuck.slice(0, 10).join(', ')}`,
      );
    }
    await this.flushAcksBounded();
    await this.hold.release(release);
    await this.presence?.stop(true).catch((e: unknown) => this.reportError('presence leave', e));
    if (this.reader) await this.init.connections.release(this.reader);
    this._state = 'stopped';
    this.emitMembership('instanceLeft', 'stop');
    this.init.onEnd(this);
  }

  async crash(): Promise<void> {
    if (this._state === 'stopped' || this._state === 'crashed') return;
    this._state = 'crashed';
    this.stopTimers();
    this.dispatcher.abandon();
    this.ackIds = [];
    this.ackRuns = [];
    this.endBackoffs();
    await this.presence?.stop(false);
    if (this.reader) await this.init.connections.release(this.reader, true);
    this.wake.notify();
    this.emitMembership('instanceLeft', 'crash');
    this.init.onEnd(this);
  }

  /** Waits for running handlers (Batched: and its flushed buffer); false if they outlast `ms`. */
  private async drainWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([this.dispatcher.drain().then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private stopTimers(): void {
    if (this.claimTimer) clearInterval(this.claimTimer);
    if (this.holdTimer) clearInterval(this.holdTimer);
    this.claimTimer = null;
    this.holdTimer = null;
  }

  /**
   * No entry handed to the handler for claimIdleMs while nothing more could start: a handler hangs
   * (or the instance is paused). Peers would claim its running entry now; its waiting ones are
   * let go of too, and it reads nothing more until a handler finishes.
   */
  private stalled(): boolean {
    return Date.now() - this.progressAt >= this.claimIdleMs && (this._state === 'paused' || this.dispatcher.busy());
  }

  private get live(): boolean {
    return this._state === 'running' || this._state === 'paused';
  }

  // ---- reading ---------------------------------------------------------------------------------

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.stream, this.group, this.from, 'MKSTREAM');
    } catch (e) {
      if (!isRedisError(e, 'busy_group')) throw e;
    }
  }

  private async refreshReaderId(): Promise<void> {
    try {
      const reader = this.reader;
      if (reader && isCluster(reader)) {
        // CLIENT ID must come from the node connection that will block, i.e. the stream's master.
        if (reader.status !== 'ready') await reader.ping();
        const address = masterAddressFor(reader, this.stream);
        const node = connectionFor(reader, this.stream);
        this.readerId = node ? Number(await node.client('ID')) : null;
        this.readerAddress = node ? address : null;
      } else {
        this.readerId = Number(await reader?.client('ID'));
      }
    } catch {
      this.readerId = null;
    }
  }

  /** On a cluster the stream may have moved (failover, resharding): re-learn the reader's id. */
  private async followReader(): Promise<void> {
    const reader = this.reader;
    if (reader && isCluster(reader) && masterAddressFor(reader, this.stream) !== this.readerAddress) await this.refreshReaderId();
  }

  /** Makes a blocked XREADGROUP return now (as a timeout), so stop/pause are prompt. */
  private unblockReader(): void {
    const id = this.readerId;
    if (!this.reading || id === null) return;
    // Client ids are per server: on a cluster, UNBLOCK must reach the reader's node (or nobody).
    const redis = this.redis;
    const target = isCluster(redis) ? (this.readerAddress ? nodeAt(redis, this.readerAddress) : null) : redis;
    if (!target) return;
    const attempt = (n: number) => {
      if (!this.reading || n > 5) return;
      void target.client('UNBLOCK', id).catch(() => {});
      setTimeout(() => attempt(n + 1), 50).unref();
    };
    attempt(1);
  }

  private async readLoop(): Promise<void> {
    // First re-read this instance's own pending entries (a previous life of the same instance),
    // then switch to new entries.
    let history: string | null = '0';
    let failures = 0;
    // Where the acks of the read just dispatched go: over the reader, in the next read's write (see below).
    let readerAcks: ReaderAcks = 'none';
    // The loop waits instead of reading: those acks go now, over the command connection.
    const sendReaderAcksNow = () => {
      if (readerAcks !== 'none' && !this.ackScheduled) this.ackTurnEnded();
      readerAcks = 'none';
    };
    while (this.live) {
      if (this._state === 'paused') {
        sendReaderAcksNow();
        await this.wake.wait();
        continue;
      }
      const want = this.dispatcher.wants();
      if (want === 0 || this.stalled()) {
        sendReaderAcksNow();
        await this.wake.wait();
        continue;
      }
      // Until the reader is up, reads go over the command connection without BLOCK (it must never
      // block there): an empty one then waits for the reader.
      const early = !this.readerUp;
      const reader = this.reader as RedisClient;
      // Only a cluster's stream can move to another node (no promise per read otherwise).
      if (!early && isCluster(reader)) await this.followReader();
      // Read as bytes and decoded in place (streamEntriesAsText): no copy of every nested array.
      let reply: StreamReadBytesReply;
      // The first read went with the start's round trip (see start()).
      const sent = this.firstRead;
      this.firstRead = null;
      const pre = sent && (await sent.result);
      // It read new entries: the instance had no pending ones of its own.
      if (pre && !pre.own) history = null;
      this.reading = !pre && !early;
      const sentAt = pre ? sent.sentAt : Date.now();
      try {
        if (pre) reply = pre.reply;
        else if (readerAcks === 'none' || this.ackIds.length === 0 || this.ackScheduled) {
          readerAcks = 'none';
          reply = (await this.sendRead(early ? null : reader, want, history)) as StreamReadBytesReply;
        } else {
          const where = readerAcks;
          readerAcks = 'none';
          reply = (await this.readWithAcks(reader, want, where)) as StreamReadBytesReply;
        }
        failures = 0;
      } catch (e) {
        this.reading = false;
        if (!this.live) break;
        failures++;
        if (isRedisError(e, 'no_group')) {
          // The group (or the whole stream) was deleted under the instance. It is created again so the
          // service keeps receiving, and said out loud: what arrived in between may be skipped.
          const skipped = this.from === '$' ? 'entries added before it is back are not delivered' : `it reads again from ${this.from}`;
          this.reportError(
            'group missing',
            new Error(`group ${this.group} of stream ${this.stream} no longer exists; creating it again (${skipped})`),
          );
          await this.ensureGroup().catch((error: unknown) => this.reportError('group create', error));
        } else this.reportError('read', e);
        await sleep(Math.min(50 * 2 ** Math.min(failures, 5), 1000));
        continue;
      } finally {
        this.reading = false;
      }
      if (this._state === 'crashed') return;
      const entries = streamEntriesAsText(reply);
      if (history !== null) {
        if (entries.length === 0) {
          history = null;
          continue;
        }
        history = entries[entries.length - 1][0];
        await this.dispatchHistory(entries, sentAt);
        continue;
      }
      if (entries.length === 0) {
        if (early) await Promise.race([this.readerStarted, this.wake.wait()]);
        continue;
      }
      const readAt = Date.now();
      this.dispatching = true;
      try {
        this.dispatchNew(entries, sentAt, readAt);
      } finally {
        this.dispatching = false;
      }
      // What handlers finished during the dispatch is acked with the next read, in the same write
      // on the reader (readWithAcks). When entries come seldom (the read waited), a read would
      // hold them back for long: they go at once, over the command connection.
      if (this.ackIds.length > 0 && !this.ackScheduled) {
        if (entries.length >= want && !early) readerAcks = 'before';
        else if (readAt - sentAt < ACK_BEHIND_MS && !early) readerAcks = 'behind';
        else this.ackTurnEnded();
      }
    }
  }

  /** One XREADGROUP as bytes: over the reader with BLOCK, or (reader = null) over the command connection without. */
  private sendRead(reader: RedisClient | null, count: number, history: string | null, acksBehind = false): Promise<unknown> {
    const from = history ?? '>';
    if (!reader)
      return this.redis.callBuffer('xreadgroup', 'GROUP', this.group, this.instance, 'COUNT', count, 'STREAMS', this.stream, from);
    const block = history !== null ? 1 : acksBehind ? Math.min(this.blockMs, ACK_BEHIND_MS) : this.blockMs;
    return reader.callBuffer(
      'xreadgroup',
      'GROUP',
      this.group,
      this.instance,
      'COUNT',
      count,
      'BLOCK',
      block,
      'STREAMS',
      this.stream,
      from,
    );
  }

  /**
   * The next read of new entries and the queued acks, in one socket write on the reader: one
   * wakeup of Redis and one write here per read, where two connections took two of each (socket
   * writes were ~40 % of a paced consumer's CPU in bench/profile/latency-tail.ts).
   * - 'before' (the last read was full: a backlog): XACK, then a read Redis answers at once; both
   *   replies come back in one write.
   * - 'behind' (a short read: the next one blocks): the read, then XACK. Redis holds a blocked
   *   client's next command until the read returns, then answers both together, so the acks cost
   *   no wakeup of their own. Chosen when entries come often (the last read waited less than
   *   ACK_BEHIND_MS); the read then blocks at most ACK_BEHIND_MS, the latest the acks land.
   * Redis answers the two in order on the one connection, so the read's reply is not held up.
   */
  private readWithAcks(reader: RedisClient, count: number, where: ReaderAcks): Promise<unknown> {
    // A cluster client writes through its node's connection, not corked here: two writes there.
    const socket = !isCluster(reader) && reader.status === 'ready' ? reader.stream : null;
    socket?.cork();
    try {
      if (where === 'before') this.ackOnReader(reader);
      const read = this.sendRead(reader, count, null, where === 'behind');
      if (where === 'behind') this.ackOnReader(reader);
      return read;
    } finally {
      socket?.uncork();
    }
  }

  /**
   * New entries ('>'): Redis hands an id to one consumer once, so no holds() check here. The
   * per-entry loop lives here, not in readLoop: a short-lived process then optimizes this small
   * function instead of the whole read loop (V8 compiles the function a hot loop is in).
   */
  private dispatchNew(entries: Array<[string, string[] | null]>, sentAt: number, now: number): void {
    const dispatcher = this.dispatcher;
    for (let i = 0; i < entries.length; i++) dispatcher.push(new Delivery(entries[i][0], entries[i][1], 1, now, sentAt));
  }

  /** Dispatch this instance's own pending entries (history read), looking up their delivery counts. */
  private async dispatchHistory(entries: Array<[string, string[] | null]>, sentAt: number): Promise<void> {
    const fresh = entries.filter(([id]) => !this.dispatcher.holds(id));
    if (fresh.length === 0) return;
    const counts = new Map<string, number>();
    try {
      const rows = (await this.redis.xpending(
        this.stream,
        this.group,
        fresh[0][0],
        fresh[fresh.length - 1][0],
        fresh.length * 2,
        this.instance,
      )) as Array<[string, string, number, number]>;
      for (const r of rows) counts.set(r[0], Number(r[3]));
    } catch (e) {
      this.reportError('pending counts', e);
    }
    if (!this.live) return;
    const now = Date.now();
    // Checked again: a claim pass may have taken some of them while XPENDING was in flight.
    for (const [id, fields] of fresh)
      if (!this.dispatcher.holds(id)) this.dispatcher.push(new Delivery(id, fields, counts.get(id) ?? 1, now, sentAt));
  }

  /**
   * Claims entries idle ≥ claimIdleMs on any instance of the group, paging through the whole PEL.
   * XPENDING IDLE lists the candidates, XCLAIM (which re-checks the idle time, so concurrent
   * claimers cannot both win) takes those this instance is not itself handling. Plain XAUTOCLAIM
   * cannot skip them: it would re-claim this instance's own slow or queued entries, bump their
   * delivery counts and reset their idle time so no other instance could take them over.
   */
  private async claimPass(): Promise<void> {
    // A stuck instance takes nothing over: it would only hold more entries it cannot start.
    if (this.claiming || this._state !== 'running' || this.stalled()) return;
    this.claiming = true;
    try {
      let start = '-';
      for (;;) {
        const rows = (await this.redis.xpending(this.stream, this.group, 'IDLE', this.claimIdleMs, start, '+', CLAIM_PAGE)) as Array<
          [string, string, number, number]
        >;
        const candidates = rows.filter((r) => !this.dispatcher.holds(r[0]));
        if (candidates.length > 0 && this._state === 'running') {
          const sentAt = Date.now();
          const claimed = (await this.redis.xclaim(
            this.stream,
            this.group,
            this.instance,
            this.claimIdleMs,
            ...candidates.map((r) => r[0]),
          )) as Array<[string, string[] | null]>;
          const got = claimed.filter((e) => e !== null);
          if (got.length > 0) {
            const known = new Map(candidates.map((r) => [r[0], { from: r[1], deliveryCount: Number(r[3]) + 1 }]));
            this.dispatchClaimed(got, known, sentAt);
          }
        }
        if (rows.length < CLAIM_PAGE || this._state !== 'running') break;
        start = `(${rows[rows.length - 1][0]}`;
      }
    } catch (e) {
      this.reportError('claim', e);
    } finally {
      this.claiming = false;
    }
  }

  private dispatchClaimed(
    entries: Array<[string, string[] | null]>,
    known: Map<string, { from: string; deliveryCount: number }>,
    sentAt: number,
  ): void {
    const fresh = entries.filter(([id]) => !this.dispatcher.holds(id));
    if (fresh.length === 0 || !this.live) return;
    const now = Date.now();
    this.counters.claimed += fresh.length;
    if (this.init.events.has('claimed')) {
      // One event per previous owner.
      const byOwner = new Map<string | undefined, string[]>();
      for (const [id] of fresh) {
        const owner = known.get(id)?.from;
        const list = byOwner.get(owner);
        if (list) list.push(id);
        else byOwner.set(owner, [id]);
      }
      for (const [from, ids] of byOwner) {
        this.init.events.emit('claimed', {
          at: now,
          stream: this.stream,
          group: this.group,
          instance: this.instance,
          ids,
          ...(from ? { from } : {}),
        });
      }
    }
    for (const [id, fields] of fresh) this.dispatcher.push(new Delivery(id, fields, known.get(id)?.deliveryCount ?? 1, now, sentAt));
  }

  // ---- DispatchHost: what dispatchers call -----------------------------------------------------

  canStart(): boolean {
    return this._state === 'running';
  }

  canRetry(): boolean {
    return this.live;
  }

  fresh(d: Delivery, now?: number): boolean {
    return this.hold.fresh(d, now);
  }

  confirm(ds: readonly Delivery[]): Promise<Delivery[]> {
    return this.hold.confirm(ds);
  }

  screen(d: Delivery): boolean {
    const f = d.fields;
    if (!f || f.length < 2) {
      // Deleted while pending (XREADGROUP/XAUTOCLAIM give null fields): nothing to handle.
      this.queueAck(d.id, 0, 0);
      return false;
    }
    const text = f[1];
    if (text === STREAM_INIT) {
      this.queueAck(d.id, 0, 0);
      return false;
    }
    const value = decodeJson(text);
    if (value === NOT_JSON) {
      const parsed = parseJson(text);
      void this.deadLetter(d, parsed.ok ? 'not JSON' : parsed.error);
      return false;
    }
    if (d.deliveryCount > this.maxDeliveries) {
      void this.deadLetter(d, `delivered ${d.deliveryCount} times (maxDeliveries ${this.maxDeliveries})`);
      return false;
    }
    d.value = value;
    return true;
  }

  markDelivered(ds: readonly Delivery[], metas: DeliveryMeta[] | null): number {
    const now = Date.now();
    this.progressAt = now;
    const c = this.counters;
    c.delivered += ds.length;
    c.deliveredRate.add(ds.length, now);
    const emit = this.init.events.has('delivered');
    // Entries of one read mostly share their publish → deliver latency (produced in the same
    // millisecond): a run of equal latencies is one record, not one call per event.
    const latencies = c.publishToDeliver;
    let runMs = Number.NaN;
    let run = 0;
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i];
      const producedAt = idTime(d.id);
      const ms = now - producedAt;
      const same = ms === runMs;
      if (!same && run > 0) latencies.recordMany(runMs, run, now);
      run = same ? run + 1 : 1;
      runMs = ms;
      if (emit) this.emitDelivered(d, now, producedAt);
      if (metas) metas[i] = this.metaOf(d, producedAt);
    }
    latencies.recordMany(runMs, run, now);
    return now;
  }

  markDeliveredOne(d: Delivery, withMeta: boolean): DeliveryMeta | undefined {
    const now = Date.now();
    this.progressAt = now;
    const c = this.counters;
    c.delivered++;
    c.deliveredRate.add(1, now);
    d.deliveredAt = now;
    const producedAt = idTime(d.id);
    c.publishToDeliver.record(now - producedAt, now);
    if (this.init.events.has('delivered')) this.emitDelivered(d, now, producedAt);
    return withMeta ? this.metaOf(d, producedAt) : undefined;
  }

  private emitDelivered(d: Delivery, now: number, producedAt: number): void {
    this.init.events.emit('delivered', {
      at: now,
      stream: this.stream,
      group: this.group,
      instance: this.instance,
      id: d.id,
      producedAt,
      deliveryCount: d.deliveryCount,
    });
  }

  private metaOf(d: Delivery, producedAt: number): DeliveryMeta {
    return {
      id: d.id,
      stream: this.stream,
      group: this.group,
      instance: this.instance,
      deliveryCount: d.deliveryCount,
      producedAt,
    };
  }

  ack(ds: readonly Delivery[], deliveredAt: number, handlerMs: number): void {
    if (!this.ackAuto || ds.length === 0) return;
    // Appended, whether or not other acks wait for the same XACK: one path, where a special case
    // for "the only batch of this flush" is an arm the compiled drain code seldom reaches (stats.ts
    // says what such an arm costs in a fresh process).
    const ids = this.ackIds;
    for (let i = 0; i < ds.length; i++) ids.push(ds[i].id);
    this.ackRuns.push(ds.length, deliveredAt, handlerMs);
    this.scheduleAckFlush();
  }

  ackOne(d: Delivery, handlerMs: number): void {
    if (!this.ackAuto) return;
    this.queueAck(d.id, d.deliveredAt, handlerMs);
  }

  failed(d: Delivery, error: unknown): void {
    this.counters.failed++;
    if (this.init.events.has('failed')) {
      this.init.events.emit('failed', {
        at: Date.now(),
        stream: this.stream,
        group: this.group,
        instance: this.instance,
        id: d.id,
        error: errorText(error),
        deliveryCount: d.deliveryCount,
      });
    }
  }

  async deadLetter(d: Delivery, reason: string): Promise<void> {
    if (this._state === 'crashed') return;
    try {
      // The fields as read were decoded as UTF-8 text, which loses bytes that are not UTF-8: the
      // dead letter gets the entry's exact bytes from Redis (one XRANGE, only on this rare path).
      const [original] = await this.redis.xrangeBuffer(this.stream, d.id, d.id);
      const fields = original?.[1] ?? d.fields ?? [];
      const args = deadLetterArgs({
        stream: this.stream,
        originalId: d.id,
        group: this.group,
        consumer: this.instance,
        deliveries: d.deliveryCount,
        error: reason,
        fields,
      });
      let dlId: string;
      if (!isCluster(this.redis) || sameSlot(this.stream, deadLetterStream(this.stream))) {
        const res = await this.redis
          .multi()
          .xadd(...args)
          .xack(this.stream, this.group, d.id)
          .exec();
        dlId = res?.[0]?.[1] as string;
      } else {
        // Different cluster slots (no `{tag}` in the stream name): add, then ack. A crash in
        // between leaves the entry pending, so it may be dead-lettered twice but never lost.
        dlId = (await this.redis.xadd(...args)) as string;
        await this.redis.xack(this.stream, this.group, d.id);
      }
      this.counters.deadLettered++;
      if (this.init.events.has('deadLettered')) {
        this.init.events.emit('deadLettered', {
          at: Date.now(),
          stream: this.stream,
          group: this.group,
          instance: this.instance,
          id: d.id,
          reason,
          deadLetterId: dlId,
        });
      }
    } catch (e) {
      // Left pending: it will be claimed or re-read and dead-lettered again later.
      this.reportError('dead letter', e);
    }
  }

  async retry(ds: Delivery[], attempt: number): Promise<Delivery[]> {
    const delayMs = Math.min(this.retryBaseMs * 2 ** (attempt - 1), this.retryMaxMs);
    this.counters.retried += ds.length;
    if (this.init.events.has('retried')) {
      const at = Date.now();
      for (const d of ds)
        this.init.events.emit('retried', {
          at,
          stream: this.stream,
          group: this.group,
          instance: this.instance,
          id: d.id,
          deliveryCount: d.deliveryCount + 1,
          delayMs,
        });
    }
    await this.backoff(delayMs);
    if (!this.live) return [];
    // Re-deliver through Redis so the PEL's delivery count (what the console and maxDeliveries
    // see) counts this attempt, and the idle time resets so no other instance claims it meanwhile.
    // Only entries still pending here: a peer that claimed one during a long backoff keeps it.
    for (;;) {
      try {
        const sentAt = Date.now();
        const own = await holdOwn(
          this.redis,
          this.stream,
          this.group,
          this.instance,
          ds.map((d) => d.id),
          { idleMs: 0, redeliver: true },
        );
        const again = ds.filter((d) => own.has(d.id));
        for (const d of again) {
          d.deliveryCount++;
          d.ownedAt = sentAt;
        }
        return again;
      } catch (e) {
        this.reportError('retry', e);
        if (!this.live) return [];
        await sleep(Math.min(delayMs * 2, 1000));
      }
    }
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.backoffs.delete(timer);
        resolve();
      }, ms);
      this.backoffs.set(timer, resolve);
    });
  }

  private endBackoffs(): void {
    for (const [timer, resolve] of this.backoffs) {
      clearTimeout(timer);
      resolve();
    }
    this.backoffs.clear();
  }

  flushed(size: number, reason: 'size' | 'latency' | 'stop'): void {
    if (this.init.events.has('batchFlushed')) {
      this.init.events.emit('batchFlushed', {
        at: Date.now(),
        stream: this.stream,
        group: this.group,
        instance: this.instance,
        size,
        reason,
      });
    }
  }

  capacityFreed(): void {
    this.wake.notify();
  }

  // ---- acks: coalesced into one XACK per event-loop turn ---------------------------------------

  /** One id (an Immediate event, or a sentinel / deleted entry with deliveredAt 0) for the next XACK. */
  private queueAck(id: string, deliveredAt: number, handlerMs: number): void {
    // At a few events per read (paced traffic) most flushes carry one id: an array of its size,
    // not an empty one grown by push (which allocates room for 17).
    if (this.ackIds.length === 0) this.ackIds = [id];
    else this.ackIds.push(id);
    const runs = this.ackRuns;
    const n = runs.length;
    // Consecutive acks with the same times (Immediate events in one millisecond) share a run.
    if (n === 0) this.ackRuns = [1, deliveredAt, handlerMs];
    else if (runs[n - 2] === deliveredAt && runs[n - 1] === handlerMs) runs[n - 3]++;
    else runs.push(1, deliveredAt, handlerMs);
    this.scheduleAckFlush();
  }

  /** An XACK at the end of this event-loop turn; during a read's dispatch the read loop sends it right after. */
  private scheduleAckFlush(): void {
    if (!this.ackScheduled && !this.dispatching) {
      this.ackScheduled = true;
      setImmediate(this.ackTurnEnded);
    }
  }

  /** The event-loop turn (or the read's dispatch) that queued acks is over: one XACK for all of them, after the one in flight. */
  private readonly ackTurnEnded = (): void => {
    this.ackScheduled = false;
    this.ackInFlight = this.ackInFlight.then(this.flushAcksNow);
  };

  private readonly flushAcksNow = (): Promise<void> => this.flushAcks();

  private async flushAcks(): Promise<void> {
    if (this.ackIds.length === 0 || this._state === 'crashed') return;
    await this.sendAcks(this.redis);
  }

  /**
   * The queued acks over the reader, in the write of its next read (readWithAcks). In a drain that
   * wakes the process and Redis once per read instead of twice; with 6 consumer processes on 2
   * cores that was ~5 % of the engine's CPU per event (bench/profile/drain-ab.ts --services 2).
   */
  private ackOnReader(reader: RedisClient): void {
    const sent = this.sendAcks(reader);
    this.ackInFlight = this.ackInFlight.then(() => sent);
  }

  /** One XACK of every queued id over `connection`, then the counters; ids that fail are queued again. */
  private async sendAcks(connection: RedisClient): Promise<void> {
    const ids = this.ackIds;
    const runs = this.ackRuns;
    this.ackIds = [];
    this.ackRuns = [];
    try {
      await connection.xack(this.stream, this.group, ...ids);
    } catch (e) {
      // A crash drops its reader with the acks written on it: nothing more is acked (see crash()).
      if (this._state === 'crashed') return;
      // Keep them for the next flush; if we never get through they stay pending (at-least-once).
      this.ackIds = ids.concat(this.ackIds);
      this.ackRuns = runs.concat(this.ackRuns);
      this.reportError('ack', e);
      if (this.live) setTimeout(() => this.queueAckRetry(), 200).unref();
      return;
    }
    const now = Date.now();
    const c = this.counters;
    const emit = this.init.events.has('acked');
    for (let r = 0, first = 0; r < runs.length; r += 3) {
      const count = runs[r];
      const deliveredAt = runs[r + 1];
      const handlerMs = runs[r + 2];
      // deliveredAt 0: sentinel / deleted entry, acked but not a delivery.
      if (deliveredAt !== 0) {
        c.acked += count;
        c.deliverToAck.recordMany(now - deliveredAt, count, now);
        if (emit) {
          for (let i = first; i < first + count; i++)
            this.init.events.emit('acked', {
              at: now,
              stream: this.stream,
              group: this.group,
              instance: this.instance,
              id: ids[i],
              handlerMs,
            });
        }
      }
      first += count;
    }
    c.ackedRate.add(ids.length, now);
  }

  private queueAckRetry(): void {
    this.ackInFlight = this.ackInFlight.then(() => this.flushAcks());
  }

  /** On stop: push out pending acks, giving up after ~5 s of Redis being unreachable. */
  private async flushAcksBounded(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    await this.ackInFlight;
    for (let i = 0; i < 25 && this.ackIds.length > 0; i++) {
      await this.flushAcks();
      if (this.ackIds.length > 0) await sleep(200);
    }
  }

  // ---- observability ---------------------------------------------------------------------------

  private emitMembership(kind: 'instanceJoined' | 'instanceLeft', reason?: 'stop' | 'crash'): void {
    const at = Date.now();
    const base = { at, stream: this.stream, group: this.group, instance: this.instance };
    if (kind === 'instanceJoined') this.init.events.emit('instanceJoined', { ...base, mode: this.mode });
    else this.init.events.emit('instanceLeft', { ...base, reason: reason ?? 'stop' });
  }

  private reportError(context: string, e: unknown): void {
    // Rate-limited per kind: a Redis outage would otherwise emit once per failed command, and one
    // noisy kind must not hide another (a failing ack behind a flood of read errors).
    const now = Date.now();
    if (now - (this.lastErrorAt.get(context) ?? 0) < ERROR_EVERY_MS) return;
    this.lastErrorAt.set(context, now);
    const kind = redisErrorKind(e);
    this.init.events.emit('error', {
      at: now,
      stream: this.stream,
      group: this.group,
      instance: this.instance,
      context,
      error: redisErrorText(e),
      ...(kind === 'other' ? {} : { kind }),
    });
  }
}
