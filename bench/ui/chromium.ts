// The Chromium the UI scenarios drive: the same binary and flags as the end-to-end tests
// (playwright.config.ts: CHROMIUM_PATH, else Debian's /usr/bin/chromium; nothing is downloaded).
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/e2e/chromium';

export { CHROMIUM_PATH };

/** Why Chromium cannot run here, or null when it can. */
export function chromiumUnavailable(): string | null {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return null;
  } catch {
    return `no Chromium at ${CHROMIUM_PATH} (install Debian's chromium, or set CHROMIUM_PATH to a Chromium binary)`;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      // A page that is not focused must still get every animation frame.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}
