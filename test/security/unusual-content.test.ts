// Keys and payloads with unusual content, through the console over the real WebSocket transport:
// names with spaces, glob characters, quotes, newlines, unicode and maximum length; payloads that
// are large, unicode, not JSON, or binary. They are listed (and paged) with the exact names,
// opened, paged and decoded; a glob character in a name is never a wildcard where a name is meant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryPage, StreamDetail, StreamPage } from '../../shared/dto';
import { startRedisServer, type SecurityRedis } from './support/redis-server';
import { startWsConsole, type WsConsole } from './support/ws-console';

let redis: SecurityRedis;
let ws: WsConsole;

const NAMES = [
  'orders with spaces',
  'glob*?[abc]\\x',
  'ünïcödé-流れ-🚀',
  'line\nbreak\ttab',
  `quote"s'and\`back`,
  '%s%d{{uuid}}$(x)',
  '../../etc/passwd',
  ' leading and trailing ',
  'k'.repeat(1024),
];

async function ok<T>(method: string, args: unknown): Promise<T> {
  const reply = await ws.client.call(method, args);
  if (!reply.ok) throw new Error(`${method} failed: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}

async function listAll(pattern?: string, count = 100): Promise<string[]> {
  const names: string[] = [];
  let cursor = '0';
  let pages = 0;
  do {
    const page = await ok<StreamPage>('streams.list', { ...(pattern === undefined ? {} : { pattern }), cursor, count });
    names.push(...page.streams.map((s) => s.name));
    cursor = page.cursor;
    if (++pages > 10_000) throw new Error('streams.list never returned cursor 0');
  } while (cursor !== '0');
  return names;
}

beforeAll(async () => {
  redis = await startRedisServer();
  ws = await startWsConsole(`redis://127.0.0.1:${redis.port}`, { maxRequestsPerSecond: 100_000 });
});
afterAll(async () => {
  await ws?.close();
  await redis?.stop();
});

describe('unusual stream names', () => {
  it('are listed with their exact names, opened and paged', async () => {
    for (const [i, name] of NAMES.entries()) await redis.admin.xadd(name, '*', 'msg', JSON.stringify({ i, name }));
    await redis.admin.set('not a stream*', 'x');
    const listed = await listAll();
    expect(new Set(listed)).toEqual(new Set(NAMES));
    for (const [i, name] of NAMES.entries()) {
      const detail = await ok<StreamDetail>('streams.detail', { stream: name });
      expect(detail.name).toBe(name);
      expect(detail.length).toBe(1);
      const page = await ok<EntryPage>('entries.page', { stream: name });
      expect(page.entries.map((e) => e.value)).toEqual([{ i, name }]);
    }
  });

  it('a glob character in a name is literal where a name is meant', async () => {
    // 'glob*?[abc]\x' as a name must not match other keys; as a pattern it is a glob.
    const stream = 'glob*?[abc]\\x';
    expect((await ok<StreamDetail>('streams.detail', { stream })).length).toBe(1);
    expect(await ws.client.call('streams.detail', { stream: 'glob*' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ok<{ id: string }>('publish.event', { stream: 'glob*', json: '{"literal":true}' })).toMatchObject({ id: expect.any(String) });
    expect(await redis.admin.exists('glob*')).toBe(1);
    expect(await redis.admin.xlen(stream)).toBe(1);
    expect(await listAll('glob\\*')).toEqual(['glob*']);
    await redis.admin.del('glob*');
  });

  it('thousands of streams page through SCAN without loss or repeats', { timeout: 60_000 }, async () => {
    const many = Array.from({ length: 1_500 }, (_, i) => `many ${i} ✓ [${i % 7}]*`);
    const pipe = redis.admin.pipeline();
    for (const name of many) pipe.xadd(name, '*', 'msg', '{}');
    await pipe.exec();
    const listed = await listAll('many *', 97);
    expect(listed.length).toBe(many.length);
    expect(new Set(listed)).toEqual(new Set(many));
  });

  it('a name over the 1024-character bound is refused with invalid_args naming the field', async () => {
    const reply = await ws.client.call('streams.detail', { stream: 'k'.repeat(1025) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/stream/);
  });
});

describe('unusual payloads', () => {
  it('large, unicode, non-JSON, multi-field and sentinel entries are decoded by format', { timeout: 30_000 }, async () => {
    const stream = 'payloads';
    const big = { blob: 'b'.repeat(900_000), emoji: '🚀'.repeat(1000) };
    const unicode = { text: 'ünïcödé 流れ \u2028 \u0000 "quotes" \\ back', rtl: 'שלום' };
    const ids = {
      big: (await ok<{ id: string }>('publish.event', { stream, json: JSON.stringify(big) })).id,
      unicode: (await ok<{ id: string }>('publish.event', { stream, json: JSON.stringify(unicode) })).id,
      notJson: (await redis.admin.xadd(stream, '*', 'msg', '{broken json')) as string,
      multi: (await redis.admin.xadd(stream, '*', 'a', 'plain text', 'b', '{"x":[1,2]}')) as string,
      sentinel: (await redis.admin.xadd(stream, '*', 'msg', 'stream-init')) as string,
    };
    const page = await ok<EntryPage>('entries.page', { stream, direction: 'forward', count: 10 });
    const byId = new Map(page.entries.map((e) => [e.id, e]));
    expect(byId.get(ids.big)).toMatchObject({ format: 'ucloud', value: big });
    expect(byId.get(ids.unicode)).toMatchObject({ format: 'ucloud', value: unicode });
    expect(byId.get(ids.notJson)).toMatchObject({ format: 'raw', fields: [['msg', '{broken json']] });
    expect(byId.get(ids.multi)).toMatchObject({ format: 'json', value: { x: [1, 2] }, fields: [['a', 'plain text'], ['b', '{"x":[1,2]}']] });
    expect(byId.get(ids.sentinel)).toMatchObject({ format: 'sentinel' });
    // The server-side filter finds unicode text.
    const filtered = await ok<EntryPage>('entries.page', { stream, filter: '流れ' });
    expect(filtered.entries.map((e) => e.id)).toEqual([ids.unicode]);
  });

  it('a payload with bytes that are not UTF-8 is shown raw without breaking the page', async () => {
    const stream = 'binary-payload';
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7b, 0xc3, 0x28]);
    const id = (await redis.admin.xadd(stream, '*', 'msg', bytes)) as string;
    await redis.admin.xadd(stream, '*', 'msg', '{"after":true}');
    const page = await ok<EntryPage>('entries.page', { stream, direction: 'forward' });
    expect(page.entries).toHaveLength(2);
    expect(page.entries[0]).toMatchObject({ id, format: 'raw' });
    expect(page.entries[0].fields[0][1]).toContain('\uFFFD');
    expect(page.entries[1]).toMatchObject({ format: 'ucloud', value: { after: true } });
  });

  // KNOWN LIMITATION (electron/console, ioredis string replies): key names are decoded as UTF-8, so
  // a key whose name is not valid UTF-8 is listed under a lossy name (U+FFFD) that addresses no key.
  // it.fails until names travel as bytes (e.g. ioredis *Buffer commands plus an encoded name).
  it.fails('a stream whose key is not valid UTF-8 can be opened from the list', async () => {
    const key = Buffer.concat([Buffer.from('bin-'), Buffer.from([0xff, 0xfe])]);
    await redis.admin.xadd(key, '*', 'msg', '{}');
    const listed = (await listAll('bin-*'))[0];
    expect(listed).toBeDefined();
    const detail = await ws.client.call('streams.detail', { stream: listed });
    expect(detail).toMatchObject({ ok: true, value: { length: 1 } });
  });
});
