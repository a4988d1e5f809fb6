// Every error code dispatch can produce, and that bad input never reaches Redis or throws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { replyForError } from '../../electron/console/dispatch';
import { ContractError } from '../../shared/reply';
import { connectShared, freePort, uniqueName } from '../helpers/redis';
import { sharedConsole, value } from './support';

describe('dispatch error codes', () => {
  let service: ConsoleService;
  const redis = connectShared();
  const keys: string[] = [];

  beforeAll(async () => {
    service = await sharedConsole();
  });
  afterAll(async () => {
    await service.close();
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('unknown_method for a name outside the contract', async () => {
    const reply = await service.dispatch('streams.drop', {});
    expect(reply).toEqual({ ok: false, error: { code: 'unknown_method', message: expect.stringContaining('streams.drop') } });
    expect((await service.dispatch('__proto__', {})).ok).toBe(false);
    expect(await service.dispatch(42 as unknown as string, {})).toMatchObject({ error: { code: 'unknown_method' } });
  });

  it('invalid_args naming the field path', async () => {
    const reply = await service.dispatch('entries.page', { stream: 's', count: 0 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/count/);
    const nested = await service.dispatch('publish.start', {
      target: { kind: 'queue', name: 'x' },
      template: '{}',
      count: 1,
      ratePerSec: 1,
    });
    expect(!nested.ok && nested.error.message).toMatch(/target\.kind/);
    const missing = await service.dispatch('pending.ack', { stream: 's', group: 'g', ids: ['nope'] });
    expect(!missing.ok && missing.error.message).toMatch(/ids\.0/);
    expect(await service.dispatch('streams.list', null)).toMatchObject({ error: { code: 'invalid_args' } });
  });

  it('invalid JSON is refused before anything reaches Redis', async () => {
    const stream = uniqueName('errors-json');
    keys.push(stream);
    const reply = await service.dispatch('publish.event', { stream, json: '{not json' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_args', message: expect.stringMatching(/^json: /) } });
    const badTemplate = await service.dispatch('publish.start', {
      target: { kind: 'stream', name: stream },
      template: '{"n": {{seq}',
      count: 1,
      ratePerSec: 1,
    });
    expect(badTemplate).toMatchObject({ ok: false, error: { code: 'invalid_args', message: expect.stringMatching(/^template: /) } });
    const wrongType = await service.dispatch('publish.event', { stream, json: 5 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await redis.exists(stream)).toBe(0);
  });

  it('not_found for a missing stream, group or job', async () => {
    const stream = uniqueName('errors-missing');
    expect(await service.dispatch('streams.detail', { stream })).toMatchObject({ error: { code: 'not_found' } });
    expect(await service.dispatch('groups.delete', { stream, group: 'g' })).toMatchObject({ error: { code: 'not_found' } });
    expect(await service.dispatch('publish.cancel', { jobId: 'no-such-job' })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('conflict for a group that already exists, with Redis message', async () => {
    const stream = uniqueName('errors-busy');
    keys.push(stream);
    value(await service.dispatch('groups.create', { stream, group: 'svc', mkstream: true }));
    const again = await service.dispatch('groups.create', { stream, group: 'svc' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('BUSYGROUP') } });
  });

  it('redis_error carrying Redis own message', async () => {
    const key = uniqueName('errors-string');
    keys.push(key);
    await redis.set(key, 'not a stream');
    const reply = await service.dispatch('entries.page', { stream: key });
    expect(reply).toMatchObject({ ok: false, error: { code: 'redis_error', message: expect.stringContaining('WRONGTYPE') } });
  });

  it('internal when something unexpected throws, and dispatch itself never throws', async () => {
    const hostile = {
      get stream(): string {
        throw new Error('getter exploded');
      },
    };
    const reply = await service.dispatch('streams.detail', hostile);
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('getter exploded') } });
    expect(replyForError(new TypeError('x is undefined'))).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(replyForError(new ContractError('forbidden', 'no'))).toEqual({ ok: false, error: { code: 'forbidden', message: 'no' } });
  });

  it('not_connected while nothing answers at the configured URL', async () => {
    const port = await freePort();
    const offline = await createConsole({ redis: `redis://127.0.0.1:${port}` });
    try {
      const status = value(await offline.dispatch('connection.status', {})) as { state: string };
      expect(status.state).toBe('failed');
      expect(await offline.dispatch('streams.list', {})).toMatchObject({ ok: false, error: { code: 'not_connected' } });
    } finally {
      await offline.close();
    }
  });
});

describe('completeness', () => {
  it('every method in the contract has a handler (none answers "not implemented")', async () => {
    const { METHODS } = await import('../../shared/api');
    const { buildAreas } = await import('../../electron/console/service');
    const noop = () => undefined;
    const ctx = {
      redis: () => {
        throw new Error('not used');
      },
      duplicate: () => {
        throw new Error('not used');
      },
      release: noop,
      redisUrl: () => '',
      redisOptions: () => ({}),
      key: (n: string) => n,
      name: (k: string) => k,
      emit: noop,
      feeds: { follow: noop, unfollow: noop, followed: () => [], end: noop, emit: noop },
    };
    const areas = buildAreas(ctx);
    const handled = new Set(areas.flatMap((a) => Object.keys(a.handlers)));
    const { createConnectionArea } = await import('../../electron/console/connection');
    const { MemoryProfileStore } = await import('../../electron/console/profiles');
    const { MemoryKnownHosts } = await import('../../electron/console/known-hosts');
    const connection = createConnectionArea(
      { status: () => ({ state: 'connecting', url: '', embedded: false }), connect: () => Promise.reject(new Error('not used')) },
      new MemoryProfileStore(),
      new MemoryKnownHosts(),
    );
    for (const m of Object.keys(connection.handlers)) handled.add(m);
    expect([...METHODS].filter((m) => !handled.has(m))).toEqual([]);
    for (const area of areas.reverse()) await area.close?.();
  });
});
