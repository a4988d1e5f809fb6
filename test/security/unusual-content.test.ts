// Keys and payloads with unusual content, through the console over the real WebSocket transport:
// names with spaces, glob characters, quotes, newlines, unicode and maximum length; payloads that
// are large, unicode, not JSON, or binary. They are listed (and paged) with the exact names,
// opened, paged and decoded; a glob character in a name is never a wildcard where a name is meant;
// key and channel names that are not valid UTF-8 keep their bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BroadcastChannel, BroadcastMessage, EntryPage, PendingPage, StreamDetail, StreamPage } from '../../shared/dto';
import { eventually } from '../helpers/wait';
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
    expect(await ok<{ id: string }>('publish.event', { stream: 'glob*', json: '{"literal":true}' })).toMatchObject({
      id: expect.any(String),
    });
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
    // Over the 64 KiB preview: the first bytes travel, with the full size and a note.
    const bigText = JSON.stringify(big);
    expect(byId.get(ids.big)).toMatchObject({
      format: 'ucloud',
      note: expect.stringContaining('preview'),
      fields: [{ name: 'msg', value: { size: Buffer.byteLength(bigText), truncated: true } }],
    });
    expect(bigText.startsWith(byId.get(ids.big)!.fields[0].value.text!)).toBe(true);
    expect(byId.get(ids.unicode)).toMatchObject({ format: 'ucloud', value: unicode });
    expect(byId.get(ids.notJson)).toMatchObject({ format: 'raw', fields: [{ name: 'msg', value: { text: '{broken json' } }] });
    expect(byId.get(ids.multi)).toMatchObject({
      format: 'fields',
      fields: [
        { name: 'a', value: { text: 'plain text' } },
        { name: 'b', value: { text: '{"x":[1,2]}' } },
      ],
    });
    expect(byId.get(ids.sentinel)).toMatchObject({ format: 'sentinel' });
    // The server-side filter finds unicode text.
    const filtered = await ok<EntryPage>('entries.page', { stream, filter: '流れ' });
    expect(filtered.entries.map((e) => e.id)).toEqual([ids.unicode]);
  });

  it('a payload with bytes that are not UTF-8 keeps its exact bytes (base64) without breaking the page', async () => {
    const stream = 'binary-payload';
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7b, 0xc3, 0x28]);
    const id = (await redis.admin.xadd(stream, '*', 'msg', bytes)) as string;
    await redis.admin.xadd(stream, '*', 'msg', '{"after":true}');
    const page = await ok<EntryPage>('entries.page', { stream, direction: 'forward' });
    expect(page.entries).toHaveLength(2);
    expect(page.entries[0]).toMatchObject({ id, format: 'raw' });
    expect(page.entries[0].fields[0].value).toEqual({ base64: bytes.toString('base64'), size: bytes.length });
    expect(page.entries[1]).toMatchObject({ format: 'ucloud', value: { after: true } });
  });
});

