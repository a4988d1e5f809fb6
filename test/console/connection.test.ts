// Connection profiles (URL, password for AUTH/ACL, key prefix), password secrecy in replies,
// events and files, and the connection state feed.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, JsonFileProfileStore, MemoryProfileStore, redactUrl } from '../../electron/console';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../electron/console/embedded-redis';
import type { ConnectionStatus } from '../../shared/dto';
import { KeychainSecretStore } from '../../electron/shell/keychain-secret-store';
import type { SafeStorageLike } from '../../electron/shell/secret-cipher';
import { connectShared, freePort, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { eventually, value } from './support';

const SECRET = 'correct-horse-battery-staple';

/** A stand-in for Electron's safeStorage with a keyring (the real one needs the Electron binary and an OS keyring). */
const xorSafeStorage = (): SafeStorageLike => ({
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((x) => x ^ 0x5a)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
});
let guarded: EmbeddedRedis;

beforeAll(async () => {
  guarded = await startEmbeddedRedis('redis-server', ['--requirepass', SECRET]);
});
afterAll(async () => guarded.stop());

describe('connection profiles', () => {
  it('connects with a saved profile (password, key prefix) and never returns or pushes the password', async () => {
    const events: unknown[] = [];
    const service = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore() });
    const off = service.onEvent((event, payload) => events.push({ event, payload }));
    const prefix = `${uniqueName('prefix')}:`;
    const redis = connectShared();
    try {
      // A password typed into the URL is moved out of it.
      const saved = value(
        await service.dispatch('profiles.save', {
          name: 'guarded',
          url: `redis://:${SECRET}@127.0.0.1:${guarded.port}`,
          keyPrefix: prefix,
        }),
      ) as { id: string };
      const list = value(await service.dispatch('profiles.list', {}));
      expect(list).toEqual([
        { id: saved.id, name: 'guarded', url: `redis://127.0.0.1:${guarded.port}`, hasPassword: true, keyPrefix: prefix },
      ]);

      const status = value(await service.dispatch('connection.connect', { profileId: saved.id })) as ConnectionStatus;
      expect(status).toMatchObject({
        state: 'ready',
        profileId: saved.id,
        keyPrefix: prefix,
        embedded: false,
        url: `redis://127.0.0.1:${guarded.port}`,
      });
      // The prefix applies to keys; names come back without it.
      value(await service.dispatch('publish.event', { stream: 'orders', json: '{}' }));
      const page = value(await service.dispatch('streams.list', {})) as { streams: Array<{ name: string }> };
      expect(page.streams.map((s) => s.name)).toEqual(['orders']);

      const everything = JSON.stringify({ events, list, status, page });
      expect(everything).not.toContain(SECRET);
      expect(events.some((e) => (e as { event: string }).event === 'connection.state')).toBe(true);

      value(await service.dispatch('connection.connect', { url: SHARED_REDIS_URL }));
      expect(await redis.exists(`${prefix}orders`)).toBe(0); // it went to the guarded server
      expect(value(await service.dispatch('profiles.delete', { id: saved.id }))).toEqual({ deleted: true });
      expect(await service.dispatch('connection.connect', { profileId: saved.id })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    } finally {
      off();
      await service.close();
      redis.disconnect();
    }
  });

  it('gives an unreachable URL three attempts, then fails with why; a switch stops the demo (and says so) and Back works', async () => {
    const events: Array<{ event: string; payload: unknown }> = [];
    const service = await createConsole({ redis: SHARED_REDIS_URL });
    const off = service.onEvent((event, payload) => events.push({ event, payload }));
    const redis = connectShared();
    try {
      const demo = value(await service.dispatch('demo.start', { ratePerSec: 5 })) as { stream: string };
      expect(await redis.exists(demo.stream)).toBe(1);
      const dead = `redis://127.0.0.1:${await freePort()}`;
      const started = Date.now();
      const status = value(await service.dispatch('connection.connect', { url: dead })) as ConnectionStatus;
      expect(status).toMatchObject({
        state: 'failed',
        url: dead,
        reason: expect.stringMatching(new RegExp(`^Could not reach ${dead}: .*ECONNREFUSED.* after 3 attempts$`)),
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      // The demo stopped with the old connection, removed what it made, and every window heard it.
      expect(events.some((e) => e.event === 'demo.changed' && (e.payload as { running: boolean }).running === false)).toBe(true);
      expect(await redis.exists(demo.stream)).toBe(0);
      const states = events.filter((e) => e.event === 'connection.state').map((e) => (e.payload as ConnectionStatus).state);
      expect(states.slice(-2)).toEqual(['reconnecting', 'failed']);
      expect(await service.dispatch('streams.list', {})).toMatchObject({ ok: false, error: { code: 'not_connected' } });
      // Nothing keeps trying in the background: the state stays failed.
      await new Promise((r) => setTimeout(r, 600));
      expect((value(await service.dispatch('connection.status', {})) as ConnectionStatus).state).toBe('failed');

      expect(value(await service.dispatch('connection.connect', { url: SHARED_REDIS_URL }))).toMatchObject({ state: 'ready' });
    } finally {
      off();
      await service.close();
      redis.disconnect();
    }
  });

  it('reports a wrong password as the reason, without the password', async () => {
    const service = await createConsole({ redis: `redis://:wrong-${SECRET}@127.0.0.1:${guarded.port}` });
    try {
      const status = await eventually(async () => {
        const s = value(await service.dispatch('connection.status', {})) as ConnectionStatus;
        return s.reason ? s : null;
      });
      expect(status.state).not.toBe('ready');
      expect(status.reason).toMatch(/WRONGPASS|NOAUTH|invalid|password/i);
      expect(JSON.stringify(status)).not.toContain(SECRET);
      expect(status.url).toBe(`redis://127.0.0.1:${guarded.port}`);
    } finally {
      await service.close();
    }
  });

  it('keeps passwords in the secret store, never in the profile file, and only in memory without a keychain', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'streamscope-profiles-'));
    try {
      const keychain = () => new KeychainSecretStore(path.join(dir, 'secrets.json'), xorSafeStorage());
      const encrypted = new JsonFileProfileStore(path.join(dir, 'a.json'), keychain());
      const saved = await encrypted.save({ name: 'a', url: 'rediss://user@redis.example:6380', password: SECRET });
      expect(saved).toEqual({ id: saved.id, name: 'a', url: 'rediss://redis.example:6380', username: 'user', hasPassword: true });
      expect(await readFile(path.join(dir, 'a.json'), 'utf8')).not.toContain(SECRET);
      expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).not.toContain(SECRET);
      expect((await new JsonFileProfileStore(path.join(dir, 'a.json'), keychain()).get(saved.id))?.password).toBe(SECRET);

      const plain = new JsonFileProfileStore(path.join(dir, 'b.json'));
      const b = await plain.save({ name: 'b', url: 'redis://127.0.0.1:6379', password: SECRET });
      expect(await readFile(path.join(dir, 'b.json'), 'utf8')).not.toContain(SECRET);
      expect((await plain.get(b.id))?.password).toBe(SECRET); // usable for this session only
      expect((await new JsonFileProfileStore(path.join(dir, 'b.json')).get(b.id))?.password).toBeUndefined();
      // Saving again without a password keeps the stored one.
      await encrypted.save({ id: saved.id, name: 'renamed', url: 'rediss://redis.example:6380' });
      expect((await encrypted.get(saved.id))?.password).toBe(SECRET);
      expect(await encrypted.delete(saved.id)).toBe(true);
      expect(await encrypted.list()).toEqual([]);
      expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).toBe('{}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists profiles without decrypting, so a locked keyring still shows them', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'streamscope-profiles-'));
    try {
      const file = path.join(dir, 'p.json');
      const secretsFile = path.join(dir, 'secrets.json');
      const saved = await new JsonFileProfileStore(file, new KeychainSecretStore(secretsFile, xorSafeStorage())).save({
        name: 'locked',
        url: 'redis://127.0.0.1:6379',
        password: SECRET,
      });
      const locked = new JsonFileProfileStore(
        file,
        new KeychainSecretStore(secretsFile, { ...xorSafeStorage(), isEncryptionAvailable: () => false }),
      );
      expect(await locked.list()).toEqual([{ id: saved.id, name: 'locked', url: 'redis://127.0.0.1:6379', hasPassword: true }]);
      await expect(locked.get(saved.id)).rejects.toThrow('OS keyring is not available');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('redacts passwords from URLs', () => {
    expect(redactUrl(`redis://user:${SECRET}@h:1/0`)).toBe('redis://user@h:1/0');
    expect(redactUrl('redis://h:1')).toBe('redis://h:1');
    expect(redactUrl(`not a url :${SECRET}@`)).not.toContain(SECRET);
  });
});
