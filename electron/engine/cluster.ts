// Redis Cluster awareness: which slot a key hashes to, which node serves it, and how to open
// another client of the same kind. Everything else in the engine talks to `RedisClient` and lets
// ioredis follow MOVED/ASK and failovers; only node-bound commands (CLIENT ID/UNBLOCK, WAIT) and
// multi-key transactions need to know where a key lives.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** A single Redis (direct or through Sentinel) or a Redis Cluster client. */
export type RedisClient = Redis | Cluster;

export const SLOTS = 16384;

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

// CRC16/XMODEM (polynomial 0x1021), the checksum Redis Cluster hashes keys with.
const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >> 8) ^ byte) & 0xff];
  return crc;
}

/**
 * The cluster slot of a key, as CLUSTER KEYSLOT computes it: only the part inside the first
 * non-empty `{…}` hash tag counts, so `{orders}` and `{orders}.dead-letter` share a slot.
 */
export function keySlot(key: string | Buffer): number {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  const open = bytes.indexOf(0x7b); // {
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1); // }
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) % SLOTS;
  }
  return crc16(bytes) % SLOTS;
}

export function sameSlot(...keys: string[]): boolean {
  return keys.every((k) => keySlot(k) === keySlot(keys[0]));
}

/** `host:port` of the master serving `key` (as ioredis last learned it); null on a single Redis. */
export function masterAddressFor(client: RedisClient, key: string | Buffer): string | null {
  if (!isCluster(client)) return null;
  return client.slots[keySlot(key)]?.[0] ?? null;
}

/**
 * The connection a command about `key` travels on: the client itself on a single Redis, the
 * master node's connection inside the cluster client otherwise (null until the slot map is known).
 * Node-bound commands must use it: WAIT counts the writes of its own connection, CLIENT ID names it.
 */
export function connectionFor(client: RedisClient, key: string): Redis | null {
  if (!isCluster(client)) return client;
  const address = masterAddressFor(client, key);
  return address ? nodeAt(client, address) : null;
}

/** The cluster client's connection to the node at `host:port`, if it has one. */
export function nodeAt(client: Cluster, address: string): Redis | null {
  return client.nodes('all').find((n) => `${n.options.host}:${n.options.port}` === address) ?? null;
}

/**
 * Another client like `client`. `overrides` are per-connection options (for a cluster they go to
 * every node's connection); `clusterOverrides` apply to a cluster client only.
 */
export function duplicateClient(client: RedisClient, overrides: RedisOptions = {}, clusterOverrides: ClusterOptions = {}): RedisClient {
  if (!isCluster(client)) return client.duplicate(overrides);
  const { enableOfflineQueue, ...perNode } = overrides;
  return client.duplicate([], {
    ...clusterOverrides,
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    redisOptions: { ...client.options.redisOptions, ...perNode },
  });
}

/** What a Redis URL points at: one server, a cluster (seed nodes) or a Sentinel-managed master. */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: Array<{ host: string; port: number }>; username?: string; password?: string; tls: boolean }
  | {
      kind: 'sentinel';
      sentinels: Array<{ host: string; port: number }>;
      name: string;
      username?: string;
      password?: string;
      db: number;
      tls: boolean;
    };

const URL_SHAPE = /^(rediss?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)(?:\/(\d*))?\/?(?:\?([^#]*))?$/;

/**
 * Reads Streamscope's Redis URL convention. A plain `redis://host:port/db` is one server; the
 * query switches topology, and several comma-separated hosts may be given:
 *   redis://127.0.0.1:7101,127.0.0.1:7102?cluster=true        Redis Cluster (any reachable seeds)
 *   redis://127.0.0.1:26379,127.0.0.1:26380?sentinel=mymaster  master `mymaster` via Sentinel
 * Credentials in the URL are those of the data nodes.
 */
export function parseRedisUrl(url: string): RedisTopology {
  const m = URL_SHAPE.exec(url);
  const query = new URLSearchParams(m?.[6] ?? '');
  const cluster = query.get('cluster');
  const sentinel = query.get('sentinel');
  if (!m || (cluster === null && sentinel === null)) return { kind: 'single', url };
  if (cluster !== null && sentinel !== null)
    throw new TypeError('Redis URL: give either ?cluster=true or ?sentinel=<master name>, not both');
  const hosts = m[4].split(',').map((hp) => {
    const at = hp.lastIndexOf(':');
    const host = at > 0 ? hp.slice(0, at).replace(/^\[|\]$/g, '') : hp;
    const port = at > 0 ? Number(hp.slice(at + 1)) : sentinel !== null ? 26379 : 6379;
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError(`Redis URL: bad host:port ${JSON.stringify(hp)}`);
    return { host, port };
  });
  const credentials = {
    ...(m[2] ? { username: decodeURIComponent(m[2]) } : {}),
    ...(m[3] ? { password: decodeURIComponent(m[3]) } : {}),
  };
  const tls = m[1] === 'rediss';
  if (cluster !== null) {
    if (cluster !== 'true' && cluster !== '1') throw new TypeError(`Redis URL: cluster must be true or 1, got ${JSON.stringify(cluster)}`);
    return { kind: 'cluster', nodes: hosts, ...credentials, tls };
  }
  if (!sentinel) throw new TypeError('Redis URL: ?sentinel= needs the master name the sentinels know');
  return { kind: 'sentinel', sentinels: hosts, name: sentinel, db: Number(m[5] || 0), ...credentials, tls };
}

/** A client for `url` (see parseRedisUrl), with `options` applied to every connection it opens. */
export function clientFromUrl(url: string, options: RedisOptions = {}, clusterOptions: ClusterOptions = {}): RedisClient {
  const t = parseRedisUrl(url);
  if (t.kind === 'single') return new Redis(url, options);
  const credentials = { ...(t.username ? { username: t.username } : {}), ...(t.password ? { password: t.password } : {}) };
  // A profile's own TLS settings (CA, client certificate) win over the bare rediss:// default.
  const tls = t.tls && !options.tls ? { tls: {} } : {};
  if (t.kind === 'sentinel')
    return new Redis({ failoverDetector: true, ...options, ...credentials, ...tls, sentinels: t.sentinels, name: t.name, db: t.db });
  const { enableOfflineQueue, lazyConnect, ...perNode } = options;
  return new Cluster(t.nodes, {
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    ...clusterOptions,
    redisOptions: { ...perNode, ...credentials, ...tls },
  });
}
