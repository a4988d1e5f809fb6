// One Vite config, switched by --mode:
//   renderer (default) – the React UI, built with base './' so Electron (file://) and web mode share it
//   preload            – electron/preload.ts as one CommonJS file (sandboxed preloads cannot load ESM)
//   main               – electron/main.ts, the web-mode server and the command line as Node (SSR) bundles
//   chaos              – vitest: the long fault-injection suite (npm run test:chaos)
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { builtinModules } from 'node:module';

const nodeExternals = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'ioredis', 'ws', 'zod', 'commander'];

export default defineConfig(({ mode }) => {
  if (mode === 'preload') {
    return {
      // A sandboxed preload can require only 'electron' (and a few Node shims): bundle every
      // dependency into the one file instead of leaving a require() behind. It needs only the static
      // allow-lists of shared/methods.ts (test/shell/preload-bundle.test.ts keeps zod out).
      ssr: { noExternal: true },
      build: {
        outDir: 'dist/electron',
        emptyOutDir: false,
        ssr: 'electron/preload.ts',
        rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
      },
    };
  }
  if (mode === 'main') {
    return {
      build: {
        outDir: 'dist/electron',
        emptyOutDir: false,
        ssr: true,
        rollupOptions: {
          input: { main: 'electron/main.ts', web: 'electron/web/cli.ts', cli: 'electron/cli/bin.ts' },
          external: nodeExternals,
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    };
  }
  const chaos = mode === 'chaos';
  return {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: { outDir: '../dist/renderer', emptyOutDir: true },
    test: {
      root: '.',
      include: chaos ? ['test/chaos/**/*.test.ts'] : ['test/**/*.test.{ts,tsx}'],
      exclude: chaos ? [] : ['test/e2e/**', 'test/chaos/**'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      pool: 'forks',
      // The JSON report feeds .ci/run's one-line summary.
      reporters: ['default', ['json', { outputFile: `.reports/${chaos ? 'chaos' : 'unit'}.json` }]],
    },
  };
});
