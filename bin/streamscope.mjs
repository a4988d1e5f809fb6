#!/usr/bin/env node
// The `streamscope` command: the bundle `npm run build` emits (dist/electron/cli.cjs), or, in a
// checkout that has not been built, the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/electron/cli.cjs', import.meta.url));
if (existsSync(bundle)) {
  createRequire(import.meta.url)(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/bin.ts');
}
