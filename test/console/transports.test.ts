// Transport-level refusals: IPC from an untrusted frame, WebSocket frames that are too large,
// malformed or too frequent; and that the error envelope keeps its code across both transports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createConsole, type ConsoleService } from '../../electron/console';
import { createIpcBridge, serveIpc } from '../../electron/transport/ipc';
import { IPC_EVENT } from '../../shared/bridge';
import { createWebSocketBridge, type WebSocketConstructor } from '../../shared/ws-bridge';
import type { ServerFrame } from '../../shared/bridge';
import { SHARED_REDIS_URL } from '../helpers/redis';
import { fakeIpcPair, startWebSocketServer } from '../contract/bridges';
import { eventually, poll, until } from '../helpers/wait';

let service: ConsoleService;
beforeAll(async () => {
  service = await createConsole({ redis: SHARED_REDIS_URL });
});
afterAll(async () => service.close());

describe('IPC transport', () => {
  it('answers forbidden to a frame the shell does not trust, and serves a trusted one', async () => {
    const untrusted = fakeIpcPair('https://evil.example/');
    const stop = serveIpc(untrusted.ipcMain, service, { isTrustedSender: (url) => url.startsWith('file://') });
    try {
      const reply = await createIpcBridge(untrusted.ipcRenderer).invoke('connection.status', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('evil.example') } });
    } finally {
      stop();
    }
    expect(untrusted.handlers.size).toBe(0); // stop() removed the handler
  });

  it('keeps error codes, refuses unknown methods before sending, and delivers events to listeners', async () => {
    const pair = fakeIpcPair();
    const stop = serveIpc(pair.ipcMain, service, { isTrustedSender: () => true });
    const bridge = createIpcBridge(pair.ipcRenderer);
    try {
      expect(await bridge.invoke('entries.page', { stream: '' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_args', message: expect.stringContaining('stream') },
      });
      expect(await (bridge.invoke as (m: string, a: unknown) => Promise<unknown>)('nope.never', {})).toMatchObject({
        ok: false,
        error: { code: 'unknown_method' },
      });
      const seen: unknown[] = [];
      const off = bridge.on('demo.changed', (p) => seen.push(p));
      pair.webContents.send(IPC_EVENT, { event: 'demo.changed', payload: { running: false } });
      pair.webContents.send(IPC_EVENT, { event: 'not.an.event', payload: 1 });
      off();
      pair.webContents.send(IPC_EVENT, { event: 'demo.changed', payload: { running: true } });
      expect(seen).toEqual([{ running: false }]);
    } finally {
      stop();
    }
  });
});

describe('IPC feeds', () => {
  it("stops a window's tails when it reloads", async () => {
    const pair = fakeIpcPair();
    const stop = serveIpc(pair.ipcMain, service, { isTrustedSender: () => true });
    const bridge = createIpcBridge(pair.ipcRenderer);
    const { Redis } = await import('ioredis');
    const admin = new Redis(SHARED_REDIS_URL);
    const named = async (name: string) => String(await admin.client('LIST')).includes(`name=${name}`);
    try {
      const tail = await bridge.invoke('entries.tail', { stream: `ipc-owned-${Date.now()}` });
      const kept = await bridge.invoke('entries.tail', { stream: `ipc-kept-${Date.now()}` });
      if (!tail.ok || !kept.ok) throw new Error('tail failed');
      // Stopped by the page itself before the reload: not stopped twice, nothing left over.
      expect(await bridge.invoke('entries.untail', { tailId: kept.value.tailId })).toMatchObject({ ok: true, value: { stopped: true } });
      // The tail's own connection names itself once connected.
      await poll(() => named(`streamscope:tail:${tail.value.tailId}`), 5000);
      expect(await named(`streamscope:tail:${tail.value.tailId}`)).toBe(true);
      pair.sender.emit('did-navigate');
      await poll(async () => !(await named(`streamscope:tail:${tail.value.tailId}`)), 5000);
      expect(await named(`streamscope:tail:${tail.value.tailId}`)).toBe(false);
      expect(await bridge.invoke('entries.untail', { tailId: tail.value.tailId })).toMatchObject({ ok: true, value: { stopped: false } });
    } finally {
      stop();
      admin.disconnect();
    }
  });
});

