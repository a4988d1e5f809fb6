// A read-only connection profile: every write method is refused at the dispatcher over every
// bridge with 'read_only' and a sentence naming the method, nothing reaches Redis, reads keep
// working, and the profile's label and colour travel in the connection status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { createDirectBridge } from '../../electron/transport/direct';
import { MemoryProfileStore } from '../../electron/console/profiles';
import type { MethodName } from '../../shared/schemas';
import { METHOD_ACCESS, WRITE_METHODS } from '../../shared/method-access';
import { METHOD_NAMES } from '../../shared/methods';
import { connectShared, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { value } from './support';

const redis = connectShared();
const stream = uniqueName('contract-readonly');
const group = 'svc-readonly';
let service: ConsoleService;
let direct: ReturnType<typeof createDirectBridge>;
let readOnlyId: string;
let writableId: string;

beforeAll(async () => {
  await redis.xadd(stream, '*', 'msg', '{"n":1}');
  await redis.xgroup('CREATE', stream, group, '0');
  service = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore() });
  direct = createDirectBridge(service);
  readOnlyId = value(
    await direct.invoke('profiles.save', { name: 'prod', url: SHARED_REDIS_URL, readOnly: true, label: 'production', colour: 'red' }),
  ).id;
  writableId = value(await direct.invoke('profiles.save', { name: 'dev', url: SHARED_REDIS_URL, label: 'dev', colour: 'green' })).id;
  value(await direct.invoke('connection.connect', { profileId: readOnlyId }));
});

afterAll(async () => {
  direct?.close();
  await service?.close();
  await redis.del(stream, `${stream}.dead-letter`, `${stream}-copy`);
  redis.disconnect();
});

describe('the classification of methods', () => {
  it('names every contract method once, and the writes include every action that changes Redis', () => {
    expect(Object.keys(METHOD_ACCESS).sort()).toEqual([...METHOD_NAMES].sort());
    for (const write of [
      'publish.event',
      'publish.broadcast',
      'publish.start',
      'instances.join',
      'pending.ack',
      'pending.claim',
      'pending.autoClaim',
      'pending.ackDeleted',
      'consumers.delete',
      'prune.run',
      'groups.create',
      'groups.delete',
      'groups.setPosition',
      'transfer.import',
      'deadLetters.replay',
      'entries.republish',
      'demo.start',
      'demo.stop',
    ] as const)
      expect(WRITE_METHODS).toContain(write);
    for (const read of [
      'streams.list',
      'entries.page',
      'pending.list',
      'prune.preview',
      'transfer.export',
      'transfer.write',
      'connection.connect',
    ] as const)
      expect(WRITE_METHODS).not.toContain(read);
  });
});

describe.each(BRIDGE_KINDS)('a read-only connection over %s', (kind) => {
  let b: BridgeUnderTest;
  beforeAll(async () => {
    b = await openBridge(kind, service);
  });
  afterAll(async () => b.close());

  it('reports its read-only mark, label and colour in the connection status', async () => {
    expect(value(await b.bridge.invoke('connection.status', {}))).toMatchObject({
      state: 'ready',
      profileId: readOnlyId,
      readOnly: true,
      label: 'production',
      colour: 'red',
    });
  });

  it.each(WRITE_METHODS)('refuses %s with read_only and a sentence naming it', async (method) => {
    const reply = await b.bridge.invoke(method as MethodName, {} as never);
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'read_only',
        message: `${method} writes to Redis, and this connection is read-only: change the connection's profile to allow writes`,
      },
    });
  });

  it('refuses writes with valid arguments before anything reaches Redis', async () => {
    const before = await redis.xrange(stream, '-', '+');
    const [entryId] = before[0];
    const refused = await Promise.all([
      b.bridge.invoke('publish.event', { stream, json: '{"n":2}' }),
      b.bridge.invoke('groups.create', { stream, group: 'svc-new', from: '$' }),
      b.bridge.invoke('groups.delete', { stream, group }),
      b.bridge.invoke('prune.run', { stream, policy: { kind: 'maxLength', maxLength: 0 }, safe: false }),
      b.bridge.invoke('entries.republish', { stream, id: entryId, toStream: `${stream}-copy` }),
    ]);
    for (const reply of refused) expect(reply).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(await redis.xrange(stream, '-', '+')).toEqual(before);
    expect((await redis.xinfo('GROUPS', stream)) as unknown[]).toHaveLength(1);
    expect(await redis.exists(`${stream}-copy`)).toBe(0);
  });

  it('still serves reads: streams, entries, groups, the prune preview', async () => {
    const detail = value(await b.bridge.invoke('streams.detail', { stream }));
    expect(detail.length).toBe(1);
    expect(value(await b.bridge.invoke('entries.page', { stream })).entries).toHaveLength(1);
    expect(value(await b.bridge.invoke('groups.list', { stream })).map((g) => g.name)).toEqual([group]);
    const preview = await b.bridge.invoke('prune.preview', { stream, policy: { kind: 'maxLength', maxLength: 0 }, safe: false });
    expect(value(preview).wouldRemove).toBe(1);
  });
});

