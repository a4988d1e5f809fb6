// Redis itself misbehaves while 2 services × 3 worker processes (2 × 2 when CHAOS_SHORT) consume: a restart (clean SHUTDOWN
// and SIGKILL, on an AOF server with appendfsync always), every client connection cut with
// CLIENT KILL, and CLIENT PAUSE for longer than the workers' blocking-read timeout.
import { afterEach, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { chaosRun, flowRestored, SHORT, sleep, type FaultRecord, type RunContext, type RunFigures } from './fixtures/scenario';

// The full run's window (40 s at RATE) holds six 3 s pauses or restarts with their recoveries.
const TOTAL = SHORT ? 3_000 : 32_000;
const INSTANCES = SHORT ? 2 : 3;
const RATE = SHORT ? 300 : 800;
const BLOCK_MS = 500;
const PAUSE_MS = 3_000;
const REPEATS = SHORT ? 1 : 3;

let redis: PrivateRedis | null = null;
afterEach(async () => {
  await redis?.dispose();
  redis = null;
});

/**
 * Spread `count` faults over the production window: the i-th starts at i/(count+1) of it (or at
 * once, when the one before ran past that), so the time a fault and its recovery take does not
 * push the last ones out of the window.
 */
async function everySoOften(ctx: RunContext, count: number, fault: () => Promise<FaultRecord>): Promise<FaultRecord[]> {
  const gapMs = ((TOTAL / RATE) * 1000) / (count + 1);
  const start = Date.now();
  const out: FaultRecord[] = [];
  for (let i = 0; i < count && ctx.producing(); i++) {
    await sleep(Math.max(0, start + (i + 1) * gapMs - Date.now()));
    out.push(await fault());
  }
  return out;
}

async function run(scenario: string, faults: (ctx: RunContext, r: PrivateRedis) => Promise<FaultRecord[]>): Promise<RunFigures> {
  const r = (redis = await startPrivateRedis({ appendonly: true }));
  return chaosRun({
    scenario,
    run: 1,
    redisUrl: r.url,
    stream: `chaos-${scenario}-${Date.now()}`,
    services: ['orders', 'audit'],
    instancesPerService: INSTANCES,
    total: TOTAL,
    ratePerSec: RATE,
    claimIdleMs: 1_000,
    blockMs: BLOCK_MS,
    workMs: 1,
    drainTimeoutMs: 120_000,
    faults: (ctx) => faults(ctx, r),
  });
}

function expectNothingLost(f: RunFigures, faults: number): void {
  expect(f.faults).toBe(faults);
  expect(f.produced).toBe(TOTAL);
  for (const g of f.groups) {
    expect(g.lost, `events lost by group ${g.group}`).toBe(0);
    expect(g.delivered).toBe(TOTAL);
  }
  expect(f.pendingLeft).toBe(0);
}

type Fault = (ctx: RunContext, r: PrivateRedis) => Promise<FaultRecord>;

let restarts = 0;
const restart: Fault = async (ctx, r) => {
  const brutal = restarts++ % 2 === 1;
  const from = Date.now();
  if (brutal) await r.kill();
  else await r.stop();
  await sleep(500);
  await r.restart();
  const endedAt = Date.now();
  return {
    kind: brutal ? 'redis SIGKILL + start' : 'redis SHUTDOWN + start',
    outageMs: endedAt - from,
    recoverMs: await flowRestored(ctx, endedAt),
  };
};

const clientKill: Fault = async (ctx) => {
  const at = Date.now();
  const killed = Number(await ctx.admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes'));
  expect(killed).toBeGreaterThanOrEqual(2 * INSTANCES + 1);
  return { kind: 'CLIENT KILL TYPE normal', outageMs: 0, recoverMs: await flowRestored(ctx, at) };
};

const clientPause: Fault = async (ctx) => {
  const at = Date.now();
  await ctx.admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'ALL');
  const endedAt = at + PAUSE_MS;
  return { kind: 'CLIENT PAUSE ALL', outageMs: PAUSE_MS, recoverMs: await flowRestored(ctx, endedAt) };
};

describe('Redis faults during a run', () => {
  // The short run (CI) does all three faults with one fleet, since starting worker processes is most
  // of a short run's cost; the full run gives each fault its own fleet and repeats. Each form is
  // reported as skipped in the other, saying so.
  const SHORT_ONLY = 'runs in the short chaos run (CHAOS_SHORT=1) only; the full run has one test per fault';
  const FULL_ONLY = 'runs in the full chaos run only (npm run test:chaos); the short run combines the faults';
  it.skipIf(!SHORT)(
    `restart, CLIENT KILL and CLIENT PAUSE ${PAUSE_MS} ms (> ${BLOCK_MS} ms blocking read) in one run: nothing lost${SHORT ? '' : ` — skipped: ${SHORT_ONLY}`}`,
    { timeout: 600_000 },
    async () => {
      const sequence = [restart, clientKill, clientPause];
      let i = 0;
      const f = await run('redis-faults-combined', (ctx, r) => everySoOften(ctx, sequence.length, () => sequence[i++](ctx, r)));
      expectNothingLost(f, sequence.length);
    },
  );

  it.skipIf(SHORT)(
    `Redis restarted mid-run (SHUTDOWN and SIGKILL, AOF fsync always): nothing lost${SHORT ? ` — skipped: ${FULL_ONLY}` : ''}`,
    { timeout: 600_000 },
    async () => {
      // lost = 0 covers the producer too: every produce() that resolved names an entry each group got.
      const f = await run('redis-restart', (ctx, r) => everySoOften(ctx, 2 * REPEATS, () => restart(ctx, r)));
      expectNothingLost(f, 2 * REPEATS);
    },
  );

  it.skipIf(SHORT)(
    `every client connection cut with CLIENT KILL: nothing lost${SHORT ? ` — skipped: ${FULL_ONLY}` : ''}`,
    { timeout: 600_000 },
    async () => {
      const f = await run('client-kill', (ctx, r) => everySoOften(ctx, 3 * REPEATS, () => clientKill(ctx, r)));
      expectNothingLost(f, 3 * REPEATS);
    },
  );

  it.skipIf(SHORT)(
    `CLIENT PAUSE ${PAUSE_MS} ms (longer than the ${BLOCK_MS} ms blocking read): nothing lost${SHORT ? ` — skipped: ${FULL_ONLY}` : ''}`,
    { timeout: 600_000 },
    async () => {
      const f = await run('client-pause', (ctx, r) => everySoOften(ctx, 2 * REPEATS, () => clientPause(ctx, r)));
      expectNothingLost(f, 2 * REPEATS);
    },
  );
});
