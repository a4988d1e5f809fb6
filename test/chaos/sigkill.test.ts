// Instances SIGKILLed at random moments while 2 services × 3 instances consume a stream: every
// event Redis confirmed is handled at least once by each group; duplicates are counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import type { Fleet } from './fixtures/fleet';
import { chaosRun, randomBetween, SHORT, sleep, type FaultRecord } from './fixtures/scenario';

const RUNS = SHORT ? 1 : 3;
const TOTAL = SHORT ? 3_000 : 20_000;
const RATE = SHORT ? 250 : 700;
const CLAIM_IDLE_MS = 1_000;

/** Resolves with ms from `since` until the group handled every one of `ns` again. */
function recovery(fleet: Fleet, service: string, ns: number[], since: number, timeoutMs: number): Promise<number> {
  if (ns.length === 0) return Promise.resolve(0);
  const outstanding = new Set(ns);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${outstanding.size} entries orphaned on a killed ${service} instance were not handled within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = fleet.onHandled((s, n, at) => {
      if (s !== service || !outstanding.delete(n) || outstanding.size > 0) return;
      clearTimeout(timer);
      off();
      resolve(at - since);
    });
  });
}

describe('SIGKILL of instances during a run', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis({ appendonly: false });
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: ${TOTAL} events, 2 services × 3 instances, random kills: nothing lost`, { timeout: 600_000 }, async () => {
      const stream = `chaos-kill-${run}-${Date.now()}`;
      const figures = await chaosRun({
        scenario: 'sigkill',
        run,
        redisUrl: redis.url,
        stream,
        services: ['orders', 'audit'],
        instancesPerService: 3,
        total: TOTAL,
        ratePerSec: RATE,
        claimIdleMs: CLAIM_IDLE_MS,
        workMs: 1,
        drainTimeoutMs: 120_000,
        faults: async ({ fleet, producer, admin, producing }) => {
          const recoveries: Array<Promise<FaultRecord>> = [];
          const respawning = new Map<number, Promise<void>>();
          while (producing()) {
            await sleep(randomBetween(300, 1_000));
            // At most three instances down at once (each respawn is a process start on a busy machine).
            while (respawning.size >= 3 && producing()) await Promise.race(respawning.values());
            if (!producing()) break;
            const alive = Array.from({ length: fleet.size() }, (_, k) => k).filter((k) => !respawning.has(k));
            const i = alive[randomBetween(0, alive.length)];
            const killedAt = Date.now();
            const { service, instance } = await fleet.kill(i);
            const rows = (await admin.xpending(stream, service, '-', '+', 100_000, instance)) as Array<[string, string, number, number]>;
            const orphans = rows.map((r) => producer.byId.get(r[0])).filter((n): n is number => n !== undefined);
            recoveries.push(
              recovery(fleet, service, orphans, killedAt, 60_000).then((recoverMs) => ({
                kind: 'sigkill',
                recoverMs,
                orphaned: orphans.length,
              })),
            );
            // Half come back under the same consumer name (they re-read their own pending entries),
            // half as a new pod (the survivors must claim what the dead one held).
            const sameName = Math.random() < 0.5;
            respawning.set(
              i,
              sleep(randomBetween(100, 1_000))
                .then(() => fleet.respawn(i, sameName))
                .finally(() => respawning.delete(i)),
            );
          }
          await Promise.all(respawning.values());
          return Promise.all(recoveries);
        },
      });
      expect(figures.faults).toBeGreaterThanOrEqual(SHORT ? 3 : 8);
      expect(figures.produced).toBe(TOTAL);
      for (const g of figures.groups) {
        expect(g.lost, `events lost by group ${g.group}`).toBe(0);
        expect(g.delivered).toBe(TOTAL);
      }
      expect(figures.pendingLeft).toBe(0);
    });
  }
});
