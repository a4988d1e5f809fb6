// A private redis-server for security tests, with whatever extra arguments a test needs (ACL
// users, TLS ports, debug command for DEBUG DIGEST). Temp dir and process are removed on stop().
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { freePort } from '../../helpers/redis';
import { poll } from '../../helpers/wait';

export interface SecurityRedis {
  port: number;
  dir: string;
  /** A client with full rights (the default user, or `adminOptions` given to start). */
  admin: Redis;
  stop(): Promise<void>;
}

export async function startRedisServer(
  opts: { args?: (dir: string, port: number) => string[]; adminOptions?: RedisOptions } = {},
): Promise<SecurityRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'streamscope-sec-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    ...(opts.args?.(dir, port) ?? []),
  ];
  const proc: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  proc.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
  proc.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
  const admin = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: (n) => (n > 100 ? null : 50),
    ...opts.adminOptions,
  });
  admin.on('error', () => {});
  let lastError: unknown = null;
  const outcome = await poll(async () => {
    if (proc.exitCode !== null) return 'exited';
    try {
      if (admin.status === 'wait') await admin.connect();
      await admin.ping();
      return 'ready';
    } catch (e) {
      lastError = e;
      return false;
    }
  }, 10_000);
  if (outcome !== 'ready') {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    // Not the arguments: they may hold an ACL password.
    throw new Error(`redis-server on port ${port} did not start: ${String(lastError)}; its output: ${output.join('').slice(-800)}`, {
      cause: lastError,
    });
  }
  return {
    port,
    dir,
    admin,
    async stop() {
      admin.disconnect();
      if (proc.exitCode === null && proc.signalCode === null) {
        const gone = new Promise<void>((r) => proc.once('exit', () => r()));
        proc.kill('SIGKILL');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
