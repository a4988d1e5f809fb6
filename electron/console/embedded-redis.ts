// The embedded default: when no Redis URL is given and nothing answers on 127.0.0.1:6379, the
// console runs a private redis-server on a free loopback port in a temp dir, and stops it on close.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const INSTALL_HINT =
  'install one (`apt install redis-server` or `brew install redis`) or point Streamscope at a server with --redis redis://host:6379 or REDIS_URL';

export interface EmbeddedRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** True when something answers a Redis PING at host:port within timeoutMs. */
export function probeRedis(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let answered = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answered += chunk.toString('latin1');
      // +PONG, or -NOAUTH when a password is required: either way a Redis is there.
      if (answered.includes('\r\n')) done(/^[+-]/.test(answered));
    });
  });
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class RedisServerMissing extends Error {
  constructor(binary: string) {
    super(`No Redis answered and \`${binary}\` was not found on PATH: ${INSTALL_HINT}`);
    this.name = 'RedisServerMissing';
  }
}

/** Start a private redis-server (no persistence) and wait until it answers. */
export async function startEmbeddedRedis(binary = 'redis-server', extraArgs: string[] = []): Promise<EmbeddedRedis> {
  const port = await freeLoopbackPort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'streamscope-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...extraArgs];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const cleanup = async () => {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    const outcome = await Promise.race([
      spawnError.then((e) => ({ kind: 'error' as const, e })),
      exited.then((code) => ({ kind: 'exit' as const, code })),
      new Promise<{ kind: 'tick' }>((r) => setTimeout(() => r({ kind: 'tick' }), 50)),
    ]);
    if (outcome.kind === 'error') {
      await cleanup();
      if ((outcome.e as NodeJS.ErrnoException).code === 'ENOENT') throw new RedisServerMissing(binary);
      throw outcome.e;
    }
    if (outcome.kind === 'exit') {
      await cleanup();
      throw new Error(`redis-server exited with code ${outcome.code}: ${stderr.trim()}`);
    }
    if (await probeRedis('127.0.0.1', port, 200)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await cleanup();
      throw new Error(`redis-server did not answer on port ${port} within 10 s`);
    }
  }

  let stopped: Promise<void> | null = null;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(killer);
        }
        await cleanup();
      })()),
  };
}
