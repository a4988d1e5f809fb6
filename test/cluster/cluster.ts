// Test fixture for Redis Cluster and Sentinel: starts them with scripts/redis-cluster.sh and
// scripts/redis-sentinel.sh on loopback ports (each test file prefers its own range and moves on
// to a free one, so parallel files and parallel test runs never share a cluster), and knows
// where keys live and how to kill a node.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis, type ClusterOptions } from 'ioredis';
import { poll, until as waitUntil } from '../helpers/wait';

const run = promisify(execFile);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The first base from `preferred` (stepping by 50) whose `count` ports (and bus ports) are free. */
async function freeBase(preferred: number, count: number, bus: boolean): Promise<number> {
  for (let base = preferred; base < preferred + 50 * 40; base += 50) {
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const all = bus ? [...ports, ...ports.map((p) => p + 10_000)] : ports;
    if ((await Promise.all(all.map(portFree))).every(Boolean)) return base;
  }
  throw new Error(`no free range of ${count} loopback ports from ${preferred}`);
}
const ROOT = resolve(import.meta.dirname, '../..');

/** Why the cluster tests cannot run here, or null when they can. */
export function missingRedisTools(): string | null {
  for (const bin of ['redis-server', 'redis-cli']) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0)
      return `${bin} is not on PATH (Debian: apt-get install redis-server redis-tools)`;
  }
  return null;
}

async function script(name: string, ...args: Array<string | number>): Promise<void> {
  try {
    await run(join(ROOT, 'scripts', name), args.map(String), { timeout: 60_000 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`scripts/${name} ${args.join(' ')} failed: ${err.stderr || err.message}`, { cause: e });
  }
}

export interface TestCluster {
  ports: number[];
  seeds: Array<{ host: string; port: number }>;
  /** A cluster client (closed by stop()). */
  connect(options?: ClusterOptions): Cluster;
  /** A plain connection to one node (closed by stop()). */
  node(port: number): Redis;
  /** Port of the master currently serving `key`, asked of the cluster itself. */
  masterPortOf(key: string): Promise<number>;
  /** SIGKILL the node on `port` (its pid from the script's pid file). */
  kill(port: number): void;
  /** Start a killed node again; it rejoins (as a replica if its slots were taken over). */
  restart(port: number): Promise<void>;
  /** Resolves when every live node reports cluster_state:ok and `key`'s slot has a live master. */
  waitHealthy(key: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(preferredBase: number): Promise<TestCluster> {
  const base = await freeBase(preferredBase, 6, true);
  await script('redis-cluster.sh', 'start', base);
  const ports = [0, 1, 2, 3, 4, 5].map((i) => base + i);
  const killed = new Set<number>();
  const clients: Array<Redis | Cluster> = [];
  const node = (port: number) => {
    const c = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: false });
    c.on('error', () => {});
    clients.push(c);
    return c;
  };
  const live = () => ports.filter((p) => !killed.has(p));
  const masterPortOf = async (key: string): Promise<number> => {
    const admin = node(live()[0]);
    try {
      const slot = Number(await admin.cluster('KEYSLOT', key));
      const ranges = await admin.cluster('SLOTS');
      const hit = ranges.find(([from, to]) => slot >= from && slot <= to);
      if (!hit?.[2]) throw new Error(`no node serves slot ${slot}`);
      return Number(hit[2][1]);
    } finally {
      admin.disconnect();
    }
  };
  return {
    ports,
    seeds: ports.slice(0, 3).map((port) => ({ host: '127.0.0.1', port })),
    connect(options = {}) {
      const c = new Cluster(
        ports.slice(0, 3).map((port) => ({ host: '127.0.0.1', port })),
        options,
      );
      c.on('error', () => {});
      clients.push(c);
      return c;
    },
    node,
    masterPortOf,
    kill(port) {
      const pid = Number(readFileSync(join(tmpdir(), `streamscope-cluster-${base}`, String(port), 'redis.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      killed.add(port);
    },
    async restart(port) {
      await script('redis-cluster.sh', 'start-node', port, base);
      killed.delete(port);
    },
    async waitHealthy(key, timeoutMs = 20_000) {
      const healthy = async () => {
        try {
          const port = await masterPortOf(key);
          if (killed.has(port)) return false;
          const states = await Promise.all(
            live().map(async (p) => {
              const c = node(p);
              try {
                return String(await c.cluster('INFO'));
              } finally {
                c.disconnect();
              }
            }),
          );
          return states.every((s) => s.includes('cluster_state:ok'));
        } catch {
          return false; // a node is still unreachable or electing: keep waiting
        }
      };
      if (!(await poll(healthy, timeoutMs, 100))) throw new Error(`cluster on ${base} did not recover within ${timeoutMs} ms`);
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await script('redis-cluster.sh', 'stop', base);
    },
  };
}

export interface TestSentinel {
  masterName: string;
  sentinels: Array<{ host: string; port: number }>;
  /** Port of the current master according to the first sentinel. */
  masterPort(): Promise<number>;
  sentinel(): Redis;
  /** A plain connection to the data node on `port` (closed by stop()). */
  node(port: number): Redis;
  stop(): Promise<void>;
}

export async function startSentinel(preferredBase: number): Promise<TestSentinel> {
  const base = await freeBase(preferredBase, 5, false);
  await script('redis-sentinel.sh', 'start', base);
  const clients: Redis[] = [];
  const sentinel = () => {
    const c = new Redis({ host: '127.0.0.1', port: base + 2, maxRetriesPerRequest: 1 });
    c.on('error', () => {});
    clients.push(c);
    return c;
  };
  return {
    masterName: 'streamscope',
    sentinels: [2, 3, 4].map((i) => ({ host: '127.0.0.1', port: base + i })),
    async masterPort() {
      const c = sentinel();
      const [, port] = (await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'streamscope')) as [string, string];
      return Number(port);
    },
    sentinel,
    node(port) {
      const c = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
      c.on('error', () => {});
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await script('redis-sentinel.sh', 'stop', base);
    },
  };
}

/** Cluster waits are longer: a failover takes seconds. */
export const until = (cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) => waitUntil(cond, what, timeoutMs);
