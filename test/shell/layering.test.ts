// Only electron/main.ts and electron/preload.ts may import the electron module: everything else
// in electron/ (shell decisions, engine, console, transports, web mode) must run under plain
// Node, where tests and web mode live and where no Electron binary exists.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const ENTRY_POINTS = new Set(['electron/main.ts', 'electron/preload.ts']);
const IMPORTS_ELECTRON = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]electron['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|mjs|js|cjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('layering', () => {
  it('imports electron only from main.ts and preload.ts', () => {
    const offenders = sources(join(root, 'electron'))
      .map((file) => relative(root, file).split('\\').join('/'))
      .filter((file) => !ENTRY_POINTS.has(file) && IMPORTS_ELECTRON.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('recognises the ways a file could import electron', () => {
    for (const line of [
      "import { app } from 'electron';",
      'const e = require("electron");',
      "await import('electron')",
      "import 'electron';",
    ]) {
      expect(IMPORTS_ELECTRON.test(line)).toBe(true);
    }
    expect(IMPORTS_ELECTRON.test("import { x } from './electron-binary.mjs';")).toBe(false);
    for (const entry of ENTRY_POINTS) expect(IMPORTS_ELECTRON.test(readFileSync(join(root, entry), 'utf8'))).toBe(true);
  });
});
