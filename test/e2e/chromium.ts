// Debian's Chromium as the end-to-end tests and the bench's UI scenarios run it: CHROMIUM_PATH,
// else /usr/bin/chromium (nothing is downloaded here), headless with the background services off.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
