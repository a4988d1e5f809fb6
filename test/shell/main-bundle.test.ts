// The artifact Electron actually runs: dist/electron/main.cjs (vite --mode main). Built into a
// temp dir and loaded by plain Node with a stand-in electron module, it must resolve every
// require (its chunks, ioredis, zod, ws) and, when another instance holds the lock, quit at once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

const STAND_IN = `
const Module = require('node:module');
const calls = [];
const app = {
  isPackaged: true,
  requestSingleInstanceLock: () => (calls.push('lock'), process.env.LOCK === 'free'),
  quit: () => calls.push('quit'),
  exit: (c) => calls.push('exit ' + c),
  enableSandbox: () => calls.push('enableSandbox'),
  setAsDefaultProtocolClient: () => true,
  on: () => app,
  whenReady: () => new Promise(() => {}),
};
const electron = { app, dialog: { showErrorBox: (t, m) => calls.push('error ' + t + ': ' + m) } };
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};
process.on('exit', () => process.stdout.write(JSON.stringify(calls)));
`;

function runMain(mainPath: string, hookPath: string, lock: 'held' | 'free', argv: string[] = []) {
  const result = spawnSync(process.execPath, ['-r', hookPath, mainPath, ...argv], {
    cwd: root,
    env: { ...process.env, LOCK: lock },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { calls: JSON.parse(result.stdout || '[]') as string[], stderr: result.stderr };
}

describe('built main process bundle', () => {
  let outDir: string;
  let hook: string;

  beforeAll(async () => {
    // Inside the repository (.tmp/ is git-ignored) so the bundle's external requires resolve from node_modules.
    mkdirSync(join(root, '.tmp'), { recursive: true });
    outDir = mkdtempSync(join(root, '.tmp', 'main-bundle-'));
    await build({ root, configFile: join(root, 'vite.config.ts'), mode: 'main', logLevel: 'silent', build: { outDir } });
    hook = join(outDir, 'electron-stand-in.cjs');
    writeFileSync(hook, STAND_IN);
  }, 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is written as main.cjs, the file package.json names', () => {
    expect(existsSync(join(outDir, 'main.cjs'))).toBe(true);
  });

  it('loads under plain Node and quits when another instance holds the single-instance lock', () => {
    const { calls, stderr } = runMain(join(outDir, 'main.cjs'), hook, 'held');
    expect(stderr).toBe('');
    expect(calls).toEqual(['lock', 'quit']);
  });

  it('sandboxes all renderers once it holds the lock', () => {
    const { calls } = runMain(join(outDir, 'main.cjs'), hook, 'free');
    expect(calls).toEqual(['lock', 'enableSandbox']);
  });

  it('exits with a clear message on a bad --redis value before doing anything else', () => {
    const { calls, stderr } = runMain(join(outDir, 'main.cjs'), hook, 'free', ['--redis', 'localhost']);
    expect(calls).toEqual(['exit 2']);
    expect(stderr).toMatch(/--redis needs a URL starting with redis:\/\/ or rediss:\/\/, got "localhost"/);
  });
});
