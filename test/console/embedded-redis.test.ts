// The embedded default: nothing answers on the probed address → a private redis-server on a free
// loopback port, used, and stopped on close; no redis-server → failed with how to fix it.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsole } from '../../electron/console';
import { probeRedis } from '../../electron/console/embedded-redis';
import type { ConnectionStatus } from '../../shared/dto';
import { freePort } from '../helpers/redis';
import { value } from './support';

describe('embedded Redis default', () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('starts a private redis-server when nothing answers, uses it, and stops it on close', async () => {
    const unused = await freePort();
    const service = await createConsole({ env: {}, defaultRedis: { host: '127.0.0.1', port: unused } });
    closers.push(() => service.close());
    const status = value(await service.dispatch('connection.status', {})) as ConnectionStatus;
    expect(status).toMatchObject({ state: 'ready', embedded: true });
    const port = Number(new URL(status.url).port);
    expect(port).not.toBe(unused);
    expect(port).not.toBe(6379);
    expect(new URL(status.url).hostname).toBe('127.0.0.1');

    value(await service.dispatch('publish.event', { stream: 'embedded-check', json: '{"ok":true}' }));
    const page = value(await service.dispatch('entries.page', { stream: 'embedded-check' })) as { entries: Array<{ value: unknown }> };
    expect(page.entries[0].value).toEqual({ ok: true });
    expect(await probeRedis('127.0.0.1', port)).toBe(true);

    await service.close();
    expect(await probeRedis('127.0.0.1', port)).toBe(false);
  });

  it('uses what already answers on the probed address instead of starting one', async () => {
    const service = await createConsole({ env: {}, defaultRedis: { host: '127.0.0.1', port: 6379 } });
    closers.push(() => service.close());
    expect(value(await service.dispatch('connection.status', {}))).toMatchObject({
      state: 'ready',
      embedded: false,
      url: 'redis://127.0.0.1:6379',
    });
  });

  it('fails with install instructions when there is no redis-server either', async () => {
    const missing = '/nonexistent/redis-server-for-test';
    expect(existsSync(missing)).toBe(false);
    const service = await createConsole({
      env: {},
      defaultRedis: { host: '127.0.0.1', port: await freePort() },
      redisServerBinary: missing,
    });
    closers.push(() => service.close());
    const status = value(await service.dispatch('connection.status', {})) as ConnectionStatus;
    expect(status.state).toBe('failed');
    expect(status.reason).toContain('apt install redis-server');
    expect(status.reason).toContain('brew install redis');
    expect(status.reason).toContain('--redis');
    const reply = await service.dispatch('streams.list', {});
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'not_connected', message: expect.stringContaining('apt install redis-server') },
    });
  });

  it('does not start one when embedding is turned off', async () => {
    const service = await createConsole({ env: {}, embedded: false, defaultRedis: { host: '127.0.0.1', port: await freePort() } });
    closers.push(() => service.close());
    expect(value(await service.dispatch('connection.status', {}))).toMatchObject({ state: 'failed', embedded: false });
  });
});
