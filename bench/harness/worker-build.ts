// The consumer and producer workers run as built JavaScript, as a deployed service runs its code:
// the engine (electron/engine) and the drivers bundled into one file per worker, the libraries
// (ioredis, BullMQ, moleculer) loaded from node_modules as they ship. Under a TypeScript loader
// each side would also carry the loader's work and memory for its own source files (the engine has
// many more than the bare loop: transpiled text, source maps), which is not what either costs in
// production. Built once per bench process, synchronously (esbuild, ~0.2 s), into bench/.build/.
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

export type WorkerEntry = 'consumer' | 'producer';

const OUT = new URL('../.build/', import.meta.url);
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
  }
  return new URL(`${entry}.mjs`, OUT);
}
