// The console's Redis connection: one command connection (no offline queue, so a call made while
// Redis is away fails fast as `not_connected` instead of hanging), duplicates for blocking reads
// and subscribers, and the state pushed as `connection.state`. Once Redis has answered, ioredis
// reconnects on its own for as long as it takes, so the console keeps working across a Redis
// restart; a URL that never answered gets FIRST_CONNECT_ATTEMPTS tries, then 'failed' with why.
// A Redis that accepts the connection but is still loading its dataset is 'loading' until it is
// ready, with how far it has got as Redis reports it.
import type { RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'node:tls';
import { clientFromUrl, isCluster, parseRedisUrl, type RedisClient } from '../engine';
import type { ConnectionSafety } from '../../shared/connection-safety';
import type { ConnectionStatus, TlsSettings } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import { MemoryKnownHosts, type KnownHosts } from './known-hosts';
import type { StoredSsh } from './profiles';
import { redactUrl } from './redact';
import { HostKeyUnknownError, SshTunnel } from './ssh-tunnel';
import { tlsOptions, tlsReason } from './tls-options';

export interface RedisTarget {
  url: string;
  username?: string;
  password?: string;
  keyPrefix?: string;
  profileId?: string;
  embedded: boolean;
  /** The profile's read-only mark, label and colour. */
  safety?: ConnectionSafety;
  /** Reach Redis through an SSH local forward (the URL's host:port as the SSH server sees it). */
  ssh?: StoredSsh;
  /** TLS settings (TLS is also on for a rediss:// URL). */
  tls?: TlsSettings;
  /** Remembered SSH host keys (trust on first use). */
  knownHosts?: KnownHosts;
}

const retryStrategy = (attempt: number) => Math.min(100 * attempt, 2000);

/** Tries at a URL that has not answered yet before the connection is 'failed' (Retry is the user's). */
export const FIRST_CONNECT_ATTEMPTS = 3;
/** How often a loading Redis is asked again how far it has got. */
const LOADING_RECHECK_MS = 1000;

/**
 * Whether INFO persistence says the dataset is still loading, and if so how far it has got in
 * Redis's own numbers (the percentage loaded and its estimate of the time left); null once loaded.
 */
export function loadingProgress(info: string): string | null {
  const field = (name: string) => new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1];
  if (field('loading') !== '1') return null;
  const percent = Number(field('loading_loaded_perc'));
  const eta = Number(field('loading_eta_seconds'));
  const progress = [
    Number.isFinite(percent) ? `${percent}% loaded` : null,
    Number.isFinite(eta) && eta >= 0 ? `about ${eta} s left by Redis's estimate` : null,
  ].filter((part) => part !== null);
  return `Redis is loading the dataset in memory${progress.length > 0 ? ` (${progress.join(', ')})` : ''}`;
}

export class RedisConnection {
  private client: RedisClient | null = null;
  private readonly duplicates = new Set<RedisClient>();
  private current: ConnectionStatus;
  private lastError: string | null = null;
  private closed = false;
  /** Redis answered at least once: from then on, retry without end (a restart, a failover). */
  private everReady = false;
  private attempts = 0;
  private tunnel: SshTunnel | null = null;
  private tls: ConnectionOptions | undefined;

  constructor(
    readonly target: RedisTarget,
    private readonly onState: (status: ConnectionStatus) => void,
  ) {
    this.current = this.describe('connecting');
  }

  private describe(state: ConnectionStatus['state'], extra: Partial<ConnectionStatus> = {}): ConnectionStatus {
    return {
      state,
      url: redactUrl(this.target.url),
      embedded: this.target.embedded,
      ...(this.target.profileId ? { profileId: this.target.profileId } : {}),
      ...(this.target.keyPrefix ? { keyPrefix: this.target.keyPrefix } : {}),
      ...this.target.safety,
      ...extra,
    };
  }

  private settleFirst: (() => void) | null = null;

  private setState(status: ConnectionStatus): void {
    this.current = status;
    if ((status.state === 'ready' || status.state === 'failed') && this.settleFirst) {
      this.settleFirst();
      this.settleFirst = null;
    }
    if (!this.closed) this.onState(status);
  }

  /** ioredis options carrying the credentials; also what hosted engine instances connect with. */
  options(): RedisOptions {
    return {
      ...(this.target.username ? { username: this.target.username } : {}),
      ...(this.target.password ? { password: this.target.password } : {}),
      ...(this.tls ? { tls: this.tls } : {}),
      retryStrategy,
      lazyConnect: true,
    };
  }

  /** Until Redis first answers, give up after FIRST_CONNECT_ATTEMPTS; after that, never. */
  private readonly firstRetries = (attempt: number): number | null => {
    this.attempts = attempt; // failed so far
    return !this.everReady && attempt >= FIRST_CONNECT_ATTEMPTS ? null : retryStrategy(attempt);
  };

  /** The URL clients dial: the profile's, or the local end of its SSH tunnel. */
  url(): string {
    if (!this.tunnel) return this.target.url;
    const dialled = new URL(this.target.url);
    dialled.hostname = '127.0.0.1';
    dialled.port = String(this.tunnel.localPort);
    return dialled.toString();
  }

  /** Opens the SSH tunnel and reads the TLS files, so that their failures are named before Redis is dialled. */
  private async prepare(): Promise<void> {
    const { ssh, tls } = this.target;
    const single = parseRedisUrl(this.target.url).kind === 'single';
    const parsed = single ? new URL(this.target.url) : null;
    const host = parsed?.hostname.replace(/^\[|\]$/g, '') ?? '';
    if (ssh) {
      if (!parsed) throw new Error('An SSH tunnel reaches one Redis server; a cluster or Sentinel URL cannot go through it.');
      this.tunnel = await SshTunnel.open({
        ssh,
        target: { host, port: parsed.port ? Number(parsed.port) : 6379 },
        knownHosts: this.target.knownHosts ?? new MemoryKnownHosts(),
      });
      if (this.closed) await this.tunnel.close();
    }
    const wantsTls = tls ?? (this.target.url.startsWith('rediss://') && ssh ? { rejectUnauthorized: true } : undefined);
    if (wantsTls) this.tls = await tlsOptions(wantsTls, host, Boolean(this.tunnel));
  }

