// The Charts tab's store over every bridge, against a real console: a connection switch clears the
// console's history, the store says so, and it watches the stream again on the new Redis (the
// console says 'ready' just before it has rebuilt its areas, so the store must wait for that). And
// in web mode, a socket that drops and comes back (the server stopped the page's watch) is watched
// again; and a page's stale watch from before a switch cannot end another page's watch after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createConsole, type ConsoleService } from '../../electron/console';
import { createChartsStore } from '../../renderer/features/charts/chartsStore';
import { connectShared, SHARED_REDIS_URL, startPrivateRedis, uniqueName, type PrivateRedis } from '../helpers/redis';
import { WebSocket } from 'ws';
import { createWebSocketBridge, type WebSocketConstructor } from '../../shared/ws-bridge';
import { BRIDGE_KINDS, openBridge, startWebSocketServer, type BridgeUnderTest } from './bridges';
import { collect, eventually, value } from './support';

const shared = connectShared();
let other: PrivateRedis;
let otherClient: Redis;
const created: string[] = [];

beforeAll(async () => {
  other = await startPrivateRedis({ appendonly: false });
  otherClient = new Redis(other.url);
});
afterAll(async () => {
  if (created.length) await shared.del(...created);
  shared.disconnect();
  otherClient.disconnect();
  await other.dispose();
});

describe.each(BRIDGE_KINDS)('charts across a connection switch over %s', (kind) => {
  let service: ConsoleService;
  let b: BridgeUnderTest;

  beforeAll(async () => {
    service = await createConsole({ redis: SHARED_REDIS_URL });
    b = await openBridge(kind, service);
  });
  afterAll(async () => {
    await b.close();
    await service.close();
  });

  it('clears the history, says so, and charts the same stream on the new Redis', async () => {
    const stream = uniqueName(`charts-switch-${kind}`);
    created.push(stream);
    await shared.xadd(stream, '*', 'msg', '{}');
    for (let i = 0; i < 3; i++) await otherClient.xadd(stream, '*', 'msg', '{}');

    const store = createChartsStore(b.bridge, stream);
    const stop = store.getState().watch();
    try {
      await eventually(
        async () => store.getState().samples.length >= 2 && store.getState().kept,
        10_000,
        'history and ticks on the first Redis',
      );
      expect(store.getState().samples.every((s) => s.length === 1)).toBe(true);

      const switchedAt = Date.now();
      value(await b.bridge.invoke('connection.connect', { url: other.url }));
      await eventually(async () => store.getState().cleared, 10_000, 'the switch noticed');
      expect(store.getState().cleared?.url).toBe(other.url);
      const after = await eventually(
        async () => {
          const samples = store.getState().samples;
          return samples.length >= 2 ? samples : null;
        },
        15_000,
        'ticks from the new Redis',
      );
      expect(after.every((s) => s.at >= switchedAt && s.length === 3)).toBe(true);
      expect(store.getState().error).toBeNull();
      // The console's own history on the new Redis holds only what it sampled there.
      const history = value(await b.bridge.invoke('flow.history', { stream }));
      expect(history.samples.length).toBeGreaterThan(0);
      expect(history.samples.every((s) => s.length === 3)).toBe(true);
    } finally {
      stop();
      store.getState().dispose();
      await b.bridge.invoke('connection.connect', { url: SHARED_REDIS_URL });
    }
  }, 40_000);
});

describe('charts across a dropped web-mode socket', () => {
  it('watches again when the socket comes back, and the ticks resume', async () => {
    const service = await createConsole({ redis: SHARED_REDIS_URL });
    let server = await startWebSocketServer(service);
    const bridge = createWebSocketBridge({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: true });
    await bridge.ready();
    const stream = uniqueName('charts-socket');
    created.push(stream);
    await shared.xadd(stream, '*', 'msg', '{}');
    const store = createChartsStore(bridge, stream);
    const stop = store.getState().watch();
    try {
      await eventually(async () => store.getState().samples.length >= 2, 10_000, 'ticks before the drop');
      const states: string[] = [];
      bridge.onState((state) => states.push(state));
      const port = server.port;
      await server.close(); // the server stops this page's watch as its socket closes
      await eventually(async () => states.includes('connecting'), 10_000, 'the drop seen by the page');
      server = await startWebSocketServer(service, {}, port);
      await eventually(async () => bridge.state() === 'open', 15_000, 'the socket back');
      const back = Date.now();
      await eventually(
        async () => store.getState().samples.filter((s) => s.at > back).length >= 2,
        10_000,
        'ticks after the socket came back',
      );
      expect(store.getState().error).toBeNull();
    } finally {
      stop();
      store.getState().dispose();
      bridge.close();
      await server.close();
      await service.close();
    }
  }, 40_000);
});

describe.each(['ipc', 'websocket'] as const)('a page leaving after a connection switch over %s', (kind) => {
  it("does not end another page's watch of the same stream with a stop from before the switch", async () => {
    const service = await createConsole({ redis: SHARED_REDIS_URL });
    const a = await openBridge(kind, service);
    const b = await openBridge(kind, service);
    const stream = uniqueName(`charts-stale-${kind}`);
    created.push(stream);
    await shared.xadd(stream, '*', 'msg', '{}');
    await otherClient.xadd(stream, '*', 'msg', '{}');
    try {
      value(await a.bridge.invoke('flow.watch', { stream }));
      value(await a.bridge.invoke('connection.connect', { url: other.url }));
      // Page A watches again on the new connection (what the Charts tab does), then page B.
      await eventually(async () => (await a.bridge.invoke('flow.watch', { stream })).ok, 10_000, 'watch on the new connection');
      value(await b.bridge.invoke('flow.watch', { stream }));
      expect(value(await a.bridge.invoke('flow.unwatch', { stream }))).toEqual({ stopped: true });
      await a.close(); // page A goes away: the transport stops what A still owns
      const ticks = collect(b.bridge, 'flow.tick', (all) => all.flat().filter((s) => s.stream === stream).length >= 2, 5_000);
      expect((await ticks.done).length).toBeGreaterThan(0);
      expect(value(await b.bridge.invoke('flow.unwatch', { stream }))).toEqual({ stopped: true });
    } finally {
      await b.bridge.invoke('connection.connect', { url: SHARED_REDIS_URL });
      await b.close();
      await service.close();
    }
  }, 30_000);
});
