// A profile records when the console last reached Redis through it (set on a connect that answered,
// not on one that failed, kept when the profile is saved again, also in the profile file), and its
// folder goes out with an export and comes back with an import. When the time cannot be written,
// the connect still counts and the status says so.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionProfile, ConnectionStatus } from '../../shared';
import { createConsole, type ConsoleService } from '../../electron/console';
import { JsonFileProfileStore, MemoryProfileStore } from '../../electron/console/profiles';
import { createDirectBridge } from '../../electron/transport/direct';
import { freePort, SHARED_REDIS_URL } from '../helpers/redis';
import { value } from './support';

const dir = mkdtempSync(join(tmpdir(), 'streamscope-last-used-'));
const file = join(dir, 'profiles.json');
let service: ConsoleService;
let bridge: ReturnType<typeof createDirectBridge>;

beforeAll(async () => {
  service = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new JsonFileProfileStore(file) });
  bridge = createDirectBridge(service);
});
afterAll(async () => {
  bridge?.close();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

const listed = async (name: string) =>
  (value(await bridge.invoke('profiles.list', {})) as ConnectionProfile[]).find((p) => p.name === name);

describe('last used and folders', () => {
  it('records the time of a connect that answered, not of one that failed, and keeps it across a save', async () => {
    const good = value(await bridge.invoke('profiles.save', { name: 'works', url: SHARED_REDIS_URL, folder: ' staging ' }));
    const bad = value(await bridge.invoke('profiles.save', { name: 'nothing there', url: `redis://127.0.0.1:${await freePort()}` }));
    expect(good.folder).toBe('staging');
    expect(good.lastConnectedAt).toBeUndefined();

    const before = Date.now();
    expect(value(await bridge.invoke('connection.connect', { profileId: good.id })).state).toBe('ready');
    const after = Date.now();
    const at = (await listed('works'))?.lastConnectedAt;
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    expect(JSON.parse(readFileSync(file, 'utf8')).find((p: ConnectionProfile) => p.id === good.id).lastConnectedAt).toBe(at);

    expect(value(await bridge.invoke('connection.connect', { profileId: bad.id })).state).toBe('failed');
    expect((await listed('nothing there'))?.lastConnectedAt).toBeUndefined();

    value(await bridge.invoke('profiles.save', { id: good.id, name: 'works', url: SHARED_REDIS_URL, folder: 'staging', label: 'dev' }));
    expect(await listed('works')).toMatchObject({ lastConnectedAt: at, label: 'dev', folder: 'staging' });
    value(await bridge.invoke('connection.connect', {}));
  }, 30_000);

  it('connects all the same when the time cannot be written, and says so in the status until the next connect', async () => {
    const saved = value(await bridge.invoke('profiles.save', { name: 'unwritable', url: SHARED_REDIS_URL }));
    // The store writes a temporary file then renames it: a directory in its place makes every
    // write fail (also for root, whom permissions would not stop) while reads keep working.
    const blocker = `${file}.${process.pid}.tmp`;
    mkdirSync(blocker);
    try {
      const pushed: ConnectionStatus[] = [];
      const stop = bridge.on('connection.state', (s) => void pushed.push(s));
      const connected = value(await bridge.invoke('connection.connect', { profileId: saved.id }));
      stop();
      expect(connected.state).toBe('ready');
      expect(connected.profileId).toBe(saved.id);
      expect(connected.notice).toMatch(/^Connected, but could not record when this connection was last used \(.*EISDIR/);
      expect(pushed.at(-1)?.notice).toBe(connected.notice);
      expect(value(await bridge.invoke('connection.status', {})).notice).toBe(connected.notice);
      expect((await listed('unwritable'))?.lastConnectedAt).toBeUndefined();
      // Reads and calls on Redis go on as usual.
      expect(value(await bridge.invoke('streams.list', {})).streams).toBeInstanceOf(Array);
    } finally {
      rmSync(blocker, { recursive: true, force: true });
    }
    const again = value(await bridge.invoke('connection.connect', { profileId: saved.id }));
    expect(again.notice).toBeUndefined();
    expect((await listed('unwritable'))?.lastConnectedAt).toBeGreaterThan(0);
    value(await bridge.invoke('connection.connect', {}));
  }, 30_000);

  it('keeps folders through an export and an import, without when they were last used', async () => {
    const { json } = value(await bridge.invoke('profiles.export', {}));
    expect(json).not.toContain('lastConnectedAt');
    const other = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore() });
    const to = createDirectBridge(other);
    try {
      expect(value(await to.invoke('profiles.import', { json, dryRun: false })).added).toContain('works');
      const imported = (value(await to.invoke('profiles.list', {})) as ConnectionProfile[]).find((p) => p.name === 'works');
      expect(imported).toMatchObject({ folder: 'staging' });
      expect(imported?.lastConnectedAt).toBeUndefined();
    } finally {
      to.close();
      await other.close();
    }
  });
});