  /** A TLS refusal seen on an attempt; a later bare ECONNRESET from the same refusal does not hide it. */
  private tlsRefusal: string | null = null;

  /** Why a connection attempt failed, in words: the tunnel's reason first, TLS failures named. */
  private reasonOf(e: Error): string {
    if (this.tunnel?.lastError) return this.tunnel.lastError;
    const reason = tlsReason(e);
    if (reason !== e.message) this.tlsRefusal = reason;
    return !this.everReady && this.tlsRefusal && /ECONNRESET|Connection is closed/.test(reason) ? this.tlsRefusal : reason;
  }

  /** Resolves once Redis answered, or the first attempts all failed ('failed', with the reason). */
  async open(): Promise<void> {
    this.setState(this.describe('connecting'));
    try {
      await this.prepare();
    } catch (e) {
      const unknownHostKey = e instanceof HostKeyUnknownError ? { unknownHostKey: e.hostKey } : {};
      this.setState(this.describe('failed', { reason: (e as Error).message, ...unknownHostKey }));
      return;
    }
    if (this.closed) return;
    // A `?cluster=true` / `?sentinel=<name>` URL gives a cluster or Sentinel client (see docs/cluster.md).
    const client = clientFromUrl(
      this.url(),
      {
        ...this.options(),
        retryStrategy: this.firstRetries,
        sentinelRetryStrategy: this.firstRetries,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
      },
      { clusterRetryStrategy: this.firstRetries },
    );
    this.client = client;
    client.on('error', (e: Error) => {
      this.lastError = this.reasonOf(e);
    });
    client.on('connect', () => void this.followLoading(client));
    client.on('ready', () => {
      this.lastError = null;
      this.everReady = true;
      void client
        .info('server')
        .then((info) => /redis_version:(\S+)/.exec(info)?.[1])
        .catch(() => undefined)
        .then((redisVersion) => {
          if (client.status === 'ready') this.setState(this.describe('ready', redisVersion ? { redisVersion } : {}));
        });
    });
    client.on('reconnecting', () => {
      this.setState(this.describe('reconnecting', { reason: this.lastError ?? 'connection to Redis lost' }));
    });
    client.on('end', () => {
      if (this.closed) return;
      const why = this.lastError ?? 'connection ended';
      const reason = this.everReady
        ? why
        : `Could not reach ${redactUrl(this.target.url)}: ${why} after ${this.attempts} attempt${this.attempts === 1 ? '' : 's'}`;
      this.setState(this.describe('failed', { reason }));
    });
    const firstOutcome = new Promise<void>((resolve) => {
      this.settleFirst = resolve;
    });
    client.connect().catch((e: Error) => {
      this.lastError = this.reasonOf(e);
      if (!this.closed && this.current.state === 'connecting') {
        this.setState(this.describe('reconnecting', { reason: this.lastError }));
      }
    });
    await firstOutcome;
  }

  /**
   * Connected but not ready: ioredis holds 'ready' back while INFO says Redis is loading its
   * dataset, and Redis answers other commands with LOADING meanwhile. Until the client is ready
   * (or drops), the state is 'loading' with Redis's progress, asked again every second. A cluster
   * client is ready only once its nodes are, and is left to its own states.
   */
  private async followLoading(client: RedisClient): Promise<void> {
    if (isCluster(client)) return;
    const waiting = () => !this.closed && this.client === client && client.status === 'connect';
    while (waiting()) {
      const progress = await client.info('persistence').then(loadingProgress, () => null);
      if (progress === null || !waiting()) return;
      this.setState(this.describe('loading', { reason: progress }));
      await new Promise((resolve) => setTimeout(resolve, LOADING_RECHECK_MS).unref());
    }
  }

  status(): ConnectionStatus {
    return this.current;
  }

  /** The shared command connection; throws `not_connected` unless Redis is answering right now. */
  command(): RedisClient {
    if (!this.client || this.client.status !== 'ready') {
      const why = this.current.reason ? `: ${this.current.reason}` : '';
      throw new ContractError('not_connected', `Redis is not connected (${this.current.state}${why})`);
    }
    return this.client;
  }

  /**
   * A new connection for blocking reads or subscriptions. It queues commands while reconnecting,
   * which is what a blocking loop wants; the caller must `release` it.
   */
  duplicate(connectionName?: string): RedisClient {
    if (!this.client || this.closed) throw new ContractError('not_connected', 'Redis is not connected');
    const copy = clientFromUrl(
      this.url(),
      {
        ...this.options(),
        lazyConnect: false,
        enableOfflineQueue: true,
        maxRetriesPerRequest: null,
        ...(connectionName ? { connectionName } : {}),
      },
      { clusterRetryStrategy: retryStrategy },
    );
    copy.on('error', () => undefined);
    this.duplicates.add(copy);
    return copy;
  }

  release(copy: RedisClient): void {
    this.duplicates.delete(copy);
    copy.disconnect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.settleFirst?.();
    for (const copy of this.duplicates) copy.disconnect();
    this.duplicates.clear();
    if (this.client) {
      const client = this.client;
      this.client = null;
      await client.quit().catch(() => client.disconnect());
    }
    await this.tunnel?.close();
  }
}
