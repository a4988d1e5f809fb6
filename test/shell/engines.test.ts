// The Node versions package.json promises are ones every installed package supports, except
// Electron's binary downloader: a supported Electron asks for Node 22.12 in its npm package, though
// the package only fetches the binary (the app runs on Electron's own Node). `npm ci` on Node 20
// prints EBADENGINE for exactly those (this machine and CI run Node 20).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
// semver comes with npm's own tooling (electron-builder, vite's plugins depend on it).
const semver = createRequire(import.meta.url)('semver') as {
  subset(sub: string, dom: string): boolean;
  satisfies(version: string, range: string): boolean;
};

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** Electron's npm package and what it downloads with; the README's Limits name them. */
const ELECTRON_DOWNLOADER = new Set(['electron', '@electron/get', '@electron-internal/extract-zip']);

/** Installed packages whose engines field leaves out some Node version package.json promises. */
function unsupported(promise: string): string[] {
  return Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && p.engines && !Array.isArray(p.engines) && p.engines.node)
    .filter(([path]) => !ELECTRON_DOWNLOADER.has(path.replace(/^.*node_modules\//, '')))
    .filter(([, p]) => !semver.subset(promise, (p.engines as { node: string }).node))
    .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`);
}

describe('Node versions', () => {
  it('promises Node 20 (what this machine and CI run)', () => {
    expect(semver.satisfies('20.20.0', pkg.engines.node)).toBe(true);
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it('installs only packages that support every Node version package.json promises', () => {
    expect(unsupported(pkg.engines.node)).toEqual([]);
  });

  it('keeps Electron on a supported major (the latest three get security fixes)', () => {
    const electron = lock.packages['node_modules/electron']?.version ?? '0';
    expect(Number(electron.split('.')[0])).toBeGreaterThanOrEqual(43);
  });
});
