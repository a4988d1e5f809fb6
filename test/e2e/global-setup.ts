// Playwright global setup: start web mode on a free loopback port against the real Redis and
// hand its URL (with the per-launch token) to the specs as STREAMSCOPE_URL; the returned
// function stops it. With STREAMSCOPE_URL already set, that server is used as is.
// When an Electron binary exists, the main and preload bundles are built for the electron project.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findElectronBinary } from '../../electron/shell/electron-binary.mjs';

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

function stop(child: ChildProcess): Promise<void> {
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

function buildDesktopBundles(): void {
  for (const mode of ['preload', 'main']) {
    const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', mode], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error(`vite build --mode ${mode} failed (exit ${result.status})`);
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (findElectronBinary({ fromDir: repoRoot }).found) buildDesktopBundles();
  if (process.env.STREAMSCOPE_URL) return async () => {};

  const port = await freeLoopbackPort();
  const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join('electron', 'web', 'cli.ts'), '--port', String(port), '--redis', redis],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  try {
    process.env.STREAMSCOPE_URL = await waitForUrl(child, port);
  } catch (err) {
    await stop(child);
    throw err;
  }
  // Keep draining output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return () => stop(child);
}
