// Measurement aid (not part of `npm run bench`): the bytes one entries.page reply takes on web
// mode's WebSocket, as a browser tab receives it, for a page of 100 entries whose one field holds
// an order event (about 330 bytes) as JSON and as MessagePack, read with the Entries view's default
// decoder (auto) and without a decoder:
//   npx tsx bench/profile/page-size.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { pack } from 'msgpackr';
import { WebSocket, type RawData } from 'ws';
import { startWebServer } from '../../electron/web/server';
import { runThenClean, uniqueToken } from '../harness/redis';

const { values } = parseArgs({ options: { redis: { type: 'string', default: 'redis://127.0.0.1:6379' } } });
const token = uniqueToken();
const redis = new Redis(values.redis);
const ENTRIES = 100;

/** An order event as services publish them: ids, amounts, a few line items, an address. */
const order = (i: number) => ({
  type: 'order.placed',
  orderId: `ORD-${100000 + i}`,
  customerId: `CUST-${(i * 7919) % 10000}`,
  amount: Math.round((i * 37.5 + 12.99) * 100) / 100,
  currency: 'EUR',
  items: [
    { sku: `SKU-${i % 50}`, quantity: 1 + (i % 3), price: 19.99 },
    { sku: `SKU-${(i + 17) % 50}`, quantity: 2, price: 4.5 },
  ],
  shipping: { street: 'Nørregade 10', city: 'København', zip: '1165', country: 'DK' },
  placedAt: 1_700_000_000_000 + i * 1000,
});

/** Sends entries.page over a WebSocket like a page does and returns the reply frame's size in bytes. */
function pageReplyBytes(url: string, args: Record<string, unknown>): Promise<{ bytes: number; entries: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ kind: 'invoke', id: 1, method: 'entries.page', args })));
    socket.on('message', (data: RawData) => {
      const text = (data as Buffer).toString('utf8');
      const frame = JSON.parse(text) as { kind: string; id?: number; reply?: { ok: boolean; value?: { entries: unknown[] } } };
      if (frame.kind !== 'reply' || frame.id !== 1) return;
      socket.close();
      if (!frame.reply?.ok) return reject(new Error(`entries.page failed: ${text.slice(0, 300)}`));
      resolve({ bytes: Buffer.byteLength(text), entries: frame.reply.value?.entries.length ?? 0 });
    });
  });
}

async function main(): Promise<void> {
  const staticDir = mkdtempSync(join(tmpdir(), 'streamscope-page-size-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Streamscope</title>');
  const web = await startWebServer({ port: 0, redis: values.redis, staticDir, consoleOptions: { embedded: false } });
  try {
    const json = `${token}:json`;
    const msgpack = `${token}:msgpack`;
    const pipe = redis.pipeline();
    for (let i = 0; i < ENTRIES; i++) {
      pipe.xadd(json, '*', 'msg', JSON.stringify(order(i)));
      pipe.xaddBuffer(msgpack, '*', 'v', pack(order(i)));
    }
    await pipe.exec();
    const url = `ws://127.0.0.1:${web.port}/ws?token=${web.token}`;
    const rows = [];
    for (const [what, stream] of [
      ['JSON', json],
      ['MessagePack', msgpack],
    ] as const) {
      const valueBytes = (await redis.xrangeBuffer(stream, '-', '+')).reduce((n, [, f]) => n + f[1].length, 0);
      for (const decoder of [{ kind: 'auto' }, undefined]) {
        const args = { stream, count: ENTRIES, ...(decoder ? { decoder } : {}) };
        const { bytes, entries } = await pageReplyBytes(url, args);
        rows.push({ values: what, decoder: decoder ? 'auto' : 'none', entries, valueBytes, replyBytes: bytes });
      }
    }
    console.table(rows);
    console.log(`PAGE_SIZE ${JSON.stringify(rows)}`);
  } finally {
    await web.close();
    rmSync(staticDir, { recursive: true, force: true });
  }
}

runThenClean(main, redis, token);
