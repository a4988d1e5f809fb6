// Live feeds belong to the page that started them: over WebSocket, Electron IPC (two windows on one
// ipcMain) and the in-process bridge, two pages each tail their own stream, subscribe to their own
// broadcast channel and watch their own stream's flow, and neither ever receives an event of the
// other's feeds, while both receive console-wide events (publish progress). Real Redis, real
// WebSocket server; only Electron's ipcMain/webContents are stand-ins (test/contract/bridges.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createConsole, type ConsoleService } from '../../electron/console';
import { createDirectBridge } from '../../electron/transport/direct';
import { createIpcBridge, serveIpc } from '../../electron/transport/ipc';
import { EVENTS, type EventName } from '../../shared/api';
import type { Bridge } from '../../shared/bridge';
import type { BroadcastMessage, FlowSnapshot, StreamEntry } from '../../shared/dto';
import { createWebSocketBridge, type WebSocketConstructor } from '../../shared/ws-bridge';
import { fakeIpcPair, startWebSocketServer, TRUSTED_URL } from '../contract/bridges';
import { cleanupPattern, connectShared, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { eventually, value } from '../helpers/wait';

let service: ConsoleService;
const redis = connectShared();
const created: string[] = [];

beforeAll(async () => {
  service = await createConsole({ redis: SHARED_REDIS_URL });
});
afterAll(async () => {
  await service.close();
  if (created.length) await redis.del(...created);
  for (const name of created) await cleanupPattern(redis, `streamscope:*{${name}}*`);
  redis.disconnect();
});

/** Two pages of one kind on the same console. */
async function twoPages(kind: 'websocket' | 'ipc' | 'direct'): Promise<{ pages: [Bridge, Bridge]; close(): Promise<void> }> {
  if (kind === 'direct') {
    const a = createDirectBridge(service);
    const b = createDirectBridge(service);
    return { pages: [a, b], close: async () => (a.close(), b.close()) };
  }
  if (kind === 'ipc') {
    const windowA = fakeIpcPair();
    const windowB = fakeIpcPair(TRUSTED_URL, windowA.handlers); // the same ipcMain serves both windows
    const stop = serveIpc(windowA.ipcMain, service, { isTrustedSender: (url) => url === TRUSTED_URL });
    return { pages: [createIpcBridge(windowA.ipcRenderer), createIpcBridge(windowB.ipcRenderer)], close: async () => stop() };
  }
  const server = await startWebSocketServer(service);
  const open = async () => {
    const bridge = createWebSocketBridge({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
    await bridge.ready();
    return bridge;
  };
  const [a, b] = [await open(), await open()];
  return {
    pages: [a, b],
    close: async () => {
      a.close();
      b.close();
      await server.close();
    },
  };
}

interface Seen {
  entries: Array<{ tailId: string; entries: StreamEntry[] }>;
  messages: BroadcastMessage[];
  ticks: FlowSnapshot[];
  progress: number;
  all: EventName[];
}

function record(bridge: Bridge): Seen {
  const seen: Seen = { entries: [], messages: [], ticks: [], progress: 0, all: [] };
  for (const event of EVENTS as ReadonlySet<EventName>) bridge.on(event, () => seen.all.push(event));
  bridge.on('entries.appended', (p) => seen.entries.push({ tailId: p.tailId, entries: p.entries }));
  bridge.on('broadcast.messages', (p) => seen.messages.push(...p.messages));
  bridge.on('flow.tick', (batch) => seen.ticks.push(...batch));
  bridge.on('publish.progress', () => seen.progress++);
  return seen;
}

describe.each(['websocket', 'ipc', 'direct'] as const)('feeds per connection over %s', (kind) => {
  it("a page receives its own feeds and the console-wide events, never another page's feed events", { timeout: 60_000 }, async () => {
    const { pages, close } = await twoPages(kind);
    const names = [uniqueName(`own-a-${kind}`), uniqueName(`own-b-${kind}`)];
    created.push(...names);
    try {
      const seen = pages.map(record);
      const started = [];
      for (const [i, page] of pages.entries()) {
        await redis.xadd(names[i], '*', 'msg', '{"seed":true}');
        const tail = value(await page.invoke('entries.tail', { stream: names[i] }));
        const sub = value(await page.invoke('broadcast.subscribe', { channel: names[i] }));
        value(await page.invoke('flow.watch', { stream: names[i] }));
        started.push({ tailId: tail.tailId, subscriptionId: sub.subscriptionId });
      }
      // Traffic on both pages' feeds, and one console-wide job started by page A.
      for (let n = 0; n < 20; n++) {
        for (const name of names) {
          await redis.xadd(name, '*', 'msg', JSON.stringify({ n, name }));
          await redis.publish(name, JSON.stringify({ n, name }));
        }
      }
      value(
        await pages[0].invoke('publish.start', {
          target: { kind: 'broadcast', name: uniqueName('progress') },
          template: '{"x":1}',
          count: 3,
          ratePerSec: 100,
        }),
      );
      await eventually(
        async () =>
          seen.every(
            (s, i) =>
              s.entries.reduce((n, e) => n + e.entries.length, 0) >= 20 &&
              s.messages.length >= 20 &&
              s.ticks.some((t) => t.stream === names[i]) &&
              s.progress > 0,
          ),
        20_000,
        'both pages to see their own tail, broadcast, flow and the publish job',
      );

      for (const [i, s] of seen.entries()) {
        const mine = started[i];
        expect(new Set(s.entries.map((e) => e.tailId))).toEqual(new Set([mine.tailId]));
        expect(new Set(s.entries.flatMap((e) => e.entries).map((e) => (e.value as { name?: string }).name))).toEqual(new Set([names[i]]));
        expect(new Set(s.messages.map((m) => m.subscriptionId))).toEqual(new Set([mine.subscriptionId]));
        expect(new Set(s.messages.map((m) => m.channel))).toEqual(new Set([names[i]]));
        expect(new Set(s.ticks.map((t) => t.stream))).toEqual(new Set([names[i]]));
        // Console-wide: page B sees the job page A started.
        expect(s.progress).toBeGreaterThan(0);
      }

      // Page A stops its tail: it gets no more of it, and page B's tail goes on.
      value(await pages[0].invoke('entries.untail', { tailId: started[0].tailId }));
      const before = seen.map((s) => s.entries.length);
      for (const name of names) await redis.xadd(name, '*', 'msg', JSON.stringify({ after: true, name }));
      // Both entries were written together: once B has its own, A would have had its own by now.
      await eventually(async () => seen[1].entries.length > before[1], 10_000, "page B's tail to go on");
      expect(seen[0].entries.length).toBe(before[0]);
    } finally {
      for (const [i, page] of pages.entries()) {
        await page.invoke('flow.unwatch', { stream: names[i] });
      }
      await close();
    }
  });
});