// Key and channel names whose bytes are not valid UTF-8 travel as strings with each undecodable
// byte escaped as U+DC80–U+DCFF (shared/key-name.ts); the console sends such names to Redis as
// their exact bytes. A key with the lossy name (U+FFFD) is a different key and stays apart.
describe('names that are not valid UTF-8', () => {
  const key = Buffer.concat([Buffer.from('bin-'), Buffer.from([0xff, 0xfe])]);
  const name = 'bin-\udcff\udcfe';
  const lossy = 'bin-\ufffd\ufffd';

  async function appended(tailId: string, until: (values: unknown[]) => boolean): Promise<{ streams: string[]; values: unknown[] }> {
    return eventually(
      async () => {
        const batches = ws.client.events
          .filter((e) => e.event === 'entries.appended')
          .map((e) => e.payload as { tailId: string; stream: string; entries: Array<{ value?: unknown }> });
        const mine = batches.filter((b) => b.tailId === tailId);
        const values = mine.flatMap((b) => b.entries.map((e) => e.value));
        return until(values) ? { streams: mine.map((b) => b.stream), values } : null;
      },
      10_000,
      'tailed entries',
    );
  }

  it(
    'a stream whose key is not valid UTF-8 is listed, opened, paged, published to, tailed, grouped, pruned and deleted',
    { timeout: 30_000 },
    async () => {
      await redis.admin.xadd(key, '*', 'msg', '{"n":0}');
      await redis.admin.xadd(lossy, '*', 'msg', '{"twin":true}');
      try {
        expect(new Set(await listAll('bin-*'))).toEqual(new Set([name, lossy]));
        // A pattern with escaped bytes matches the bytes.
        expect(await listAll('bin-\udcff*')).toEqual([name]);

        const detail = await ok<StreamDetail>('streams.detail', { stream: name });
        expect(detail).toMatchObject({ name, length: 1 });
        expect((await ok<EntryPage>('entries.page', { stream: name })).entries.map((e) => e.value)).toEqual([{ n: 0 }]);

        const tail = await ok<{ tailId: string }>('entries.tail', { stream: name });
        await ok('publish.event', { stream: name, json: '{"n":1}' });
        const tailed = await appended(tail.tailId, (values) => values.length >= 1);
        expect(tailed.values).toEqual([{ n: 1 }]);
        expect(new Set(tailed.streams)).toEqual(new Set([name]));
        await ok('entries.untail', { tailId: tail.tailId });
        expect(await redis.admin.xlen(key)).toBe(2);
        expect(await redis.admin.xlen(lossy)).toBe(1);

        expect(await ok('groups.create', { stream: name, group: 'readers', from: '0' })).toEqual({ created: true });
        await redis.admin.xreadgroup('GROUP', 'readers', 'c1', 'COUNT', 10, 'STREAMS', key, '>');
        const pending = await ok<PendingPage>('pending.list', { stream: name, group: 'readers' });
        expect(pending.total).toBe(2);
        expect(await ok('pending.ack', { stream: name, group: 'readers', ids: pending.entries.map((e) => e.id) })).toEqual({ acked: 2 });

        expect(await ok('prune.run', { stream: name, policy: { kind: 'maxLength', maxLength: 1 }, safe: false })).toEqual({
          stream: name,
          removed: 1,
          lengthAfter: 1,
        });

        // The engine builds its keys as text: it refuses such names, clearly.
        for (const [method, args] of [
          ['instances.join', { stream: name, group: 'readers', mode: { kind: 'immediate' } }],
          ['deadLetters.list', { stream: name }],
        ] as const) {
          const reply = await ws.client.call(method, args);
          expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
          expect((reply as { error: { message: string } }).error.message).toContain('"bin-\\xFF\\xFE" has bytes that are not UTF-8');
        }

        await redis.admin.del(key);
        expect(await listAll('bin-*')).toEqual([lossy]);
        expect(await ws.client.call('streams.detail', { stream: name })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      } finally {
        await redis.admin.del(key, lossy);
      }
    },
  );

  it(
    'a channel whose name is not valid UTF-8 is listed, subscribed to and published to with its exact name',
    { timeout: 20_000 },
    async () => {
      const channel = Buffer.concat([Buffer.from('chan-'), Buffer.from([0xc3, 0x28])]);
      const channelName = 'chan-\udcc3(';
      const sub = await ok<{ subscriptionId: string }>('broadcast.subscribe', { channel: channelName });
      try {
        const listed = await ok<BroadcastChannel[]>('broadcast.channels', { pattern: 'chan-*' });
        expect(listed).toEqual([expect.objectContaining({ name: channelName, subscribers: 1 })]);
        expect(await redis.admin.publish(channel, '{"from":"admin"}')).toBe(1);
        expect(await ok('publish.broadcast', { channel: channelName, json: '{"from":"console"}' })).toEqual({ receivers: 1 });
        const messages = await eventually(
          async () => {
            const all = ws.client.events
              .filter((e) => e.event === 'broadcast.messages')
              .flatMap((e) => (e.payload as { messages: BroadcastMessage[] }).messages)
              .filter((m) => m.subscriptionId === sub.subscriptionId);
            return all.length >= 2 ? all : null;
          },
          10_000,
          'broadcast messages',
        );
        expect(messages.map((m) => [m.channel, m.value])).toEqual([
          [channelName, { from: 'admin' }],
          [channelName, { from: 'console' }],
        ]);
        // After a reconnect the subscriber is back on the exact bytes, not on a lossy U+FFFD name.
        const gaps = () =>
          ws.client.events.filter(
            (e) => e.event === 'broadcast.gap' && (e.payload as { subscriptionId: string }).subscriptionId === sub.subscriptionId,
          );
        await redis.admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
        await eventually(async () => gaps().length > 0, 10_000, 'broadcast.gap after CLIENT KILL');
        await eventually(
          async () => (await redis.admin.publish(channel, '{"from":"after"}')) === 1,
          10_000,
          'resubscribed to the exact channel',
        );
        expect((await ok<BroadcastChannel[]>('broadcast.channels', { pattern: 'chan-*' })).map((c) => c.name)).toEqual([channelName]);
      } finally {
        await ok('broadcast.unsubscribe', { subscriptionId: sub.subscriptionId });
      }
    },
  );

  it('names that stand for no key are refused with invalid_args naming the field', async () => {
    for (const stream of ['x\ud800', 'x\udc41', '\udcc3\udca9' /* the bytes of "é": that key is listed as "é" */]) {
      const reply = await ws.client.call('streams.detail', { stream });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
      expect((reply as { error: { message: string } }).error.message).toMatch(/stream/);
    }
    const group = await ws.client.call('groups.create', { stream: 'payloads', group: 'g\ud800' });
    expect(group).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect((group as { error: { message: string } }).error.message).toMatch(/group/);
  });
});
