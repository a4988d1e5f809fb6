#!/usr/bin/env node
// `npm start` (after `npm run build`): open the desktop app, or — where no Electron binary was
// fetched (npm never runs electron's download script, see allowScripts in package.json, so that
// an install works offline) — say so in one line and start web mode instead. Options (--redis URL, --port N) pass through to whichever starts.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../electron/shell/electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const passthrough = process.argv.slice(2);

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (err) => {
    console.error(`could not start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = findElectronBinary({ fromDir: root });
if (electron.found) {
  run(electron.path, [root, ...passthrough]);
} else {
  console.log('Electron binary not installed (`npm run electron:fetch` downloads it, with internet access); starting web mode instead');
  // From source through tsx (a dev dependency, as `npm start` is a repository command): the
  // renderer it serves is the one `npm run build` just wrote to dist/renderer.
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  if (!existsSync(tsx)) {
    console.error('tsx is not installed; run `npm ci` first');
    process.exit(1);
  }
  run(process.execPath, [tsx, join('electron', 'web', 'cli.ts'), ...passthrough]);
}
