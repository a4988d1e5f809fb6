// A reply always comes back. Handlers that return what cannot travel to a page (nested 10,000 deep,
// a BigInt, a cycle, a Map, over the size bound) or throw something that is not an Error are
// answered with an error naming the cause over all three bridges (in-process, Electron IPC,
// WebSocket); the transports' own net answers when the value gets past dispatch, and a feed batch
// that cannot be sent reaches the page as its count; a console that never answers, or whose answer
// cannot be read, is answered by the bridge itself, naming the method and the time.
import { WebSocket, WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { Callers, type ConsoleConnection, type EventSink } from '../../electron/console/callers';
import type { Handlers } from '../../electron/console/context';
import { createDispatch } from '../../electron/console/dispatch';
import { createDirectBridge } from '../../electron/transport/direct';
import { createIpcBridge, serveIpc, type DispatchService, type IpcRendererLike } from '../../electron/transport/ipc';
import type { Events } from '../../shared/api';
import { callTimeoutMs, DEFAULT_CALL_TIMEOUT_MS, type Bridge } from '../../shared/bridge';
import type { BroadcastMessage } from '../../shared/dto';
import { ok, type Reply } from '../../shared/reply';
import { createWebSocketBridge, type WebSocketConstructor } from '../../shared/ws-bridge';
import { fakeIpcPair, startWebSocketServer, TRUSTED_URL } from '../contract/bridges';
import { connectShared, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { eventually } from '../helpers/wait';

const redis = connectShared();
const created: string[] = [];
afterAll(async () => {
  if (created.length) await redis.del(...created);
  redis.disconnect();
});

const deepArray = (levels: number): unknown => {
  let v: unknown = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};
const deepJsonText = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const WS = WebSocket as unknown as WebSocketConstructor;

type Kind = 'direct' | 'ipc' | 'websocket';

/** A page on `service` over one of the three bridges. */
async function openPage(kind: Kind, service: DispatchService): Promise<{ bridge: Bridge; close(): Promise<void> }> {
  if (kind === 'direct') {
    const bridge = createDirectBridge(service);
    return { bridge, close: async () => bridge.close() };
  }
  if (kind === 'ipc') {
    const pair = fakeIpcPair();
    const stop = serveIpc(pair.ipcMain, service, { isTrustedSender: (url) => url === TRUSTED_URL });
    return { bridge: createIpcBridge(pair.ipcRenderer), close: async () => stop() };
  }
  const server = await startWebSocketServer(service as ConsoleService);
  const bridge = createWebSocketBridge({ url: server.url, WebSocket: WS, reconnect: false });
  await bridge.ready();
  return {
    bridge,
    close: async () => {
      bridge.close();
      await server.close();
    },
  };
}

const KINDS: Kind[] = ['direct', 'ipc', 'websocket'];

describe('a handler whose value cannot travel is answered with an error naming the cause', () => {
  const stream = uniqueName('unsendable');
  created.push(stream);
  // Handlers that read real Redis and return what no page could receive, through the real dispatch.
  const handlers: Handlers = {
    'entries.page': async ({ stream: s }) => {
      const [[id, fields]] = (await redis.xrange(s, '-', '+', 'COUNT', 1)) as Array<[string, string[]]>;
      return {
        entries: [{ id, timestamp: Number(id.split('-')[0]), fields: [], format: 'ucloud', value: JSON.parse(fields[1]) }],
        next: null,
        scanned: 1,
      };
    },
    'streams.detail': async ({ stream: s }) => ({ name: s, length: BigInt(await redis.xlen(s)) }) as never,
    'groups.list': async ({ stream: s }) => {
      const cycle: Record<string, unknown> = { name: s, pending: await redis.xlen(s) };
      cycle.self = cycle;
      return [cycle] as never;
    },
    'consumers.list': async ({ group }) => new Map([[group, await redis.xlen(stream)]]) as never,
    'pending.list': async () => ({ entries: [{ id: '1-0', note: 'x'.repeat(2 * 1024 * 1024) }] }) as never,
    'connection.status': async () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a handler throwing a non-Error turns into is the subject here
      throw 42;
    },
    'profiles.list': async () => {
      // Neither JSON nor toString can describe it.
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a handler throwing a non-Error turns into is the subject here
      throw {
        toJSON() {
          throw new Error('no JSON');
        },
        toString() {
          throw new Error('no text');
        },
      };
    },
  };
  const service = new Callers(createDispatch(() => handlers, { maxDepth: 1_000, maxBytes: 1024 * 1024 }));

  beforeAll(async () => {
    await redis.xadd(stream, '*', 'msg', deepJsonText(10_000));
  });

  it.each(KINDS)('over %s', async (kind) => {
    const page = await openPage(kind, service);
    const call = page.bridge.invoke as (method: string, args: unknown) => Promise<Reply<unknown>>;
    try {
      const expectations: Array<[string, unknown, string, RegExp]> = [
        [
          'entries.page',
          { stream },
          'internal',
          /^entries\.page: the reply cannot be sent: it is nested deeper than 1000 levels \(or circular\) at value\.entries\[0\]\.value\[0\]/,
        ],
        ['streams.detail', { stream }, 'internal', /^streams\.detail: .*a BigInt at value\.length/],
        [
          'groups.list',
          { stream },
          'internal',
          /^groups\.list: .*nested deeper than 1000 levels \(or circular\) at value\[0\]\.self\.self/,
        ],
        ['consumers.list', { stream, group: 'g' }, 'internal', /^consumers\.list: .*a Map at the value itself is not plain data/],
        ['pending.list', { stream, group: 'g' }, 'too_large', /^pending\.list: the reply cannot be sent: it is over 1 MiB/],
        ['connection.status', {}, 'internal', /not an Error: number 42/],
        ['profiles.list', {}, 'internal', /not an Error: \[object Object\]/],
      ];
      for (const [method, args, code, message] of expectations) {
        const reply = await call(method, args);
        expect(reply.ok, method).toBe(false);
        if (!reply.ok) {
          expect(reply.error.code, method).toBe(code);
          expect(reply.error.message, method).toMatch(message);
        }
      }
      // The page is still served.
      handlers['streams.list'] = async () => ({ streams: [], cursor: '0' });
      expect(await call('streams.list', {})).toMatchObject({ ok: true });
    } finally {
      await page.close();
    }
  });
});

/** A service whose answers skip dispatch (so its checks), to reach the transports' own net; `sinks` push events to its pages. */
function rawService(answer: (method: string) => Promise<Reply<unknown>>): DispatchService & { sinks: EventSink[] } {
  const sinks: EventSink[] = [];
  return {
    sinks,
    connect(sink): ConsoleConnection {
      sinks.push(sink);
      return { dispatch: (method) => answer(method), close: () => void sinks.splice(sinks.indexOf(sink), 1) };
    },
  };
}

describe("the transports' own net, under dispatch", () => {
  it.each(['ipc', 'websocket'] as const)(
    'over %s: an answer that cannot be serialized, or a dispatch that fails, still gets a reply naming the cause',
    async (kind) => {
      const service = rawService(async (method) => {
        if (method === 'streams.list') return ok(deepArray(10_000));
        throw new Error('dispatch itself broke');
      });
      const page = await openPage(kind, service);
      try {
        const unserializable = await page.bridge.invoke('streams.list', {});
        expect(unserializable).toMatchObject({ ok: false, error: { code: 'internal' } });
        if (!unserializable.ok) {
          expect(unserializable.error.message).toMatch(
            kind === 'websocket'
              ? /^streams\.list: the reply could not be serialized \(Maximum call stack/
              : /^streams\.list: the console's answer could not be received \(.*Maximum call stack/,
          );
        }
        const broken = await page.bridge.invoke('groups.list', { stream: 'x' });
        expect(broken).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('dispatch itself broke') } });
        expect(broken.ok || broken.error.message.startsWith('groups.list: ')).toBe(true);
      } finally {
        await page.close();
      }
    },
  );

  it.each(['ipc', 'websocket'] as const)('over %s: a feed batch that cannot be sent reaches the page as its count', async (kind) => {
    const service = rawService(async () => ok({ state: 'ready' }));
    const page = await openPage(kind, service);
    const seen: Array<Events['broadcast.messages']> = [];
    page.bridge.on('broadcast.messages', (p) => seen.push(p));
    try {
      await page.bridge.invoke('connection.status', {}); // IPC opens its connection with the first call
      const message = (seq: number, value: unknown): BroadcastMessage => ({
        subscriptionId: 's',
        subscriber: 0,
        channel: 'c',
        pattern: null,
        payload: '…',
        value,
        receivedAt: 0,
        seq,
      });
      for (const sink of service.sinks)
        sink('broadcast.messages', { messages: [message(1, deepArray(10_000)), message(2, 1)], dropped: 3 });
      for (const sink of service.sinks) sink('broadcast.messages', { messages: [message(3, 'fine')], dropped: 0 });
      await eventually(async () => seen.length === 2, 5_000, 'both batches');
      expect(seen[0]).toEqual({ messages: [], dropped: 5 });
      expect(seen[1].messages.map((m) => m.seq)).toEqual([3]);
    } finally {
      await page.close();
    }
  });
});

