// Turns the `redis` option (URL, options or client) into connections the engine may use.
// A caller's client is never quit; every connection we open ourselves is.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { clientFromUrl, duplicateClient, type RedisClient } from './cluster';
import type { RedisInput } from './types';

/**
 * Offline behaviour: commands issued while Redis is unreachable are queued by ioredis for at most
 * `maxRetriesPerRequest` reconnect attempts (1–4 s in total with the retry strategy below and connect timeouts), then
 * rejected. So produce() rejects within a few seconds of Redis going away instead of reporting
 * success, and nothing is silently parked forever.
 */
export const ENGINE_CONNECTION_DEFAULTS: RedisOptions = {
  maxRetriesPerRequest: 3,
  enableOfflineQueue: true,
  retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 1000),
};

export class ConnectionSource {
  /** The command connection (shared by producers, acks, claims, presence). */
  readonly client: RedisClient;
  private readonly owned: boolean;
  private readonly opened = new Set<RedisClient>();

  /** `onError` receives connection errors of every connection opened here (ioredis reconnects by itself). */
  constructor(
    input: RedisInput,
    private readonly onError: (error: Error) => void = () => {},
  ) {
    if (input instanceof Redis || input instanceof Cluster) {
      this.client = input;
      this.owned = false;
    } else if (typeof input === 'string') {
      this.client = clientFromUrl(input, ENGINE_CONNECTION_DEFAULTS);
      this.owned = true;
    } else {
      // Through Sentinel, reconnect as soon as the sentinels announce a new master (+switch-master)
      // instead of writing to the old one until it is demoted; such writes would be lost.
      const sentinel = input.sentinels ? { failoverDetector: true } : {};
      this.client = new Redis({ ...ENGINE_CONNECTION_DEFAULTS, ...sentinel, ...input });
      this.owned = true;
    }
    if (this.owned) this.client.on('error', (e: Error) => this.onError(e));
  }

  /** A fresh connection with the same settings (blocking reads, subscriber mode). */
  duplicate(overrides: RedisOptions = {}, clusterOverrides: ClusterOptions = {}): RedisClient {
    const conn = duplicateClient(this.client, { ...ENGINE_CONNECTION_DEFAULTS, ...overrides }, clusterOverrides);
    this.opened.add(conn);
    conn.on('error', (e: Error) => this.onError(e));
    conn.once('end', () => this.opened.delete(conn));
    return conn;
  }

  /** Drop a duplicated connection at once (crash, or never ready: a QUIT would wait in its queue) or politely. */
  async release(conn: RedisClient, abrupt = false): Promise<void> {
    this.opened.delete(conn);
    if (abrupt || conn.status !== 'ready') conn.disconnect();
    else await conn.quit().catch(() => conn.disconnect());
  }

  async close(): Promise<void> {
    await Promise.all([...this.opened].map((c) => this.release(c)));
    if (this.owned) await this.client.quit().catch(() => this.client.disconnect());
  }
}