describe('an import dry run on a read-only connection', () => {
  it('validates and reports what would be written, writing nothing, while a real import stays refused', async () => {
    const target = `${stream}-copy`;
    const job = value(await direct.invoke('transfer.import', { stream: target, dryRun: true }));
    expect(job).toMatchObject({ kind: 'import', dryRun: true, state: 'running' });
    const line = JSON.stringify({ id: '1-1', fields: [{ name: 'msg', value: { text: '{"n":9}' } }] });
    const fed = value(await direct.invoke('transfer.write', { jobId: job.jobId, data: { text: `${line}\n` }, end: true }));
    expect(fed).toMatchObject({ state: 'done', dryRun: true, entries: 1, invalid: 0 });
    expect(await redis.exists(target)).toBe(0);

    expect(await direct.invoke('transfer.import', { stream: target, dryRun: false })).toMatchObject({
      ok: false,
      error: { code: 'read_only' },
    });
    expect(await direct.invoke('transfer.import', { stream: target, dryRun: 'true' } as never)).toMatchObject({
      ok: false,
      error: { code: 'read_only' },
    });
    expect(await redis.exists(target)).toBe(0);
  });
});

describe('switching to a writable profile', () => {
  it('allows writes again, and switching back refuses them again', async () => {
    const status = value(await direct.invoke('connection.connect', { profileId: writableId }));
    expect(status).toMatchObject({ state: 'ready', label: 'dev', colour: 'green' });
    expect(status.readOnly).toBeUndefined();
    const { id } = value(await direct.invoke('publish.event', { stream, json: '{"n":3}' }));
    expect(await redis.xrange(stream, id, id)).toHaveLength(1);

    value(await direct.invoke('connection.connect', { profileId: readOnlyId }));
    expect(await direct.invoke('publish.event', { stream, json: '{"n":4}' })).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(await redis.xlen(stream)).toBe(2);
  });

  it('a bare URL carries no marks and allows writes', async () => {
    const status = value(await direct.invoke('connection.connect', { url: SHARED_REDIS_URL }));
    expect(status).not.toHaveProperty('readOnly');
    expect(status).not.toHaveProperty('label');
    value(await direct.invoke('publish.event', { stream, json: '{"n":5}' }));
    expect(await redis.xlen(stream)).toBe(3);
  });
});

describe('profile safety marks', () => {
  it('round-trip through the store and refuse an unknown colour or an overlong label, naming the field', async () => {
    const listed = value(await direct.invoke('profiles.list', {})).find((p) => p.id === readOnlyId);
    expect(listed).toMatchObject({ readOnly: true, label: 'production', colour: 'red' });
    const badColour = await direct.invoke('profiles.save', { name: 'x', url: SHARED_REDIS_URL, colour: 'pink' } as never);
    expect(badColour).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(!badColour.ok && badColour.error.message).toMatch(/^profiles\.save: colour: /);
    const longLabel = await direct.invoke('profiles.save', { name: 'x', url: SHARED_REDIS_URL, label: 'x'.repeat(41) });
    expect(!longLabel.ok && longLabel.error.message).toBe('profiles.save: label: must be at most 40 characters');
  });
});
