// The fixtures every spec imports (`import { test, expect } from './fixtures'`): `page` arrives
// with Streamscope open and works the same in both projects.
//   chromium: a page of Debian's Chromium at STREAMSCOPE_URL (web mode, started by global-setup.ts)
//   electron: the desktop app's window, launched with Playwright's Electron launcher; skipped,
//             with the reason, when there is no Electron binary.
// The browser is launched here rather than through Playwright's own `page` fixture so that the
// electron project never starts a browser it does not use.
import { _electron, test as base, expect, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StreamscopeOptions {
  /** Electron executable for the electron project; null when none was found. */
  electronExecutable: string | null | undefined;
  electronMissingReason: string;
}

const repoRoot = join(import.meta.dirname, '..', '..');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const test = base.extend<StreamscopeOptions, { lazyBrowser: () => Promise<Browser> }>({
  electronExecutable: [undefined, { option: true }],
  electronMissingReason: ['', { option: true }],

  lazyBrowser: [
    async ({ playwright, launchOptions }, use) => {
      let browser: Promise<Browser> | undefined;
      await use(() => (browser ??= playwright.chromium.launch(launchOptions)));
      if (browser) await (await browser).close();
    },
    { scope: 'worker' },
  ],

  page: async ({ electronExecutable, electronMissingReason, lazyBrowser, viewport }, use, testInfo) => {
    let page: Page;
    let close: () => Promise<void>;
    if (testInfo.project.name === 'electron') {
      testInfo.skip(
        !electronExecutable,
        `Electron binary not available (${electronMissingReason || 'none found'}); set ELECTRON_EXEC_PATH to run the desktop app's tests`,
      );
      const userData = mkdtempSync(join(tmpdir(), 'streamscope-e2e-userdata-'));
      const app = await _electron.launch({
        executablePath: electronExecutable!,
        args: [repoRoot, `--user-data-dir=${userData}`, '--redis', REDIS_URL],
        cwd: repoRoot,
        env: { ...(process.env as Record<string, string>), NODE_ENV: 'test' },
      });
      page = await app.firstWindow();
      close = async () => {
        await app.close();
        rmSync(userData, { recursive: true, force: true });
      };
    } else {
      const url = process.env.STREAMSCOPE_URL;
      if (!url) throw new Error('STREAMSCOPE_URL is not set: test/e2e/global-setup.ts did not start web mode');
      const context = await (await lazyBrowser()).newContext({ viewport });
      page = await context.newPage();
      await page.goto(url);
      close = () => context.close();
    }
    await page.waitForLoadState('domcontentloaded');
    try {
      await use(page);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus && !page.isClosed()) {
        await testInfo.attach('screenshot', { body: await page.screenshot(), contentType: 'image/png' }).catch(() => undefined);
      }
      await close();
    }
  },
});

export { expect };
