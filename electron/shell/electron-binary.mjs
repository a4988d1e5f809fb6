// Finds an Electron executable WITHOUT running the `electron` package's index.js, which throws
// when the binary was never fetched (and, from Electron 42 on, downloads it, which hangs offline).
// Plain JavaScript (with electron-binary.d.mts for types) because scripts/start.mjs runs it
// under bare Node before anything is compiled, and playwright.config.ts imports it too.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Executable inside the electron package's dist/, as the package's install.js names it. */
export function platformExecutable(platform) {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/**
 * @returns {{ found: true, path: string, source: string } | { found: false, reason: string }}
 */
export function findElectronBinary(opts = {}) {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const exe = platformExecutable(platform);

  if (env.ELECTRON_EXEC_PATH) {
    return isFile(env.ELECTRON_EXEC_PATH)
      ? { found: true, path: env.ELECTRON_EXEC_PATH, source: 'ELECTRON_EXEC_PATH' }
      : { found: false, reason: `ELECTRON_EXEC_PATH is ${env.ELECTRON_EXEC_PATH}, which is not a file` };
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    // The electron package reads this as a directory in index.js and as the executable in install.js.
    const p = env.ELECTRON_OVERRIDE_DIST_PATH;
    const candidate = isFile(p) ? p : join(p, exe);
    return isFile(candidate)
      ? { found: true, path: candidate, source: 'ELECTRON_OVERRIDE_DIST_PATH' }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is ${p}, which holds no ${exe}` };
  }
  const packageDir = opts.packageDir ?? electronPackageDir(opts.fromDir);
  if (!packageDir) return { found: false, reason: 'the electron package is not installed' };
  let rel = exe;
  try {
    rel = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim() || exe;
  } catch {
    // No path.txt: the binary was never downloaded; check the default location anyway.
  }
  const candidate = join(packageDir, 'dist', rel);
  return isFile(candidate)
    ? { found: true, path: candidate, source: 'node_modules/electron' }
    : {
        found: false,
        reason: `the electron package has no binary at ${candidate} (npm run electron:fetch downloads it, which needs the internet)`,
      };
}

function electronPackageDir(fromDir) {
  try {
    const require = createRequire(join(fromDir ?? process.cwd(), 'noop.js'));
    // Resolving package.json only locates the package; it does not run its download-on-require index.js.
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function isFile(p) {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}
