// RedisBroadcastingStream: UCloud's BroadcastingStream over pub/sub. PUBLISH <name> <json>;
// SUBSCRIBE <name>. One subscriber connection per instance of this class, subscriptions restored
// after a reconnect (with the gap reported), malformed payloads reported, never thrown.
import type { RedisClient } from './cluster';
import { ConnectionSource } from './connection';
import { TypedEmitter } from './emitter';
import { UnheardErrors } from './unheard';
import type { BroadcastEvents, BroadcastMeta, BroadcastStream, RedisInput } from './types';
import { encodeUcloud, parseJson } from './wire';

type BroadcastListener = (message: never, meta: BroadcastMeta) => void;

export interface RedisBroadcastingStreamOptions {
  redis: RedisInput;
  /**
   * Sharded pub/sub (Redis 7 SPUBLISH/SSUBSCRIBE): a message travels only within the shard that
   * owns the channel's slot instead of to every cluster node. Publishers and subscribers of one
   * channel must agree on this. Default false (UCloud's PUBLISH/SUBSCRIBE).
   */
  sharded?: boolean;
  /** Called for malformed payloads and listener errors (also emitted on `events`). */
  onError?: (error: { channel: string; payload: string; error: string }) => void;
}

const channelOf = (stream: BroadcastStream<unknown> | string): string => {
  const name = typeof stream === 'string' ? stream : stream?.name;
  if (typeof name !== 'string' || name.length === 0)
    throw new TypeError(`broadcast stream name must be a non-empty string, got ${JSON.stringify(name)}`);
  return name;
};

export class RedisBroadcastingStream {
  /** `error` events with no listener go to the process's error reporter (see unheard.ts). */
  readonly events = new TypedEmitter<BroadcastEvents>({ error: (e) => this.unheard.report(e) });
  private readonly unheard = new UnheardErrors();
  private readonly connections: ConnectionSource;
  private subscriber: RedisClient | null = null;
  private readonly sharded: boolean;
  private readonly listeners = new Map<string, Set<BroadcastListener>>();
  private lostAt: number | null = null;
  private closed = false;

  constructor(private readonly options: RedisBroadcastingStreamOptions) {
    if (!options || options.redis === undefined || options.redis === null)
      throw new TypeError('RedisBroadcastingStream: `redis` (URL, options or client) is required');
    this.connections = new ConnectionSource(options.redis, (e) =>
      this.events.emit('error', { at: Date.now(), context: 'connection', error: e.message }),
    );
    this.sharded = options.sharded ?? false;
  }

  /** Publishes `message` as JSON on the channel; resolves to PUBLISH's receiver count. */
  async broadcast<T>(message: T, stream: BroadcastStream<T> | string): Promise<number> {
    this.assertOpen();
    const client = this.connections.client;
    const channel = channelOf(stream);
    const text = encodeUcloud(message);
    return Number(await (this.sharded ? client.spublish(channel, text) : client.publish(channel, text)));
  }

  /** Resolves once Redis confirmed the subscription; the returned function unsubscribes. */
  async subscribe<T>(
    stream: BroadcastStream<T> | string,
    listener: (message: T, meta: BroadcastMeta) => void,
  ): Promise<() => Promise<void>> {
    this.assertOpen();
    const channel = channelOf(stream);
    const sub = this.ensureSubscriber();
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    const l = listener as BroadcastListener;
    set.add(l);
    if (first) {
      try {
        await (this.sharded ? sub.ssubscribe(channel) : sub.subscribe(channel));
      } catch (e) {
        set.delete(l);
        if (set.size === 0) this.listeners.delete(channel);
        throw e;
      }
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(l);
      if (current.size === 0) {
        this.listeners.delete(channel);
        if (!this.closed) await (this.sharded ? sub.sunsubscribe(channel) : sub.unsubscribe(channel)).catch(() => {});
      }
    };
  }

  /** Channels with at least one listener here. */
  channels(): string[] {
    return [...this.listeners.keys()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.connections.close();
    this.events.removeAll();
  }

  private ensureSubscriber(): RedisClient {
    if (this.subscriber) return this.subscriber;
    // ioredis re-subscribes by itself after a reconnect (autoResubscribe); we only report the gap.
    // A cluster client needs its per-shard subscribers switched on before SSUBSCRIBE works.
    const sub = this.connections.duplicate({ autoResubscribe: true }, { shardedSubscribers: this.sharded });
    sub.on(this.sharded ? 'smessage' : 'message', (channel: string, payload: string) => this.deliver(channel, payload));
    sub.on('close', () => {
      if (this.closed || this.lostAt !== null) return;
      this.lostAt = Date.now();
      this.events.emit('disconnected', { at: this.lostAt, reason: 'subscriber connection closed' });
    });
    sub.on('ready', () => {
      if (this.lostAt === null) return;
      const from = this.lostAt;
      this.lostAt = null;
      const at = Date.now();
      this.events.emit('resubscribed', { at, channels: this.channels(), from, to: at });
    });
    this.subscriber = sub;
    return sub;
  }

  private deliver(channel: string, payload: string): void {
    const set = this.listeners.get(channel);
    if (!set || set.size === 0) return;
    const parsed = parseJson(payload);
    if (!parsed.ok) {
      this.report(channel, payload, parsed.error);
      return;
    }
    const meta: BroadcastMeta = { channel, payload, receivedAt: Date.now() };
    for (const l of [...set]) {
      try {
        l(parsed.value as never, meta);
      } catch (e) {
        this.report(channel, payload, `listener threw: ${(e as Error)?.message ?? String(e)}`);
      }
    }
  }

  private report(channel: string, payload: string, error: string): void {
    this.events.emit('malformed', { at: Date.now(), channel, payload, error });
    try {
      this.options.onError?.({ channel, payload, error });
    } catch {
      // The error callback must not break delivery either.
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('RedisBroadcastingStream is closed');
  }
}
