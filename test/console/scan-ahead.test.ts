// Stream discovery reads the next SCAN page ahead: a walk lists exactly what a plain SCAN walk lists,
// with one SCAN per page (the page read ahead is the one used), on a private server so the SCAN
// count is exact.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { scanStreams } from '../../electron/console/cluster-scan';
import { ScanAhead } from '../../electron/console/scan-ahead';
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

  it('reads a page again when the one read ahead failed, and leaves that failure unhandled nowhere', async () => {
    let failNext = false;
    let scans = 0;
    const ahead = new ScanAhead((redis, cursor, match, count) => {
      scans++;
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('Redis went away for a moment'));
      }
      return scanStreams(redis, cursor, match, count);
    });
    const [cursor] = await ahead.page(admin, '0', '*', 100);
    expect(cursor).not.toBe('0');
    // The read ahead of the next page happened as the first page was answered: make the next one fail.
    failNext = true;
    const [afterNext] = await ahead.page(admin, cursor, '*', 100); // read ahead before failNext: succeeds
    expect(afterNext).not.toBe('0');
    expect(scans).toBe(3); // page 0, page `cursor` ahead, page `afterNext` ahead (failed)
    // The page whose read ahead failed is read again, and answered exactly as a plain SCAN answers it.
    const page = await ahead.page(admin, afterNext, '*', 100);
    const plain = await scanStreams(admin, afterNext, '*', 100);
    expect(page[0]).toBe(plain[0]);
    expect(page[1].map(String).sort()).toEqual(plain[1].map(String).sort());
    expect(scans).toBe(page[0] === '0' ? 4 : 5);
  });
});
