// electron-builder.yml and package.json agree on what gets packaged: the built files only,
// the app's identity, its icon, and the four installer formats.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
// js-yaml comes with electron-builder (which reads this same file with it).
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

type BuilderConfig = {
  appId: string;
  productName: string;
  icon: string;
  files: string[];
  directories: { output: string; buildResources: string };
  linux: { target: string[] };
  mac: { target: string };
  win: { target: string };
  afterPack: string;
};

const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const afterPack = createRequire(import.meta.url)(join(root, config.afterPack)) as ((context: unknown) => Promise<void>) & {
  fuses: Record<string, boolean>;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };

describe('packaging', () => {
  it('names the app and its id', () => {
    expect(config.appId).toBe('dev.streamscope.app');
    expect(config.productName).toBe('Streamscope');
  });

  it('packages only the built files and package.json, whose main is the built main process', () => {
    expect(config.files).toEqual(['dist/**', 'package.json']);
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(pkg.scripts.dist).toMatch(/npm run build && electron-builder --config electron-builder\.yml/);
  });

  it('builds AppImage and deb for Linux, dmg for macOS, nsis for Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });

  it('turns off the fuses that let a packaged app run as plain Node or load code from outside its asar', () => {
    expect(afterPack.fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('flips those fuses in the packed executable (a fuse wire as Electron lays it out: sentinel, version 1, length, one byte per fuse)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamscope-fuses-'));
    try {
      const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
      const inherited = '1'.repeat(8); // Electron ships every fuse at its default ('1' on, '0' off)
      writeFileSync(
        join(dir, 'streamscope'),
        Buffer.concat([Buffer.from('ELF…'), Buffer.from(sentinel), Buffer.from([1, 8]), Buffer.from(inherited), Buffer.from('…rest')]),
      );
      await afterPack({
        electronPlatformName: 'linux',
        appOutDir: dir,
        arch: 1,
        packager: { executableName: 'streamscope', appInfo: { productFilename: 'Streamscope' } },
      });
      const bytes = readFileSync(join(dir, 'streamscope'));
      const at = bytes.indexOf(sentinel) + sentinel.length + 2;
      // runAsNode, cookieEncryption, nodeOptions, inspectArguments, asarIntegrity, onlyFromAsar, v8Snapshot (untouched), fileProtocolPrivileges
      expect(bytes.subarray(at, at + 8).toString('latin1')).toBe('01001111');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('points at a 512×512 RGBA PNG icon', () => {
    const png = readFileSync(join(root, config.icon));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([512, 512, 8, 6]);
    const idat = png.indexOf('IDAT');
    const length = png.readUInt32BE(idat - 4);
    expect(inflateSync(png.subarray(idat + 4, idat + 4 + length)).length).toBe((512 * 4 + 1) * 512);
  });
});
