// Web mode as a child process for the end-to-end tests: started on a free loopback port against
// a Redis URL (one server or `?cluster=true`), resolved with its URL (per-launch token included)
// once it prints it. Used by global-setup.ts (the shared server) and by specs that need their own.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..', '..');
const STARTUP_TIMEOUT_MS = 60_000;

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits for web mode's one line with the URL (http://127.0.0.1:<port>/…?token=…). */
function waitForUrl(child: ChildProcess, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const pattern = new RegExp(`https?://(?:127\\.0\\.0\\.1|localhost|\\[::1\\]):${port}/\\S*`);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        cleanup();
        resolve(match[0]);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`web mode exited (code ${code}, signal ${signal}) before printing its URL:\n${output}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`web mode printed no URL within ${STARTUP_TIMEOUT_MS} ms:\n${output}`));
    }, STARTUP_TIMEOUT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface WebMode {
  /** http://127.0.0.1:<port>/…?token=… */
  url: string;
  /** SIGTERM, SIGKILL after 5 s; resolves when the process is gone. */
  stop: () => Promise<void>;
}

export async function startWebMode(redisUrl: string): Promise<WebMode> {
  const port = await freeLoopbackPort();
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join('electron', 'web', 'cli.ts'),
      '--port',
      String(port),
      '--redis',
      redisUrl,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  let url: string;
  try {
    url = await waitForUrl(child, port);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  // Keep draining output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return { url, stop: () => stopChild(child) };
}
