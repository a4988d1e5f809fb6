// Secrets (Redis password, SSH password and key passphrases) never reach the profile file or a
// reply; the keychain store refuses Linux's plaintext fallback and says so; web mode keeps them in
// memory only.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConsole, JsonFileProfileStore, MemoryProfileStore } from '../../electron/console';
import { KeychainSecretStore } from '../../electron/shell/keychain-secret-store';
import type { SafeStorageLike } from '../../electron/shell/secret-cipher';
import { SHARED_REDIS_URL } from '../helpers/redis';

const REDIS_PASSWORD = 'redis-secret-1';
const SSH_PASSWORD = 'ssh-secret-2';
const JUMP_PASSPHRASE = 'jump-secret-3';

/** A stand-in for Electron's safeStorage (the real one needs the Electron binary and an OS keyring). */
const safeStorage = (backend: string): SafeStorageLike => ({
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => backend,
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((x) => x ^ 0x5a)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
});

const profile = {
  name: 'production',
  url: 'redis://redis.internal:6379',
  username: 'reader',
  password: REDIS_PASSWORD,
  ssh: {
    host: 'bastion.example',
    username: 'ops',
    auth: 'password' as const,
    secret: SSH_PASSWORD,
    jump: {
      host: 'jump.example',
      port: 2222,
      username: 'ops',
      auth: 'key' as const,
      privateKeyPath: '/etc/hostname',
      secret: JUMP_PASSPHRASE,
    },
  },
};

describe('profile secrets', () => {
  it('keeps every secret out of the profile file and the replies; the keychain file holds them encrypted', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'streamscope-secrets-'));
    try {
      const secrets = new KeychainSecretStore(path.join(dir, 'secrets.json'), safeStorage('gnome_libsecret'));
      const service = await createConsole({
        redis: SHARED_REDIS_URL,
        profilesStore: new JsonFileProfileStore(path.join(dir, 'profiles.json'), secrets),
      });
      try {
        const saved = await service.dispatch('profiles.save', profile);
        const listed = await service.dispatch('profiles.list', {});
        expect(await service.dispatch('profiles.secrets', {})).toEqual({ ok: true, value: { kind: 'keychain' } });
        for (const reply of [saved, listed]) {
          expect(reply.ok).toBe(true);
          for (const secret of [REDIS_PASSWORD, SSH_PASSWORD, JUMP_PASSPHRASE]) expect(JSON.stringify(reply)).not.toContain(secret);
        }
        expect(saved).toMatchObject({
          value: { hasPassword: true, ssh: { port: 22, hasSecret: true, jump: { port: 2222, hasSecret: true } } },
        });
        for (const file of await readdir(dir)) {
          const text = await readFile(path.join(dir, file), 'utf8');
          for (const secret of [REDIS_PASSWORD, SSH_PASSWORD, JUMP_PASSPHRASE]) expect(text, file).not.toContain(secret);
        }
        const onDisk = await readFile(path.join(dir, 'profiles.json'), 'utf8');
        expect(onDisk).toContain('bastion.example');
        expect(onDisk).not.toMatch(/encrypted|"password":|"secret":/i);
      } finally {
        await service.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses Linux's plaintext fallback and says why, in a sentence", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'streamscope-secrets-'));
    try {
      const secrets = new KeychainSecretStore(path.join(dir, 'secrets.json'), safeStorage('basic_text'));
      const service = await createConsole({
        redis: SHARED_REDIS_URL,
        profilesStore: new JsonFileProfileStore(path.join(dir, 'profiles.json'), secrets),
      });
      try {
        const info = await service.dispatch('profiles.secrets', {});
        expect(info).toMatchObject({
          ok: true,
          value: { kind: 'keychain', unavailable: expect.stringMatching(/^No OS keyring was found .*\.$/) as string },
        });
        const refused = await service.dispatch('profiles.save', profile);
        expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
        expect(!refused.ok && refused.error.message).toMatch(
          /^Cannot store the password: no OS keyring was found \(safeStorage backend "basic_text"\)/,
        );
        // Without secrets the profile saves.
        const { password: _p, ssh, ...rest } = profile;
        const plain = await service.dispatch('profiles.save', {
          ...rest,
          ssh: { ...ssh, auth: 'agent', secret: undefined, jump: undefined },
        });
        expect(plain.ok).toBe(true);
        expect(await readdir(dir)).not.toContain('secrets.json');
      } finally {
        await service.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps secrets in memory only in web mode, and says so', async () => {
    const service = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore() });
    try {
      expect(await service.dispatch('profiles.secrets', {})).toEqual({ ok: true, value: { kind: 'memory' } });
      // No native dialog in web mode: the page types paths.
      expect(await service.dispatch('profiles.chooseFile', { purpose: 'sshKey' })).toEqual({
        ok: false,
        error: { code: 'not_found', message: 'Choosing a file needs the desktop app; type the file path instead.' },
      });
    } finally {
      await service.close();
    }
  });

  it("hands key and certificate choices to the desktop app's open dialog", async () => {
    const asked: string[] = [];
    const service = await createConsole({
      redis: SHARED_REDIS_URL,
      profilesStore: new MemoryProfileStore(),
      chooseFile: async (purpose) => {
        asked.push(purpose);
        return purpose === 'caCertificate' ? '/etc/ssl/ca.pem' : null;
      },
    });
    try {
      expect(await service.dispatch('profiles.secrets', {})).toEqual({ ok: true, value: { kind: 'memory', fileDialog: true } });
      expect(await service.dispatch('profiles.chooseFile', { purpose: 'caCertificate' })).toEqual({
        ok: true,
        value: { path: '/etc/ssl/ca.pem' },
      });
      expect(await service.dispatch('profiles.chooseFile', { purpose: 'sshKey' })).toEqual({ ok: true, value: { path: null } });
      expect(await service.dispatch('profiles.chooseFile', { purpose: '/etc/passwd' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_args' },
      });
      expect(asked).toEqual(['caCertificate', 'sshKey']);
    } finally {
      await service.close();
    }
  });
});

describe('a profile file from before secrets moved to the keychain', () => {
  it('never hands out the old encrypted password, and the next save drops it from the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'streamscope-legacy-'));
    try {
      const file = path.join(dir, 'profiles.json');
      const legacy = { id: 'p1', name: 'old', url: 'redis://127.0.0.1:6379', encryptedPassword: 'c2VjcmV0LWJsb2I=' };
      await writeFile(file, JSON.stringify([legacy]));
      const store = new JsonFileProfileStore(file);
      const [listed] = await store.list();
      expect(listed).toEqual({ id: 'p1', name: 'old', url: 'redis://127.0.0.1:6379' });
      expect(JSON.stringify(await store.get('p1'))).not.toContain('c2VjcmV0LWJsb2I=');
      await store.save({ id: 'p1', name: 'old', url: 'redis://127.0.0.1:6379' });
      expect(await readFile(file, 'utf8')).not.toContain('encryptedPassword');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
