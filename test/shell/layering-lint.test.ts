// The layering lives in eslint.config.js as import zones; `npm run lint` enforces it over the tree.
// This shows the rule refuses a deliberate bad import in each layer and lets the allowed ones pass.
import { ESLint } from 'eslint';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layers, noElectron } from '../../eslint.config.js';

const root = join(import.meta.dirname, '..', '..');

// Only the layering rule, without type information, so a file that does not exist can be linted.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser },
      plugins: { 'import-x': importX },
      settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
      rules: { 'import-x/no-restricted-paths': ['error', { zones: layers }] },
    },
    {
      files: ['electron/{engine,console,transport,shell,web,cli}/**', 'shared/**'],
      rules: { 'no-restricted-imports': ['error', noElectron] },
    },
  ],
});

async function layeringErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return result.messages
    .filter((m) => m.ruleId === 'import-x/no-restricted-paths' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layering as a lint rule', () => {
  it.each([
    ['electron/engine/bad.ts', "import type { StreamEntry } from '../../shared/dto';", 'The engine is plain Node'],
    ['electron/engine/bad.ts', "import { createConsole } from '../console';", 'The engine is plain Node'],
    ['electron/engine/bad.ts', "import { serveIpc } from '../transport/ipc';", 'The engine is plain Node'],
    ['electron/engine/bad.ts', "import { app } from 'electron';", 'Only electron/main.ts and electron/preload.ts import Electron'],
    ['electron/shell/bad.ts', "import { BrowserWindow } from 'electron';", 'Only electron/main.ts and electron/preload.ts import Electron'],
    ['renderer/features/bad.ts', "import { summarize } from '../../scripts/test-summary.mjs';", 'The renderer knows only the contract'],
    ['renderer/features/bad.ts', "import { sleep } from '../../test/helpers/wait';", 'The renderer knows only the contract'],
    ['renderer/features/bad.ts', "import { createConsole } from '../../electron/console';", 'The renderer knows only the contract'],
    ['shared/bad.ts', "import { createConsole } from '../electron/console';", 'shared/ is the contract'],
    ['shared/bad.ts', "import { EventStreamService } from '../electron/engine';", 'shared/ is the contract'],
    ['shared/bad.ts', "import { errorText } from '../renderer/state/errorText';", 'shared/ is the contract'],
    ['electron/transport/bad.ts', "import { createConsole } from '../console';", 'Transports carry the contract'],
    ['electron/transport/bad.ts', "import type { EventSink } from '../console/callers';", 'Transports carry the contract'],
    ['electron/console/bad.ts', "import { serveIpc } from '../transport/ipc';", 'The console serves the contract'],
    ['electron/console/bad.ts', "import { main } from '../cli/main';", 'The console serves the contract'],
    ['electron/cli/bad.ts', "import { startWebServer } from '../web/server';", 'The command line is plain Node'],
  ])('refuses %s importing across a layer: %s', async (file, source, reason) => {
    const errors = await layeringErrors(file, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(reason);
  });

  it.each([
    ['renderer/features/ok.ts', "import type { StreamEntry } from '../../shared/dto';"],
    ['electron/console/ok.ts', "import { EventStreamService } from '../engine';"],
    ['electron/transport/ok.ts', "import type { Reply } from '../../shared/reply';"],
    ['electron/transport/ok.ts', "import type { EventSink } from '../../shared/bridge';"],
    ['shared/ok.ts', "import type { PrunePolicy } from '../electron/engine/types';"],
    ['shared/ok.ts', "import { displayKeyName } from '../electron/engine/key-name';"],
    ['electron/engine/ok.ts', "import { keyNameFromBytes } from './key-name';"],
    ['electron/cli/ok.ts', "import { createDirectBridge } from '../transport/direct';"],
  ])('allows %s: %s', async (file, source) => {
    expect(await layeringErrors(file, source)).toEqual([]);
  });
});
