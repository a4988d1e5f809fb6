// Shared Redis helpers for tests: unique names on the shared server (never FLUSHALL it), and a
// private redis-server on a free port for fault tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { acceptsConnections, poll } from './wait';

export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** A key/stream name no other test (or concurrent test run) uses: `<prefix>-<time>-<random>`. */
export function uniqueName(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function connectShared(): Redis {
  return new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: 3 });
}

/** Deletes the given keys (and nothing else). */
export async function cleanupKeys(redis: Redis, names: string[]): Promise<void> {
  if (names.length > 0) await redis.del(...names);
}

/** Deletes every key matching `pattern` using SCAN (for engine side keys like presence). */
export async function cleanupPattern(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface PrivateRedis {
  port: number;
  url: string;
  dir: string;
  /** SHUTDOWN (saving the AOF) and wait for the process to exit. */
  stop(): Promise<void>;
  /**
   * Start again on the same port and dir (data comes back from the AOF/RDB), with `args` added to
   * the command line. Resolves once it answers PING, or with `answering: false` once it accepts
   * connections (a server still loading its data accepts them but answers LOADING).
   */
  restart(opts?: { args?: string[]; answering?: boolean }): Promise<void>;
  /** SIGKILL: no save. */
  kill(): Promise<void>;
  /** stop() and delete the temp dir. */
  dispose(): Promise<void>;
}

/** Whether a redis-server answers PING on `port` right now (a probe for `poll`). */
async function answersPing(port: number): Promise<boolean> {
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function waitReady(port: number, answering: boolean, timeoutMs = 10_000): Promise<void> {
  if (!(await poll(() => (answering ? answersPing(port) : acceptsConnections(port)), timeoutMs)))
    throw new Error(`private redis-server on port ${port} did not ${answering ? 'answer' : 'accept connections'} within ${timeoutMs} ms`);
}

export async function startPrivateRedis(opts: { appendonly?: boolean } = {}): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'streamscope-redis-'));
  const port = await freePort();
  let proc: ChildProcess | null = null;

  const launch = async (extra: string[] = [], answering = true) => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no'];
    if (opts.appendonly ?? true) args.push('--appendonly', 'yes', '--appendfsync', 'always');
    proc = spawn('redis-server', [...args, ...extra], { stdio: 'ignore' });
    await waitReady(port, answering);
  };
  const exited = (p: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) resolve();
      else p.once('exit', () => resolve());
    });

  await launch();
  const handle: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async stop() {
      const p = proc;
      if (!p) return;
      const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on('error', () => {});
      await c.call('SHUTDOWN').catch(() => {});
      c.disconnect();
      await exited(p);
      proc = null;
    },
    async restart({ args = [], answering = true } = {}) {
      if (proc) await handle.stop();
      await launch(args, answering);
    },
    async kill() {
      const p = proc;
      if (!p) return;
      p.kill('SIGKILL');
      await exited(p);
      proc = null;
    },
    async dispose() {
      await handle.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
