// Playwright global setup: start web mode on a free loopback port against the real Redis and
// hand its URL (with the per-launch token) to the specs as STREAMSCOPE_URL; the returned
// function stops it. With STREAMSCOPE_URL already set, that server is used as is.
// When an Electron binary exists, the main and preload bundles are built for the electron project.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary } from '../../electron/shell/electron-binary.mjs';
import { startWebMode } from './web-mode';

const repoRoot = join(import.meta.dirname, '..', '..');

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

  const web = await startWebMode(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  process.env.STREAMSCOPE_URL = web.url;
  return web.stop;
}
