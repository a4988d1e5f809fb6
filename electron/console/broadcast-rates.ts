// Broadcast channel rates, measured: Redis keeps no count of messages per channel, so while a view
// that shows rates is open (the Overview, the Broadcast view) the console holds one pattern
// subscription on every channel (PSUBSCRIBE `<key prefix>*`) and counts what it receives per
// channel in one-second buckets. Its rates cover whole seconds since the subscription was last
// (re)established, at most the last RATE_WINDOW_MS; a channel it has not measured for a whole second
// yet has no rate (null), never 0. Each view owns a measurement (broadcast.measureRates) and stops
// it when it closes (or the transport does, when the page goes); the subscription ends with the last.
//
// A pattern subscription is not counted by PUBSUB NUMSUB nor listed by PUBSUB CHANNELS, so the
// subscriber counts shown stay the applications' own; but it receives every message, so each
// PUBLISH's receiver count includes it while a measurement runs: ownReceivers() says by how many,
// for the publisher to take it out. Payloads are not kept, only counted.
import { randomUUID } from 'node:crypto';
import { isCluster, type RedisClient } from '../engine';
import type { ConsoleContext } from './context';

export const RATE_WINDOW_MS = 5_000;
/** Channels counted at once; messages on further channels are not counted (their rate stays unmeasured). */
export const MAX_MEASURED_CHANNELS = 10_000;

export interface ChannelRate {
  messagesPerSec: number | null;
  rateSource: 'measured' | 'not-measured';
  measuredForMs?: number;
}

const NOT_MEASURED: ChannelRate = { messagesPerSec: null, rateSource: 'not-measured' };

export class BroadcastRates {
  private readonly owners = new Set<string>();
  private connection: RedisClient | null = null;
  /** When the subscription was (re)established: counts before it are not comparable. Null while away. */
  private since: number | null = null;
  /** channel → second → messages. */
  private readonly buckets = new Map<string, Map<number, number>>();

  constructor(private readonly ctx: ConsoleContext) {}

  /** Starts (or joins) the measurement; the id stops it. */
  async start(): Promise<string> {
    // not_connected now: the subscription's own connection would wait for Redis however long it takes.
    this.ctx.redis();
    const id = randomUUID();
    this.owners.add(id);
    if (!this.connection) {
      const connection = this.ctx.duplicate('streamscope:broadcast-rates');
      this.connection = connection;
      connection.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer) => this.hit(this.ctx.name(channel), Date.now()));
      connection.on('close', () => {
        if (this.connection === connection) this.since = null; // a gap: what was sent meanwhile is not counted
      });
      connection.on('ready', () => {
        if (this.connection !== connection || this.since !== null) return;
        this.buckets.clear();
        this.since = Date.now();
      });
      connection.on('error', () => undefined); // reconnects on its own; the gap shows as "not measured"
      try {
        await connection.psubscribe(this.ctx.key('*') as string);
        this.buckets.clear();
        this.since = Date.now();
      } catch (error) {
        this.owners.delete(id);
        this.close();
        throw error;
      }
    }
    return id;
  }

  stop(id: string): boolean {
    if (!this.owners.delete(id)) return false;
    if (this.owners.size === 0) this.close();
    return true;
  }

  /**
   * How many of a classic PUBLISH's receivers are this measurement's own subscription right now: 1
   * while it is subscribed on one server (or a Sentinel's master), else 0. On a cluster Redis counts
   * only the receivers on the node that took the PUBLISH, which need not be this subscription's
   * node, so none is taken out there.
   */
  ownReceivers(): number {
    return this.connection && this.since !== null && !isCluster(this.connection) ? 1 : 0;
  }

  rate(channel: string, now: number): ChannelRate {
    if (this.since === null) return NOT_MEASURED;
    // Whole seconds only: from the first second that started after the subscription, up to the last finished one.
    const last = Math.floor(now / 1000) - 1;
    const first = Math.max(Math.ceil(this.since / 1000), last + 1 - RATE_WINDOW_MS / 1000);
    const seconds = last - first + 1;
    if (seconds < 1) return NOT_MEASURED;
    const perChannel = this.buckets.get(channel);
    if (!perChannel && this.buckets.size >= MAX_MEASURED_CHANNELS) return NOT_MEASURED;
    let total = 0;
    for (const [s, n] of perChannel ?? []) if (s >= first && s <= last) total += n;
    return { messagesPerSec: total / seconds, rateSource: 'measured', measuredForMs: seconds * 1000 };
  }

  close(): void {
    this.owners.clear();
    if (this.connection) this.ctx.release(this.connection);
    this.connection = null;
    this.since = null;
    this.buckets.clear();
  }

  /** Drops channels with nothing in the window, to make room. */
  private forgetQuiet(second: number): void {
    const oldest = second - RATE_WINDOW_MS / 1000 - 1;
    for (const [channel, perChannel] of this.buckets) if (![...perChannel.keys()].some((s) => s >= oldest)) this.buckets.delete(channel);
  }

  private hit(channel: string, at: number): void {
    const second = Math.floor(at / 1000);
    let perChannel = this.buckets.get(channel);
    if (!perChannel) {
      if (this.buckets.size >= MAX_MEASURED_CHANNELS) this.forgetQuiet(second);
      if (this.buckets.size >= MAX_MEASURED_CHANNELS) return;
      this.buckets.set(channel, (perChannel = new Map<number, number>()));
    }
    perChannel.set(second, (perChannel.get(second) ?? 0) + 1);
    const oldest = second - RATE_WINDOW_MS / 1000 - 1;
    if (perChannel.size > RATE_WINDOW_MS / 1000 + 2) for (const s of perChannel.keys()) if (s < oldest) perChannel.delete(s);
  }
}
