// Lint for the whole tree: typescript-eslint with type information, React hooks, import hygiene, and
// the architecture's layering as rules (who may import whom), so it stays true by construction.
// Formatting is Prettier's (`npm run format`); eslint-config-prettier turns off rules it owns.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layering (see README "Layout"): each zone lists what code in `target` may not import.
 * engine is plain Node and owns its types; shared/ is the contract both sides import; the renderer
 * knows only shared/; transports carry the contract without knowing the console; shell helpers
 * stay testable without Electron.
 */
export const layers = [
  {
    target: './electron/engine',
    from: [
      './shared',
      './renderer',
      './electron/console',
      './electron/transport',
      './electron/web',
      './electron/shell',
      './electron/main.ts',
      './electron/preload.ts',
    ],
    message: 'The engine is plain Node and owns its types: it imports nothing of the contract, the console, transports or the shell.',
  },
  {
    target: './renderer',
    from: ['./electron', './bench', './test', './scripts', './build', './bin'],
    message: 'The renderer knows only the contract (shared/) and its own folders.',
  },
  {
    target: './shared',
    from: ['./renderer', './bench', './test', './scripts', './build', './bin'],
    message: 'shared/ is the contract: it imports nothing of either side.',
  },
  {
    // The engine owns the types, the key-name codec and the stream id order the contract carries;
    // shared/ re-exports them from these plain modules and from nothing else of electron/.
    target: './shared',
    from: './electron',
    except: ['./engine/types.ts', './engine/key-name.ts', './engine/stream-id.ts'],
    message:
      'shared/ is the contract: it imports nothing of either side (only the engine types, key names and stream id order it re-exports).',
  },
  {
    target: './electron/transport',
    from: ['./electron/console', './electron/engine', './electron/web', './renderer'],
    message: 'Transports carry the contract; they do not know the console or the engine.',
  },
  {
    target: './electron/console',
    from: [
      './electron/transport',
      './electron/web',
      './electron/shell',
      './electron/cli',
      './electron/main.ts',
      './electron/preload.ts',
      './renderer',
    ],
    message: 'The console serves the contract; transports and the shell sit above it.',
  },
  {
    target: './electron/cli',
    from: ['./renderer', './electron/shell', './electron/web', './electron/main.ts', './electron/preload.ts'],
    message: 'The command line is plain Node over the console and the direct transport: no renderer, no Electron shell, no web server.',
  },
];

/** Below the shell (engine, console, transports, web, shell helpers, cli, shared/) nothing loads Electron. */
export const noElectron = {
  paths: [{ name: 'electron', message: 'Only electron/main.ts and electron/preload.ts import Electron.' }],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'playwright-report/**',
      'test-results/**',
      '.reports/**',
      'bench/results/**',
      'bench/.build/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-cycle': ['error', { maxDepth: 4, ignoreExternal: true }],
      // No Electron below the shell: the engine, console, transports and shell helpers must load in plain Node.
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // An async function without await is how a handler conforms to a Promise-returning interface.
      '@typescript-eslint/require-await': 'off',
      // React event handlers may be async; their promise is handled inside (errors go to state).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // A unit a reader can hold in mind: longer ones are split by domain step (a page, a tail, a section
    // of a form). Production code only; a test reads top to bottom as one scenario.
    files: ['electron/**', 'renderer/**', 'shared/**'],
    rules: { 'max-lines-per-function': ['error', { max: 140, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests read JSON replies and raw frames whose shape the assertions check.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // `getByRole(...) as HTMLInputElement` reads better than a type argument.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: [
      'electron/engine/**',
      'electron/console/**',
      'electron/transport/**',
      'electron/shell/**',
      'electron/web/**',
      'electron/cli/**',
      'shared/**',
    ],
    rules: {
      'no-restricted-imports': ['error', noElectron],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS files (electron-builder hooks) load their dependencies with require(); that is the module system, not a style choice.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