describe('a call the console does not answer', () => {
  it('times out over WebSocket with an error naming the method and the time', async () => {
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => silent.once('listening', () => resolve()));
    const port = (silent.address() as { port: number }).port;
    const bridge = createWebSocketBridge({ url: `ws://127.0.0.1:${port}`, WebSocket: WS, reconnect: false, callTimeoutMs: () => 300 });
    try {
      await bridge.ready();
      const t0 = performance.now();
      const reply = await bridge.invoke('streams.list', {});
      expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'timeout',
          message: 'streams.list: no answer from the console within 300 ms; it may still finish, so check before repeating it',
        },
      });
    } finally {
      bridge.close();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('answers over WebSocket at once, naming the cause, when the answer cannot be read', async () => {
    const garbling = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => garbling.once('listening', () => resolve()));
    garbling.on('connection', (ws) =>
      ws.on('message', (data) => ws.send(`{"kind":"reply","id":${JSON.parse((data as Buffer).toString('utf8')).id},"reply":{"ok":tru`)),
    );
    const bridge = createWebSocketBridge({
      url: `ws://127.0.0.1:${(garbling.address() as { port: number }).port}`,
      WebSocket: WS,
      reconnect: false,
      callTimeoutMs: () => 60_000,
    });
    try {
      await bridge.ready();
      const reply = await bridge.invoke('groups.list', { stream: 'x' });
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'internal', message: expect.stringMatching(/^groups\.list: the console's answer could not be read \(/) },
      });
    } finally {
      bridge.close();
      await new Promise<void>((resolve) => garbling.close(() => resolve()));
    }
  });

  it('times out over IPC with an error naming the method and the time', async () => {
    const never: IpcRendererLike = { invoke: () => new Promise(() => undefined), on: () => undefined, removeListener: () => undefined };
    const bridge = createIpcBridge(never, { callTimeoutMs: () => 250 });
    expect(await bridge.invoke('prune.preview', { stream: 's', policy: { kind: 'maxLen', maxLen: 1 } } as never)).toMatchObject({
      ok: false,
      error: { code: 'timeout', message: expect.stringMatching(/^prune\.preview: no answer from the console within 250 ms/) },
    });
  });

  it('waits 30 s by default, longer for the calls that legitimately take long', () => {
    expect(DEFAULT_CALL_TIMEOUT_MS).toBe(30_000);
    expect(callTimeoutMs('entries.page')).toBe(30_000);
    expect(callTimeoutMs('connection.connect')).toBe(120_000);
    expect(callTimeoutMs('prune.run')).toBe(120_000);
    expect(callTimeoutMs('streams.list')).toBe(60_000);
  });
});

describe('the real console, an entry nested 10,000 deep', () => {
  let service: ConsoleService;
  const stream = uniqueName('deep-entry');
  created.push(stream);
  beforeAll(async () => {
    service = await createConsole({ redis: SHARED_REDIS_URL });
    await redis.xadd(stream, '*', 'msg', deepJsonText(10_000));
  });
  afterAll(async () => service.close());

  // Whatever the entries area makes of such content (the value, or raw text), the page gets an answer.
  it.each(KINDS)('entries.page over %s is answered: a page, or an error naming the cause', async (kind) => {
    const page = await openPage(kind, service);
    try {
      const reply = await page.bridge.invoke('entries.page', { stream });
      if (!reply.ok) expect(reply.error.message).toMatch(/^entries\.page: the reply cannot be sent: it is nested deeper than 1000 levels/);
      else expect(reply.value.entries).toHaveLength(1);
    } finally {
      await page.close();
    }
  });
});
