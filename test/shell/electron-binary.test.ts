import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary, platformExecutable } from '../../electron/shell/electron-binary.mjs';

describe('finding the Electron binary without downloading it', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamscope-electron-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fakeExecutable = (p: string) => {
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, '#!/bin/sh\n');
    chmodSync(p, 0o755);
    return p;
  };

  it('uses ELECTRON_EXEC_PATH when it is a file, and says so when it is not', () => {
    const exe = fakeExecutable(join(dir, 'my-electron'));
    expect(findElectronBinary({ env: { ELECTRON_EXEC_PATH: exe } })).toEqual({ found: true, path: exe, source: 'ELECTRON_EXEC_PATH' });
    const missing = findElectronBinary({ env: { ELECTRON_EXEC_PATH: join(dir, 'nope') } });
    expect(missing).toEqual({ found: false, reason: expect.stringContaining('ELECTRON_EXEC_PATH') });
  });

  it('accepts ELECTRON_OVERRIDE_DIST_PATH as a directory or as the executable', () => {
    const exe = fakeExecutable(join(dir, 'dist', 'electron'));
    expect(findElectronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'dist') }, platform: 'linux' })).toMatchObject({
      found: true,
      path: exe,
    });
    expect(findElectronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: exe }, platform: 'linux' })).toMatchObject({ found: true, path: exe });
  });

  it("finds the package's downloaded binary via path.txt, and reports a package without one", () => {
    const pkg = join(dir, 'electron');
    mkdirSync(pkg);
    expect(findElectronBinary({ env: {}, packageDir: pkg, platform: 'linux' })).toEqual({
      found: false,
      reason: expect.stringContaining('needs the internet'),
    });
    writeFileSync(join(pkg, 'path.txt'), platformExecutable('darwin'));
    const exe = fakeExecutable(join(pkg, 'dist', 'Electron.app', 'Contents', 'MacOS', 'Electron'));
    expect(findElectronBinary({ env: {}, packageDir: pkg, platform: 'darwin' })).toMatchObject({ found: true, path: exe });
  });

  it('looks at the installed electron package without running it (no download on this machine)', () => {
    const result = findElectronBinary({ env: {}, fromDir: process.cwd() });
    // Whether or not a binary is present here, the answer comes back at once and is well-formed.
    if (result.found) expect(result.path).toMatch(/electron/i);
    else expect(result.reason).toMatch(/electron package/);
  });

  it('knows the executable name on each platform', () => {
    expect(platformExecutable('linux')).toBe('electron');
    expect(platformExecutable('win32')).toBe('electron.exe');
    expect(platformExecutable('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
  });
});
