// scripts/start.mjs: launches the Electron binary with the app and the passed-through options,
// or, with no binary, says so in one line and starts web mode.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const FALLBACK_LINE =
  'Electron binary not installed (`npm run electron:fetch` downloads it, with internet access); starting web mode instead';
const webModeExists = existsSync(join(root, 'electron', 'web', 'cli.ts'));

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs start.mjs until `until(stdout)` holds or it exits; returns what it printed and its exit code. */
function runStart(args: string[], env: Record<string, string>, until: (out: string) => boolean) {
  return new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, ELECTRON_EXEC_PATH: '', ELECTRON_OVERRIDE_DIST_PATH: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`start.mjs timed out; stdout:\n${stdout}\nstderr:\n${stderr}`)), 25_000);
    const finish = (err?: Error, code: number | null = null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGTERM');
      if (err) reject(err);
      else resolve({ stdout, stderr, code });
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (until(stdout)) finish();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => setTimeout(() => finish(undefined, code), 50));
  });
}

describe('npm start (scripts/start.mjs)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamscope-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('launches the Electron binary with the app directory and the options, and returns its exit code', async () => {
    const fakeElectron = join(dir, 'electron');
    writeFileSync(fakeElectron, `#!/bin/sh\necho "electron-args: $*"\nexit 7\n`);
    chmodSync(fakeElectron, 0o755);
    const result = await runStart(['--redis', 'redis://127.0.0.1:6379'], { ELECTRON_EXEC_PATH: fakeElectron }, () => false);
    expect(result.stdout.trim()).toBe(`electron-args: ${root} --redis redis://127.0.0.1:6379`);
    expect(result.code).toBe(7);
  });

  it('says in one line that there is no Electron binary, then starts web mode', async () => {
    const port = await freeLoopbackPort();
    const result = await runStart(
      ['--port', String(port), '--redis', 'redis://127.0.0.1:6379'],
      { ELECTRON_OVERRIDE_DIST_PATH: dir },
      (out) => out.includes(FALLBACK_LINE) && (!webModeExists || out.includes(`:${port}/`)),
    );
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(FALLBACK_LINE);
    // Web mode prints its URL, with the per-launch token, on the port we passed through.
    if (webModeExists) expect(result.stdout).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${port}/\\S*token=`));
  });
});
