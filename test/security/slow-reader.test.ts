// A page that stops reading its WebSocket while a live tail pours in (a busy or throttled tab):
// the transport stops sending feed batches past its bound instead of buffering without end, and
// when the page reads again it learns exactly how many entries it missed — received + dropped is
// every entry the tail saw, so nothing vanishes silently.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import { eventually } from '../helpers/wait';
import { startRedisServer, type SecurityRedis } from './support/redis-server';
import { startWsConsole, type WsConsole } from './support/ws-console';

const STREAM = 'slow-reader';
const ENTRIES = 60_000;
const PAYLOAD = JSON.stringify({ pad: 'x'.repeat(400) });

let redis: SecurityRedis;
let ws: WsConsole;

beforeAll(async () => {
  redis = await startRedisServer();
  ws = await startWsConsole(`redis://127.0.0.1:${redis.port}`, { maxBufferedBytes: 256 * 1024 });
}, 30_000);

afterAll(async () => {
  await ws?.close();
  await redis?.stop();
});

it('a page that stops reading is told how many tail entries it missed; received + missed = all', async () => {
  await redis.admin.xadd(STREAM, '*', 'msg', PAYLOAD);
  const seenByConsole = { entries: 0 };
  let tailId = '';
  const off = ws.service.onEvent((event, payload) => {
    const p = payload as Events['entries.appended'];
    if (event === 'entries.appended' && p.tailId === tailId) seenByConsole.entries += p.entries.length + p.dropped;
  });
  const tail = await ws.client.call('entries.tail', { stream: STREAM });
  if (!tail.ok) throw new Error(JSON.stringify(tail.error));
  tailId = (tail.value as { tailId: string }).tailId;

  // Stop reading: the kernel buffers fill, then the transport's unsent bytes grow.
  const tcp = (ws.client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  tcp.pause();
  for (let sent = 0; sent < ENTRIES; sent += 1000) {
    const pipeline = redis.admin.pipeline();
    for (let i = 0; i < 1000; i++) pipeline.xadd(STREAM, '*', 'msg', PAYLOAD);
    await pipeline.exec();
  }
  try {
    await eventually(async () => seenByConsole.entries >= ENTRIES, 60_000, `the console's tail to see all ${ENTRIES} entries`);
  } finally {
    tcp.resume();
  }
  expect(seenByConsole.entries).toBe(ENTRIES);

  const tally = () => {
    let received = 0;
    let dropped = 0;
    for (const e of ws.client.events) {
      if (e.event !== 'entries.appended') continue;
      const p = e.payload as Events['entries.appended'];
      if (p.tailId !== tailId) continue;
      received += p.entries.length;
      dropped += p.dropped;
    }
    return { received, dropped };
  };
  await eventually(async () => tally().received + tally().dropped >= ENTRIES, 30_000, 'the page to account for every entry');
  const { received, dropped } = tally();
  expect(received + dropped).toBe(ENTRIES);
  // The slow path really ran (otherwise this test proves nothing) and the page still got a share.
  expect(dropped).toBeGreaterThan(0);
  expect(received).toBeGreaterThan(0);
  expect(ws.client.closed).toBeNull();
  off();
  console.log(`slow reader: ${received} entries received, ${dropped} reported missed, of ${ENTRIES}`);
}, 120_000);
