// Stream discovery reads the next SCAN page ahead: a walk lists exactly what a plain SCAN walk lists,
// with one SCAN per page (the page read ahead is the one used), on a private server so the SCAN
// count is exact.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { scanStreams } from '../../electron/console/cluster-scan';
import { AHEAD_PAGES, ScanAhead } from '../../electron/console/scan-ahead';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';

const STREAMS = 300;
const OTHER_KEYS = 20_000;

let server: PrivateRedis;
let admin: Redis;
let service: ConsoleService;

async function scanCalls(): Promise<number> {
  const info = await admin.info('commandstats');
  return Number(/cmdstat_scan:calls=(\d+)/.exec(info)?.[1] ?? 0);
}

async function walk(count: number, pattern?: string): Promise<{ names: string[]; pages: number }> {
  const names: string[] = [];
  let cursor = '0';
  let pages = 0;
  do {
    const reply = await service.dispatch('streams.list', { cursor, count, ...(pattern ? { pattern } : {}) });
    if (!reply.ok) throw new Error(reply.error.message);
    const page = reply.value as { streams: Array<{ name: string }>; cursor: string };
    names.push(...page.streams.map((s) => s.name));
    cursor = page.cursor;
    pages++;
  } while (cursor !== '0');
  return { names, pages };
}

describe('streams.list reads the next SCAN page ahead', () => {
  beforeAll(async () => {
    server = await startPrivateRedis({ appendonly: false });
    admin = new Redis(server.url);
    await admin.eval(`for i = 1, ${OTHER_KEYS} do redis.call('SET', 'other:' .. i, 'v') end return 1`, 0);
    await admin.eval(`for i = 1, ${STREAMS} do redis.call('XADD', 'stream:' .. i, '*', 'msg', '{}') end return 1`, 0);
    service = await createConsole({ redis: server.url, embedded: false });
  }, 30_000);
  afterAll(async () => {
    await service?.close();
    admin?.disconnect();
    await server?.dispose();
  });

  it('lists every stream once, with one SCAN per page', async () => {
    const before = await scanCalls();
    const { names, pages } = await walk(100);
    expect(pages).toBeGreaterThan(100);
    expect(new Set(names).size).toBe(STREAMS);
    expect(names.length).toBe(STREAMS);
    // Every page read ahead was the next one asked for; the last page (cursor '0') asks for none.
    expect((await scanCalls()) - before).toBe(pages);
  });

  it('keeps walks with other patterns and page sizes apart', async () => {
    const [all, some] = await Promise.all([walk(500), walk(300, 'stream:1*')]);
    expect(new Set(all.names).size).toBe(STREAMS);
    const expected = Array.from({ length: STREAMS }, (_, i) => `stream:${i + 1}`).filter((n) => n.startsWith('stream:1'));
    expect(some.names.sort()).toEqual(expected.sort());
  });

  it('answers a page read ahead a while ago with numbers read now', async () => {
    type Page = { streams: Array<{ name: string; length: number }>; cursor: string };
    const list = async (cursor: string): Promise<Page> => {
      const reply = await service.dispatch('streams.list', { cursor, count: 100 });
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as Page;
    };
    // The first page with a stream after the first page: it is read ahead when the first is answered.
    let cursor = (await list('0')).cursor;
    let later: Page | null = null;
    for (let i = 0; i < AHEAD_PAGES && !later; i++) {
      const page = await list(cursor);
      if (page.streams.length > 0) later = page;
      else cursor = page.cursor;
    }
    if (!later) throw new Error(`no stream in the ${AHEAD_PAGES} pages after the first`);
    const stream = later.streams[0];
    await list('0'); // reads `cursor`'s page ahead, with its XINFO
    await new Promise((r) => setTimeout(r, 100)); // … which is in hand before the entry is added
    await admin.xadd(stream.name, '*', 'msg', '{}');
    await new Promise((r) => setTimeout(r, 400));
    const again = await list(cursor);
    expect(again.streams.find((s) => s.name === stream.name)?.length).toBe(stream.length + 1);
  });

  it('reads a page again when the one read ahead failed, and leaves that failure unhandled nowhere', async () => {
    const failing = new Set<string>();
    const scanned: string[] = [];
    const ahead = new ScanAhead(
      (redis, cursor, match, count) => {
        scanned.push(cursor);
        if (failing.delete(cursor)) return Promise.reject(new Error('Redis went away for a moment'));
        return scanStreams(redis, cursor, match, count);
      },
      async (_redis, keys) => keys.length,
    );
    // A plain walk's cursors, to know which page the walk will read ahead.
    const cursors: string[] = [];
    for (let c = '0'; ;) {
      cursors.push(c);
      [c] = await scanStreams(admin, c, '*', 100);
      if (c === '0') break;
    }
    expect(cursors.length).toBeGreaterThan(AHEAD_PAGES + 2);
    // The page after the first page's read-ahead window fails when it is read ahead.
    const bad = cursors[AHEAD_PAGES + 1];
    failing.add(bad);
    const first = await ahead.page(admin, '0', '*', 100);
    expect(first[0]).toBe(cursors[1]);
    await until(() => scanned.includes(cursors[AHEAD_PAGES]));
    // Answer pages 1 … AHEAD_PAGES from what was read ahead: the window moves on and reads `bad` ahead (it fails).
    for (let i = 1; i <= AHEAD_PAGES; i++) {
      const page = await ahead.page(admin, cursors[i], '*', 100);
      expect(page[0]).toBe(cursors[i + 1]);
      expect(page[2]).toBe(page[1].length);
    }
    await until(() => !failing.has(bad));
    const before = scanned.filter((c) => c === bad).length;
    // The page whose read ahead failed is read again, and answered exactly as a plain SCAN answers it.
    const page = await ahead.page(admin, bad, '*', 100);
    const plain = await scanStreams(admin, bad, '*', 100);
    expect(page[0]).toBe(plain[0]);
    expect(page[1].map(String).sort()).toEqual(plain[1].map(String).sort());
    expect(scanned.filter((c) => c === bad).length).toBe(before + 1);
  });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(check()).toBe(true);
}