describe('WebSocket transport', () => {
  function rawClient(url: string) {
    const ws = new WebSocket(url);
    const frames: ServerFrame[] = [];
    ws.on('message', (data) => frames.push(JSON.parse((data as Buffer).toString('utf8')) as ServerFrame));
    const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
    const replyFor = (id: number) => eventually(() => frames.find((f) => f.kind === 'reply' && f.id === id), 2000, `a reply for id ${id}`);
    return { ws, frames, opened, replyFor };
  }

  it('answers too_large with the request id, without closing the connection', async () => {
    const server = await startWebSocketServer(service, { maxMessageBytes: 1024 });
    const client = rawClient(server.url);
    try {
      await client.opened;
      client.ws.send(JSON.stringify({ kind: 'invoke', id: 7, method: 'publish.event', args: { stream: 's', json: 'x'.repeat(2000) } }));
      expect(await client.replyFor(7)).toMatchObject({ reply: { ok: false, error: { code: 'too_large' } } });
      client.ws.send(JSON.stringify({ kind: 'invoke', id: 8, method: 'connection.status', args: {} }));
      expect(await client.replyFor(8)).toMatchObject({ reply: { ok: true } });
    } finally {
      client.ws.close();
      await server.close();
    }
  });

  it('answers malformed frames with invalid_args naming what is wrong', async () => {
    const server = await startWebSocketServer(service);
    const client = rawClient(server.url);
    try {
      await client.opened;
      client.ws.send('{oops');
      client.ws.send(JSON.stringify({ kind: 'invoke', id: 3, method: 42 }));
      client.ws.send(JSON.stringify({ kind: 'subscribe', id: 4, method: 'x' }));
      expect(await client.replyFor(3)).toMatchObject({
        reply: { error: { code: 'invalid_args', message: expect.stringContaining('frame.method') } },
      });
      expect(await client.replyFor(4)).toMatchObject({
        reply: { error: { code: 'invalid_args', message: expect.stringContaining('frame.kind') } },
      });
      expect(await client.replyFor(-1)).toMatchObject({
        reply: { error: { code: 'invalid_args', message: expect.stringContaining('JSON') } },
      });
    } finally {
      client.ws.close();
      await server.close();
    }
  });

  it('rate-limits one connection, answering rate_limited for the excess', async () => {
    const server = await startWebSocketServer(service, { maxRequestsPerSecond: 5 });
    const bridge = createWebSocketBridge({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
    try {
      await bridge.ready();
      const replies = await Promise.all(Array.from({ length: 30 }, () => bridge.invoke('connection.status', {})));
      const limited = replies.filter((r) => !r.ok && r.error.code === 'rate_limited').length;
      expect(limited).toBeGreaterThan(0);
      expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(10); // the burst of 2 × rate
    } finally {
      bridge.close();
      await server.close();
    }
  });

  it('resolves calls in flight as not_connected when the server goes away', async () => {
    const server = await startWebSocketServer(service);
    const bridge = createWebSocketBridge({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
    await bridge.ready();
    const pending = bridge.invoke('pending.autoClaim', { stream: 'x', group: 'g', consumer: 'c' });
    await server.close();
    const reply = await pending;
    // Either it completed before the close or it was cut off: never left hanging.
    if (!reply.ok) expect(['not_connected', 'not_found']).toContain(reply.error.code);
    expect(await bridge.invoke('connection.status', {})).toMatchObject({ ok: false, error: { code: 'not_connected' } });
  });

  it('reconnects after the server comes back, reporting its state, and serves calls again', async () => {
    const first = await startWebSocketServer(service);
    const bridge = createWebSocketBridge({ url: first.url, WebSocket: WebSocket as unknown as WebSocketConstructor });
    const states: string[] = [];
    bridge.onState((s) => states.push(s));
    try {
      await bridge.ready();
      await first.close();
      await until(() => bridge.state() === 'connecting', 'the bridge to notice the server is gone', 5000);
      const second = await startWebSocketServer(service, {}, first.port);
      try {
        await bridge.ready();
        expect(await bridge.invoke('connection.status', {})).toMatchObject({ ok: true });
        expect(states).toEqual(expect.arrayContaining(['connecting', 'open']));
      } finally {
        bridge.close();
        await second.close();
      }
    } finally {
      bridge.close();
    }
  });

  it('stops the tails and subscriptions of a connection when it closes', async () => {
    const server = await startWebSocketServer(service);
    const bridge = createWebSocketBridge({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
    const { Redis } = await import('ioredis');
    const admin = new Redis(SHARED_REDIS_URL);
    const named = async (name: string) => String(await admin.client('LIST')).includes(`name=${name}`);
    try {
      await bridge.ready();
      const tail = await bridge.invoke('entries.tail', { stream: `ws-owned-${Date.now()}` });
      const sub = await bridge.invoke('broadcast.subscribe', { channel: `ws-owned-${Date.now()}` });
      if (!tail.ok || !sub.ok) throw new Error('tail or subscribe failed');
      await poll(() => named(`streamscope:tail:${tail.value.tailId}`), 5000);
      expect(await named(`streamscope:tail:${tail.value.tailId}`)).toBe(true);
      expect(await named(`streamscope:broadcast:${sub.value.subscriptionId}:0`)).toBe(true);
      bridge.close();
      await poll(
        async () =>
          !(await named(`streamscope:tail:${tail.value.tailId}`)) && !(await named(`streamscope:broadcast:${sub.value.subscriptionId}:0`)),
        5000,
      );
      expect(await named(`streamscope:tail:${tail.value.tailId}`)).toBe(false);
      expect(await named(`streamscope:broadcast:${sub.value.subscriptionId}:0`)).toBe(false);
    } finally {
      bridge.close();
      admin.disconnect();
      await server.close();
    }
  });

  it('releases the flow watches of a connection when it closes, keeping the others', async () => {
    const server = await startWebSocketServer(service);
    const open = () =>
      createWebSocketBridge({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
    const leaving = open();
    const staying = open();
    const stream = `ws-flow-owned-${Date.now()}`;
    const { Redis } = await import('ioredis');
    const admin = new Redis(SHARED_REDIS_URL);
    await admin.xadd(stream, '*', 'msg', '{}');
    try {
      await Promise.all([leaving.ready(), staying.ready()]);
      expect((await leaving.invoke('flow.watch', { stream })).ok).toBe(true);
      expect((await staying.invoke('flow.watch', { stream })).ok).toBe(true);
      leaving.close();
      // The closed page's watch is released by the transport; the other page's watch still holds.
      await until(() => server.connections() === 1, 'the server to see the page go', 5000);
      expect(await staying.invoke('flow.unwatch', { stream })).toEqual({ ok: true, value: { stopped: true } });
      expect(await staying.invoke('flow.unwatch', { stream })).toEqual({ ok: true, value: { stopped: false } });
    } finally {
      leaving.close();
      staying.close();
      await admin.del(stream);
      admin.disconnect();
      await server.close();
    }
  });
});
