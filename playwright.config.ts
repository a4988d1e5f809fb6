// End-to-end tests: one spec tree (test/e2e) run by two projects.
//   chromium – Debian's /usr/bin/chromium against web mode (started by test/e2e/global-setup.ts)
//   electron – the desktop app through Playwright's Electron launcher, when a binary exists
//              (ELECTRON_EXEC_PATH, ELECTRON_OVERRIDE_DIST_PATH or node_modules/electron/dist);
//              otherwise every test of that project skips, saying why (see test/e2e/fixtures.ts).
// `npx playwright install` cannot work here, so nothing downloads a browser.
import { defineConfig } from '@playwright/test';
import { findElectronBinary } from './electron/shell/electron-binary.mjs';
import type { StreamscopeOptions } from './test/e2e/fixtures';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/e2e/chromium';

const electron = findElectronBinary();

export default defineConfig<StreamscopeOptions>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Two cores shared with other work: keep one worker so timings stay sane.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }], ['json', { outputFile: '.reports/e2e.json' }]],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1400, height: 900 },
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [...CHROMIUM_ARGS],
        },
      },
    },
    {
      name: 'electron',
      use: electron.found ? { electronExecutable: electron.path } : { electronExecutable: null, electronMissingReason: electron.reason },
    },
  ],
});
