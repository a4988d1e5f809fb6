// Measurement aid (not part of `npm run bench`): what each web-mode page receives when one page
// tails a busy stream and the others watch their own feeds. Page 0 tails a stream fed at --rate
// entries a second; pages 1…N-1 each watch the flow of their own stream and subscribe to their own
// broadcast channel (20 messages a second each). Every WebSocket frame each page receives during
// --seconds is counted (frames and bytes, per event), as a browser tab would receive them:
//   npx tsx bench/profile/feeds-per-page.ts --pages 8 --rate 5000 --seconds 10
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { WebSocket, type RawData } from 'ws';
import { startWebServer } from '../../electron/web/server';
import { runThenClean, uniqueToken } from '../harness/redis';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '8' },
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '10' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const pages = Number(values.pages);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const token = uniqueToken();
const redis = new Redis(values.redis);
const BROADCAST_PER_SEC = 20;

interface Page {
  socket: WebSocket;
  counting: boolean;
  frames: number;
  bytes: number;
  byEvent: Map<string, { frames: number; bytes: number }>;
  call(method: string, args: unknown): Promise<unknown>;
}

function openPage(url: string): Promise<Page> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const waiting = new Map<number, (reply: unknown) => void>();
    let nextId = 1;
    const page: Page = {
      socket,
      counting: false,
      frames: 0,
      bytes: 0,
      byEvent: new Map(),
      call: (method, args) =>
        new Promise((done) => {
          const id = nextId++;
          waiting.set(id, done);
          socket.send(JSON.stringify({ kind: 'invoke', id, method, args }));
        }),
    };
    socket.on('message', (data: RawData) => {
      const text = (data as Buffer).toString('utf8');
      const frame = JSON.parse(text) as { kind: string; id?: number; event?: string; reply?: { ok: boolean } };
      if (frame.kind === 'reply') {
        const done = waiting.get(frame.id ?? -1);
        waiting.delete(frame.id ?? -1);
        done?.(frame.reply);
      }
      if (!page.counting) return;
      const size = Buffer.byteLength(text);
      page.frames++;
      page.bytes += size;
      const key = frame.kind === 'event' ? String(frame.event) : 'reply';
      const counts = page.byEvent.get(key) ?? { frames: 0, bytes: 0 };
      counts.frames++;
      counts.bytes += size;
      page.byEvent.set(key, counts);
    });
    socket.once('open', () => resolve(page));
    socket.once('error', reject);
  });
}

async function main(): Promise<void> {
  const staticDir = mkdtempSync(join(tmpdir(), 'streamscope-feeds-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Streamscope</title>');
  const web = await startWebServer({ port: 0, redis: values.redis, staticDir, consoleOptions: { embedded: false } });
  const tailed = `${token}:tailed`;
  const own = (i: number) => `${token}:page-${i}`;
  const open: Page[] = [];
  const timers: Array<ReturnType<typeof setInterval>> = [];
  try {
    for (let i = 0; i < pages; i++) open.push(await openPage(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`));
    const check = (what: string, reply: unknown) => {
      if (!(reply as { ok: boolean }).ok) throw new Error(`${what}: ${JSON.stringify(reply)}`);
    };
    check('tail', await open[0].call('entries.tail', { stream: tailed }));
    for (let i = 1; i < pages; i++) {
      await redis.xadd(own(i), '*', 'msg', '{"seed":true}');
      check('flow.watch', await open[i].call('flow.watch', { stream: own(i) }));
      check('broadcast.subscribe', await open[i].call('broadcast.subscribe', { channel: own(i) }));
    }
    for (const page of open) page.counting = true;

    // The busy stream: every 10 ms, as many entries (about 150 bytes of JSON each) as keep the
    // total at `rate` a second since the start, so a late timer catches up instead of lowering the rate.
    let produced = 0;
    const pad = 'x'.repeat(100);
    const producing = Date.now();
    timers.push(
      setInterval(() => {
        const due = Math.floor(((Date.now() - producing) * rate) / 1000) - produced;
        if (due <= 0) return;
        const pipe = redis.pipeline();
        for (let k = 0; k < due; k++) pipe.xadd(tailed, '*', 'msg', JSON.stringify({ seq: produced++, at: Date.now(), pad }));
        void pipe.exec();
      }, 10),
    );
    timers.push(
      setInterval(() => {
        for (let i = 1; i < pages; i++) void redis.publish(own(i), JSON.stringify({ page: i, at: Date.now() }));
      }, 1000 / BROADCAST_PER_SEC),
    );
    const started = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    for (const t of timers.splice(0)) clearInterval(t);
    const elapsed = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 300)); // the last coalesced batches
    for (const page of open) page.counting = false;

    const rows = open.map((page, i) => ({
      page: i,
      role: i === 0 ? `tails ${rate}/s` : 'own flow + broadcast',
      frames: page.frames,
      kB: Math.round(page.bytes / 1024),
      kBPerSec: +(page.bytes / 1024 / elapsed).toFixed(1),
      byEvent: Object.fromEntries([...page.byEvent].map(([event, c]) => [event, `${c.frames} frames, ${Math.round(c.bytes / 1024)} kB`])),
    }));
    console.table(rows.map(({ byEvent, ...row }) => ({ ...row, events: Object.keys(byEvent).join(' ') })));
    console.log(
      `FEEDS_PER_PAGE ${JSON.stringify({ pages, rate, seconds: +elapsed.toFixed(1), produced, producedPerSec: Math.round(produced / elapsed), rows })}`,
    );
  } finally {
    for (const t of timers) clearInterval(t);
    for (const page of open) page.socket.close();
    await web.close();
    rmSync(staticDir, { recursive: true, force: true });
  }
}

runThenClean(main, redis, token);
