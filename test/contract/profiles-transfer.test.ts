// Saved connections exported to a JSON file and imported elsewhere: the export never holds a
// password, passphrase or key; an import's dry run reports what it would add, skip and leave
// alone without saving anything; the real import adds the new ones and says what it did.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { MemoryProfileStore } from '../../electron/console/profiles';
import { createDirectBridge } from '../../electron/transport/direct';
import { SHARED_REDIS_URL } from '../helpers/redis';
import { value } from './support';

const REDIS_PASSWORD = 'redis-password-h-conn-41';
const SSH_PASSPHRASE = 'ssh-passphrase-h-conn-42';
const JUMP_PASSWORD = 'jump-password-h-conn-43';

// profiles.save checks that a key file exists; its content never travels.
const dir = mkdtempSync(join(tmpdir(), 'streamscope-profiles-transfer-'));
const keyPath = join(dir, 'id_ed25519');
writeFileSync(keyPath, 'PRIVATE KEY CONTENT h-conn');

let source: ConsoleService;
let target: ConsoleService;
let from: ReturnType<typeof createDirectBridge>;
let to: ReturnType<typeof createDirectBridge>;

beforeAll(async () => {
  source = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore() });
  target = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore() });
  from = createDirectBridge(source);
  to = createDirectBridge(target);
  value(
    await from.invoke('profiles.save', {
      name: 'prod behind a bastion',
      url: 'redis://10.0.0.5:6379',
      username: 'app',
      password: REDIS_PASSWORD,
      readOnly: true,
      label: 'production',
      colour: 'red',
      ssh: {
        host: 'bastion.example.com',
        username: 'ops',
        auth: 'key',
        privateKeyPath: keyPath,
        secret: SSH_PASSPHRASE,
        jump: { host: 'jump.example.com', username: 'ops', auth: 'password', secret: JUMP_PASSWORD },
      },
    }),
  );
  value(await from.invoke('profiles.save', { name: 'local', url: SHARED_REDIS_URL, keyPrefix: 'app:' }));
  value(await to.invoke('profiles.save', { name: 'local', url: 'redis://127.0.0.1:6390' }));
});

afterAll(async () => {
  from?.close();
  to?.close();
  await source?.close();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exporting saved connections', () => {
  it('writes every connection with its settings and marks, and no secret at all', async () => {
    const { json, connections } = value(await from.invoke('profiles.export', {}));
    expect(connections).toBe(2);
    for (const secret of [REDIS_PASSWORD, SSH_PASSPHRASE, JUMP_PASSWORD, 'PRIVATE KEY CONTENT']) expect(json).not.toContain(secret);
    expect(json).not.toMatch(/"(password|secret|hasPassword|hasSecret|id)":/);
    const file = JSON.parse(json);
    expect(file).toMatchObject({ format: 'streamscope-connections', version: 1 });
    expect(file.connections).toContainEqual({
      name: 'prod behind a bastion',
      url: 'redis://10.0.0.5:6379',
      username: 'app',
      readOnly: true,
      label: 'production',
      colour: 'red',
      ssh: {
        host: 'bastion.example.com',
        port: 22,
        username: 'ops',
        auth: 'key',
        privateKeyPath: keyPath,
        jump: { host: 'jump.example.com', port: 22, username: 'ops', auth: 'password' },
      },
    });
  });
});

describe('importing saved connections', () => {
  it('previews with a dry run (nothing saved), then adds the new ones and leaves a same-named one alone', async () => {
    const { json } = value(await from.invoke('profiles.export', {}));
    const file = JSON.parse(json);
    file.connections.push({ name: 'no url' });
    file.connections.push({ name: 'hand-edited', url: SHARED_REDIS_URL, password: 'typed in' });
    const edited = JSON.stringify(file);

    const preview = value(await to.invoke('profiles.import', { json: edited, dryRun: true }));
    expect(preview).toEqual({
      dryRun: true,
      added: ['prod behind a bastion'],
      skipped: [
        { name: 'no url', reason: 'url: Invalid input: expected string, received undefined' },
        { name: 'hand-edited', reason: 'carries a secret (password); exports never hold one, so this file was edited by hand' },
      ],
      conflicted: [{ name: 'local', reason: 'a saved connection has this name; it was left as it is' }],
    });
    expect(value(await to.invoke('profiles.list', {})).map((p) => p.name)).toEqual(['local']);

    const done = value(await to.invoke('profiles.import', { json: edited }));
    expect({ ...done, dryRun: true }).toEqual(preview);
    const saved = value(await to.invoke('profiles.list', {}));
    expect(saved.map((p) => p.name).sort()).toEqual(['local', 'prod behind a bastion']);
    expect(saved.find((p) => p.name === 'local')?.url).toBe('redis://127.0.0.1:6390');
    expect(saved.find((p) => p.name === 'prod behind a bastion')).toMatchObject({
      hasPassword: false,
      readOnly: true,
      ssh: { hasSecret: false },
    });

    const again = value(await to.invoke('profiles.import', { json: edited, dryRun: true }));
    expect(again.added).toEqual([]);
    expect(again.conflicted.map((c) => c.name).sort()).toEqual(['local', 'prod behind a bastion']);
  });

  it('refuses a file that is not an export, saying what it expected', async () => {
    expect(await to.invoke('profiles.import', { json: '{"connections": []}' })).toEqual({
      ok: false,
      error: {
        code: 'invalid_args',
        message: 'profiles.import: the file is not a Streamscope connections export (format "streamscope-connections")',
      },
    });
    const notJson = await to.invoke('profiles.import', { json: 'not json' });
    expect(!notJson.ok && notJson.error.message).toMatch(/^profiles\.import: the file is not JSON: /);
  });
});
