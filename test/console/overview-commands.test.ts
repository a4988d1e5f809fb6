// What the Overview costs Redis per stream. A full streams.list walk over a private redis-server
// (so INFO commandstats counts only this walk) reads XINFO STREAM and XINFO GROUPS once per stream
// and nothing more where those two replies already say everything the Overview shows: no MEMORY
// USAGE (the Overview shows none), no walk to find a group's oldest waiting entry when XINFO STREAM
// names it (the group is before the first entry, or Redis's lag says one entry waits), and one
// XPENDING only for a group that has pending entries.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import type { StreamPage, StreamSummary } from '../../shared/dto';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { value } from '../helpers/wait';

const STREAMS = 40;
const OTHER_KEYS = 3_000;

let server: PrivateRedis;
let admin: Redis;
let service: ConsoleService;
/** The ms part of the entries' ids: entry n of every stream is t0 + n s. */
let t0 = 0;

async function commandCalls(): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const m of (await admin.info('commandstats')).matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) calls.set(m[1], Number(m[2]));
  return calls;
}

/** Commands the server ran while `action` ran, this test's own INFO left out. */
async function counted(action: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await commandCalls();
  await action();
  const delta: Record<string, number> = {};
  for (const [name, n] of await commandCalls())
    if (name !== 'info' && n - (before.get(name) ?? 0) > 0) delta[name] = n - (before.get(name) ?? 0);
  return delta;
}

async function listAll(): Promise<StreamSummary[]> {
  const all: StreamSummary[] = [];
  let cursor = '0';
  do {
    const page = value(await service.dispatch('streams.list', { cursor })) as StreamPage;
    all.push(...page.streams);
    cursor = page.cursor;
  } while (cursor !== '0');
  return all;
}

beforeAll(async () => {
  server = await startPrivateRedis({ appendonly: false });
  admin = new Redis(server.url);
  const fill = admin.pipeline();
  for (let i = 0; i < OTHER_KEYS; i++) fill.set(`other:${i}`, 'v');
  t0 = Date.now() - 60_000;
  for (let i = 0; i < STREAMS; i++) {
    for (let n = 1; n <= 3; n++) fill.xadd(`s:${i}`, `${t0 + n * 1000}-0`, 'msg', `{"n":${n}}`);
    fill.xgroup('CREATE', `s:${i}`, 'svc', '0');
  }
  await fill.exec();
  // s:0's group read every entry and acked none: lag 0, 3 pending. s:1's read two: one waits.
  await admin.xreadgroup('GROUP', 'svc', 'c1', 'COUNT', 3, 'STREAMS', 's:0', '>');
  await admin.xreadgroup('GROUP', 'svc', 'c1', 'COUNT', 2, 'STREAMS', 's:1', '>');
  service = await createConsole({ redis: server.url, embedded: false });
  await listAll(); // connected, and any first-use work done
}, 60_000);

afterAll(async () => {
  await service?.close();
  admin?.disconnect();
  await server?.dispose();
});

describe('the Overview on a private redis-server', () => {
  it('reads XINFO STREAM and XINFO GROUPS once per stream, plus XPENDING only where entries are pending', async () => {
    let listed: StreamSummary[] = [];
    const calls = await counted(async () => (listed = await listAll()));
    expect(listed).toHaveLength(STREAMS);
    const { scan = 0, ...perStream } = calls;
    expect(perStream).toEqual({ 'xinfo|stream': STREAMS, 'xinfo|groups': STREAMS, xpending: 2 });
    const commandsPerStream = (scan + STREAMS * 2 + 2) / STREAMS;
    const byHand = (scan + STREAMS * 2) / STREAMS; // SCAN … TYPE stream + XINFO STREAM/GROUPS
    console.log(`overview: ${commandsPerStream.toFixed(2)} commands per stream (by hand ${byHand.toFixed(2)}), ${scan} SCAN pages`);
    expect(commandsPerStream / byHand).toBeLessThanOrEqual(1.2);
  });

  it('still gives every number the Overview shows', async () => {
    const byName = new Map((await listAll()).map((s) => [s.name, s]));
    /** Age of entry n now, as the console computed it moments ago (within a second). */
    const ageOf = (n: number) => Date.now() - (t0 + n * 1000);
    const untouched = byName.get('s:2')!;
    expect(untouched).toMatchObject({ length: 3, groups: 1, totalLag: 3, totalLagKind: 'exact', totalPending: 0, oldestPendingMs: null });
    // The group is before the stream's first entry: that one is the oldest waiting.
    expect(Math.abs(untouched.oldestUndeliveredMs! - ageOf(1))).toBeLessThan(1000);
    // Redis's lag says one entry waits: the last one.
    const oneWaits = byName.get('s:1')!;
    expect(oneWaits).toMatchObject({ totalLag: 1, totalPending: 2 });
    expect(Math.abs(oneWaits.oldestUndeliveredMs! - ageOf(3))).toBeLessThan(1000);
    expect(Math.abs(oneWaits.oldestPendingMs! - ageOf(1))).toBeLessThan(1000);
    const allRead = byName.get('s:0')!;
    expect(allRead).toMatchObject({ totalLag: 0, totalPending: 3, oldestUndeliveredMs: null });
    expect(Math.abs(allRead.oldestPendingMs! - ageOf(1))).toBeLessThan(1000);
  });
});
