// Memory of web mode while a page opens a stream of 1,000 entries of 5 MiB each: the console runs
// as a child process (web mode, its own Node) against a private redis-server, a WebSocket client
// does what the Entries view does (detail, the first page of 200, pages of 1000 with their cursors,
// a value chunk, the newer count), and the child's resident set size is sampled throughout from
// /proc. Every reply must come back within the byte budget and the RSS must stay under 512 MiB.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { REPLY_BUDGET_BYTES } from '../../shared/entry-budget';
import { createWebSocketBridge, type WebSocketConstructor } from '../../shared/ws-bridge';
import { freePort, startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { value } from '../helpers/wait';

const ENTRIES = 1000;
const ENTRY_BYTES = 5 * 1024 * 1024;
const RSS_LIMIT = 512 * 1024 * 1024;
const repoRoot = join(import.meta.dirname, '..', '..');

/** The server's memory is read from /proc/<pid>/status, which only Linux has. */
const noProc = process.platform === 'linux' ? null : `needs /proc to read the server's memory (${process.platform} has none)`;

/** Resident set size of `pid` in bytes (Linux /proc), or null once it is gone. */
function rssOf(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

async function startWebChild(redisUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  // Node with tsx as a loader, not tsx's CLI: one process, whose RSS is the console's.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join('electron', 'web', 'cli.ts'), '--port', String(port), '--redis', redisUrl],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`web mode printed no URL within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

describe.skipIf(noProc !== null)(`entries of 5 MiB each through web mode${noProc ? ` — skipped: ${noProc}` : ''}`, () => {
  let redis: PrivateRedis;
  let admin: Redis;
  let web: { child: ChildProcess; url: string };
  let bridge: ReturnType<typeof createWebSocketBridge>;
  const stream = 'huge-values';

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendonly: false });
    admin = new Redis(redis.url);
    // Written inside Redis (string.rep), 50 entries a call: 5 GiB never crosses the socket.
    for (let done = 0; done < ENTRIES; done += 50) {
      await admin.eval(
        "local v = string.rep('x', tonumber(ARGV[1])) for i = 1, tonumber(ARGV[2]) do redis.call('XADD', KEYS[1], '*', 'payload', v, 'n', tostring(ARGV[3] + i)) end return 1",
        1,
        stream,
        ENTRY_BYTES,
        50,
        done,
      );
    }
    web = await startWebChild(redis.url);
    const { port, searchParams } = new URL(web.url);
    bridge = createWebSocketBridge({
      url: `ws://127.0.0.1:${port}/ws?token=${searchParams.get('token')}`,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      reconnect: false,
    });
    await bridge.ready();
  }, 300_000);

  afterAll(async () => {
    bridge?.close();
    if (web && web.child.exitCode === null) {
      const gone = new Promise((r) => web.child.once('exit', r));
      web.child.kill('SIGTERM');
      await gone;
    }
    admin?.disconnect();
    await redis?.dispose();
  }, 60_000);

  it(
    'pages, a value chunk and the newer count answer within the byte budget, and RSS stays under 512 MiB',
    { timeout: 600_000 },
    async () => {
      const pid = web.child.pid!;
      const baseline = rssOf(pid)!;
      let peak = baseline;
      const sampler = setInterval(() => {
        const rss = rssOf(pid);
        if (rss !== null && rss > peak) peak = rss;
      }, 20);
      const sizes: number[] = [];
      const timed = async <T>(call: () => Promise<{ ok: boolean } & T>) => {
        const reply = await call();
        sizes.push(Buffer.byteLength(JSON.stringify(reply)));
        return reply;
      };
      const started = Date.now();
      try {
        expect(value(await bridge.invoke('streams.detail', { stream })).length).toBe(ENTRIES);
        // The Entries view's first page (200), then the schema's maximum, then paging on from its cursor.
        const first = value(await timed(() => bridge.invoke('entries.page', { stream, count: 200 })));
        expect(first.entries.length).toBeGreaterThan(0);
        expect(first.entries[0].fields[0].value).toMatchObject({ size: ENTRY_BYTES, truncated: true });
        let page = value(await timed(() => bridge.invoke('entries.page', { stream, count: 1000 })));
        const seen = new Set(page.entries.map((e) => e.fields[1].value.text));
        for (let pages = 0; pages < 4 && page.next; pages++) {
          page = value(await timed(() => bridge.invoke('entries.page', { stream, count: 1000, from: page.next! })));
          for (const e of page.entries) seen.add(e.fields[1].value.text);
        }
        // Cursors went on without a gap or a repeat: the newest entries, counted down.
        expect([...seen]).toEqual(Array.from({ length: seen.size }, (_, i) => String(ENTRIES - i)));
        const forward = value(await timed(() => bridge.invoke('entries.page', { stream, direction: 'forward', count: 1000 })));
        expect(forward.entries[0].fields[1].value.text).toBe('1');
        const chunk = value(
          await timed(() => bridge.invoke('entries.value', { stream, id: first.entries[0].id, field: 0, offset: 4 * 1024 * 1024 })),
        );
        expect(chunk).toMatchObject({ offset: 4 * 1024 * 1024, size: ENTRY_BYTES });
        const newer = value(await timed(() => bridge.invoke('entries.newer', { stream, after: forward.entries[0].id })));
        expect(newer.count).toBeGreaterThan(0);
        expect(newer.atLeast).toBe(true);
      } finally {
        clearInterval(sampler);
      }
      const mib = (n: number) => (n / (1024 * 1024)).toFixed(0);
      console.log(
        `web mode RSS: ${mib(baseline)} MiB at rest, peak ${mib(peak)} MiB over ${sizes.length} replies of at most ${mib(Math.max(...sizes))} MiB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const size of sizes) expect(size).toBeLessThanOrEqual(REPLY_BUDGET_BYTES + 64 * 1024);
      expect(peak).toBeLessThan(RSS_LIMIT);
    },
  );
});
