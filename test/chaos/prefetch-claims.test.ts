// Prefetch without claim storms: 3 Immediate instances drain a backlog of 1,500 events with a
// handler that is slow next to claimIdleMs, so a default prefetch of 100 holds entries longer than
// claimIdleMs. An instance keeps its hold on what it fetched, so peers do not claim (and re-run)
// entries their owner still holds: duplicates stay at or under 1 %, nothing is dead-lettered. A
// genuinely dead instance's entries are still taken over within claimIdleMs plus one claim pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { report, SHORT } from './fixtures/scenario';
import { slowDrain, type SlowDrainFigures } from './fixtures/slow-drain';

const EVENTS = 1_500;
const INSTANCES = 3;

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await startPrivateRedis({ appendonly: false });
});
afterAll(async () => {
  await redis?.dispose();
});

function expectNoStorm(f: SlowDrainFigures): void {
  expect(f.handled, 'every event handled').toBe(EVENTS);
  expect(f.deadLettered, 'nothing dead-lettered').toBe(0);
  expect(f.pendingLeft, 'everything acked').toBe(0);
  expect(f.duplicates, `duplicates ${f.duplicates} (${f.duplicatePercent.toFixed(2)} %), claims ${f.claimed}`).toBeLessThanOrEqual(
    EVENTS / 100,
  );
}

describe('slow handlers with the default prefetch', () => {
  it(
    '25 ms handlers, claimIdleMs 1 s (100 prefetched × 25 ms = 2.5 s held): duplicates ≤ 1 %, no dead letters',
    { timeout: 120_000 },
    async () => {
      const f = await slowDrain({
        redisUrl: redis.url,
        stream: `prefetch-fast-${Date.now()}`,
        instances: INSTANCES,
        events: EVENTS,
        handlerMs: 25,
        options: { claimIdleMs: 1_000 },
        timeoutMs: 90_000,
      });
      report({ scenario: 'prefetch-claims', mode: SHORT ? 'short' : 'full', ...f });
      expectNoStorm(f);
    },
  );

  // Default claimIdleMs 30 s with 500 ms handlers holds a prefetch of 100 for 50 s (1.67 ×
  // claimIdleMs). The short run keeps that ratio at a tenth of the times: 50 ms handlers and
  // claimIdleMs 3 s (claimEveryMs the default half of it).
  const slow = SHORT ? { handlerMs: 50, options: { claimIdleMs: 3_000 } } : { handlerMs: 500, options: {} };
  it(
    `${slow.handlerMs} ms handlers, claimIdleMs ${SHORT ? '3 s' : 'default (30 s)'}: duplicates ≤ 1 %, no dead letters`,
    { timeout: SHORT ? 120_000 : 600_000 },
    async () => {
      const f = await slowDrain({
        redisUrl: redis.url,
        stream: `prefetch-slow-${Date.now()}`,
        instances: INSTANCES,
        events: EVENTS,
        ...slow,
        timeoutMs: SHORT ? 100_000 : 550_000,
      });
      report({ scenario: 'prefetch-claims', mode: SHORT ? 'short' : 'full', ...f });
      expectNoStorm(f);
    },
  );
});

describe('a dead instance', () => {
  it('its held entries are claimed by peers within claimIdleMs + one claim interval of its death', { timeout: 120_000 }, async () => {
    const claimIdleMs = 1_000;
    const claimEveryMs = 500;
    // Crash after 2.5 s: by then the instance has refreshed its hold on its buffer several times.
    const f = await slowDrain({
      redisUrl: redis.url,
      stream: `prefetch-dead-${Date.now()}`,
      instances: INSTANCES,
      events: EVENTS,
      handlerMs: 25,
      options: { claimIdleMs, claimEveryMs },
      timeoutMs: 90_000,
      crashAfterMs: 2_500,
    });
    report({ scenario: 'prefetch-dead-instance', mode: SHORT ? 'short' : 'full', ...f, claimEveryMs });
    expect(f.orphaned, 'the instance died holding entries').toBeGreaterThan(10);
    // Held entries were refreshed at most claimIdleMs/4 before the death, so they are claimable at
    // most claimIdleMs after it and taken at the next claim pass. The last claimEveryMs of slack
    // absorbs timers and round trips on a busy 2-core machine.
    expect(f.takeoverMs).toBeLessThanOrEqual(claimIdleMs + 2 * claimEveryMs);
    expect(f.handled).toBe(EVENTS);
    expect(f.deadLettered).toBe(0);
    expect(f.pendingLeft).toBe(0);
    // The entry the dead instance was running may be run again by a peer (at least once).
    expect(f.duplicates).toBeLessThanOrEqual(EVENTS / 100);
  });
});
