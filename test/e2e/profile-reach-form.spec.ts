// The SSH and TLS parts of the profile form as a user fills them: each mistake is named in the
// form's own words (missing host, port out of range, missing key file, a client certificate without
// its key, a file that is not there), the TLS switch has a name that starts with "Use TLS", and a
// profile through a real sshd connects once its host key is trusted. Its own web-mode server.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, REDIS_URL, test } from './fixtures';
import { startWebMode, type WebMode } from './web-mode';
import { makeKey, sshdMissing, startSshd, tempDir, type KeyPair, type Sshd } from '../helpers/sshd';

let web: WebMode;
let dir: string;
let key: KeyPair;
let sshd: Sshd | null = null;
const missing = sshdMissing();

test.beforeAll(async () => {
  if (test.info().project.name === 'electron') return;
  web = await startWebMode(REDIS_URL);
  dir = tempDir('streamscope-e2e-reach-');
  key = makeKey(dir, 'client');
  if (!missing) sshd = await startSshd(dir, [key.publicKey]);
});
test.afterAll(async () => {
  await web?.stop();
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function formOf(page: Page) {
  return page.getByRole('dialog', { name: 'Connections' }).getByRole('form', { name: 'Save a profile' });
}

async function saveShows(page: Page, problem: string | RegExp) {
  await formOf(page).getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('dialog', { name: 'Connections' }).getByRole('alert').filter({ hasText: problem })).toBeVisible();
}

test('SSH and TLS fields: problems in words, then a profile through a real sshd', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the desktop app picks key files in a native dialog; web mode types paths');
  test.setTimeout(90_000);
  await page.goto(web.url);
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible();
  await page.getByRole('button', { name: 'Connections…' }).click();
  const form = formOf(page);
  await form.getByLabel('Profile name').fill('through the bastion');
  await form.getByLabel('Profile URL').fill(REDIS_URL);

  await form.getByLabel('Connect through an SSH tunnel').check();
  await saveShows(page, 'SSH host: must name a host');
  await form.getByLabel('SSH host').fill('127.0.0.1');
  await form.getByLabel('SSH port').fill('70000');
  await saveShows(page, 'SSH port: must be a port number from 1 to 65535');
  await form.getByLabel('SSH port').fill('twenty-two');
  await saveShows(page, 'SSH port: must be a port number from 1 to 65535');
  await form.getByLabel('SSH port').fill(String(sshd?.port ?? 22));
  await form.getByLabel('SSH user').fill(sshd?.user ?? 'me');
  await saveShows(page, 'SSH private key file: needs a private key file for key authentication');
  await form.getByLabel('SSH private key file').fill(join(dir, 'no-such-key'));
  // The main process checks the file exists when saving.
  await saveShows(page, `ssh.privateKeyPath: ${join(dir, 'no-such-key')} cannot be used: there is no such file`);
  await form.getByLabel('SSH private key file').fill(key.privateKeyPath);

  await form.getByLabel(/^Use TLS/).check();
  await expect(form.getByLabel('CA certificate file')).toBeVisible();
  const cert = join(dir, 'client.pem');
  writeFileSync(cert, 'not checked until a TLS connection is made\n');
  await form.getByLabel('Client certificate file').fill(cert);
  await saveShows(page, 'Client key file: a client certificate needs both the certificate and its key');
  await form.getByLabel('Client certificate file').fill('');
  await form.getByLabel('CA certificate file').fill('relative/ca.pem');
  await saveShows(page, 'CA certificate file: must be an absolute file path');
  await form.getByLabel(/^Use TLS/).uncheck();

  await form.getByRole('button', { name: 'Save profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connections' });
  const row = dialog.getByRole('table', { name: 'Saved profiles' }).getByRole('row').filter({ hasText: 'through the bastion' });
  await expect(row).toContainText('via SSH 127.0.0.1');
  await expect(dialog.getByRole('alert')).toHaveCount(0);

  test.skip(sshd === null, `connecting through sshd needs it: ${missing}`);
  await dialog.getByRole('button', { name: 'Connect to through the bastion' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Switch connection' }).click();
  // An unknown host key is shown, not silently trusted; trusting it connects.
  const trust = page.getByRole('button', { name: `Trust host key ${sshd!.hostKeyFingerprint} and connect` });
  await expect(trust).toBeVisible({ timeout: 30_000 });
  await trust.click();
  await expect(page.getByRole('status', { name: 'Redis ready' })).toBeVisible({ timeout: 30_000 });
});
