// Producing while Redis is down: produce() rejects with a clear error within a bound (never a
// success for an event Redis did not store), and across a SIGKILL of an AOF (fsync always) server
// every id produce() reported is still in the stream afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EventStreamService, eventStream } from '../../electron/engine';
import { createConsole, type ConsoleService } from '../../electron/console';
import type { ConnectionStatus } from '../../shared/dto';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { eventually, value } from '../helpers/wait';
import { report, SHORT, sleep } from './fixtures/scenario';

let redis: PrivateRedis | null = null;
let service: EventStreamService | null = null;
let consoleService: ConsoleService | null = null;
afterEach(async () => {
  await consoleService?.close();
  await service?.close().catch(() => {});
  await redis?.dispose();
  consoleService = service = redis = null;
});

describe('produce while Redis is down', () => {
  it('engine produce() rejects with a clear error within a bound, and stores nothing', { timeout: 120_000 }, async () => {
    redis = await startPrivateRedis();
    service = new EventStreamService({ redis: redis.url, service: 'producer', presence: false });
    service.redis.on('error', () => {});
    const producer = service.createProducer(eventStream<{ n: number }>('orders'));
    await producer.produce({ n: 0 });
    await redis.kill();
    const attempts = SHORT ? 2 : 10;
    const waits: number[] = [];
    for (let i = 1; i <= attempts; i++) {
      const t0 = Date.now();
      const error = await producer.produce({ n: i }).then(
        (id) => new Error(`produce reported success (${id}) while Redis was down`),
        (e: unknown) => e as Error,
      );
      waits.push(Date.now() - t0);
      expect(error.message).not.toMatch(/reported success/);
      expect(error.message).toMatch(/max retries|connect|ECONNREFUSED|closed/i);
    }
    await redis.restart();
    const check = new Redis(redis.url);
    expect(await check.xlen('orders')).toBe(1);
    check.disconnect();
    const figures = {
      scenario: 'produce-while-down',
      mode: SHORT ? 'short' : 'full',
      attempts,
      rejected: attempts,
      storedWhileDown: 0,
      maxRejectMs: Math.max(...waits),
      medianRejectMs: [...waits].sort((a, b) => a - b)[attempts >> 1],
    };
    report(figures);
  });

  it('across a Redis SIGKILL (AOF fsync always) every id produce() confirmed is in the stream', { timeout: 120_000 }, async () => {
    redis = await startPrivateRedis({ appendonly: true });
    service = new EventStreamService({ redis: redis.url, service: 'producer', presence: false });
    service.redis.on('error', () => {});
    const producer = service.createProducer(eventStream<{ n: number }>('orders'));
    const confirmed = new Map<string, number>();
    let failed = 0;
    let n = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        const mine = n++;
        await producer.produce({ n: mine }).then(
          (id) => void confirmed.set(id, mine),
          () => void failed++,
        );
      }
    })();
    const cycles = SHORT ? 2 : 5;
    // The outages are the scenario: produce for a while, Redis down for 1.5 s, back, and again.
    for (let i = 0; i < cycles; i++) {
      await sleep(300);
      await redis.kill();
      await sleep(1_500);
      await redis.restart();
    }
    await sleep(500); // produce a while on the last restart before the tally
    running = false;
    await loop;
    const check = new Redis(redis.url);
    const stored = new Map((await check.xrange('orders', '-', '+')).map(([id, f]) => [id, JSON.parse(f[1]).n as number]));
    check.disconnect();
    const missing = [...confirmed].filter(([id, m]) => stored.get(id) !== m);
    report({
      scenario: 'produce-across-redis-sigkill',
      mode: SHORT ? 'short' : 'full',
      restarts: cycles,
      confirmed: confirmed.size,
      failedCalls: failed,
      stored: stored.size,
      confirmedMissing: missing.length,
    });
    expect(failed).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(confirmed.size);
  });

  it('console publish.event while Redis is down answers not_connected, not an id', { timeout: 60_000 }, async () => {
    redis = await startPrivateRedis();
    consoleService = await createConsole({ redis: redis.url, embedded: false });
    expect(await consoleService.dispatch('publish.event', { stream: 'orders', json: '{"a":1}' })).toMatchObject({ ok: true });
    await redis.kill();
    await eventually(
      async () => (value(await consoleService!.dispatch('connection.status', {})) as ConnectionStatus).state !== 'ready',
      10_000,
      'the console to see Redis gone',
    );
    const reply = await consoleService.dispatch('publish.event', { stream: 'orders', json: '{"a":2}' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('not_connected');
    await redis.restart();
    const check = new Redis(redis.url);
    expect(await check.xlen('orders')).toBe(1);
    check.disconnect();
  });
});
