// The consumer and producer workers run as built JavaScript, as a deployed service runs its code:
// the engine (electron/engine) and the drivers bundled into one file per worker, the libraries
// (ioredis, BullMQ, moleculer) loaded from node_modules as they ship. Under a TypeScript loader
// each side would also carry the loader's work and memory for its own source files (the engine has
// many more than the bare loop: transpiled text, source maps), which is not what either costs in
// production. Built once per bench process, synchronously (esbuild, ~0.2 s), into a folder of that
// process under bench/.build/ (several bench processes, e.g. test files run in parallel, never
// write each other's files), removed when the process exits.
import { buildSync } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type WorkerEntry = 'consumer' | 'producer';

const OUT = new URL(`../.build/${process.pid}/`, import.meta.url);
let built = false;

/** The built script of a worker (building both on first use). */
export function workerScript(entry: WorkerEntry): URL {
  if (!built) {
    const result = buildSync({
      entryPoints: ['consumer', 'producer'].map((name) => fileURLToPath(new URL(`../workers/${name}.ts`, import.meta.url))),
      outdir: fileURLToPath(OUT),
      outExtension: { '.js': '.mjs' },
      bundle: true,
      // Libraries stay imports, resolved from bench/.build/ up to the project's node_modules.
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    if (result.errors.length > 0) throw new Error(`building the bench workers failed: ${result.errors.map((e) => e.text).join('; ')}`);
    built = true;
    process.once('exit', () => rmSync(OUT, { recursive: true, force: true }));
  }
  return new URL(`${entry}.mjs`, OUT);
}
