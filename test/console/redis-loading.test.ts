// A Redis restarted with a dataset to load accepts connections before it can serve them: the
// connection state says 'loading' with Redis's own progress (not 'connecting'), calls meanwhile
// answer not_connected saying so, and the state turns ready once the data is in.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import type { ConnectionStatus } from '../../shared/dto';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { eventually } from './support';

const KEYS = 5000;
/**
 * Redis's own loading slow-down (a hidden setting its test suite uses): microseconds spent per key
 * loaded, so KEYS keys take about 5 s. Events are served every 1 KiB read meanwhile, so clients
 * connecting during the load get answers (LOADING) instead of a server that does not reply.
 */
const SLOW_LOAD = ['--key-load-delay', '1000', '--loading-process-events-interval-bytes', '1024'];

let redis: PrivateRedis | undefined;
let service: ConsoleService | undefined;
afterAll(async () => {
  await service?.close();
  await redis?.dispose();
});

describe('a Redis loading its dataset', () => {
  it("is 'loading' with Redis's progress until it is ready, and calls meanwhile say why they are refused", async () => {
    redis = await startPrivateRedis({ appendonly: false });
    const admin = new Redis(redis.url);
    await admin.eval(`for i = 1, ${KEYS} do redis.call('SET', 'loading-key:' .. i, i) end`, 0);
    await admin.call('SAVE');
    admin.disconnect();

    service = await createConsole({ redis: redis.url });
    const states: ConnectionStatus[] = [];
    service.onEvent((event, payload) => {
      if (event === 'connection.state') states.push(payload as ConnectionStatus);
    });
    await redis.restart({ args: SLOW_LOAD, answering: false });

    const loading = await eventually(async () => states.find((s) => s.state === 'loading'), 20_000, "'loading' reported");
    expect(loading.reason).toMatch(
      /^Redis is loading the dataset in memory \(\d+(\.\d+)?% loaded, about \d+ s left by Redis's estimate\)$/,
    );
    const refused = await service.dispatch('streams.list', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_connected' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/^Redis is not connected \(loading: Redis is loading the dataset in memory/);

    await eventually(async () => states.at(-1)?.state === 'ready', 30_000, 'ready once the dataset is loaded');
    const sinceRestart = states.slice(states.findIndex((s) => s.state === 'reconnecting')).map((s) => s.state);
    expect(sinceRestart).not.toContain('connecting');
    expect(sinceRestart.indexOf('loading')).toBeLessThan(sinceRestart.lastIndexOf('ready'));
    const check = new Redis(redis.url);
    try {
      expect(await check.dbsize()).toBe(KEYS);
    } finally {
      check.disconnect();
    }
  }, 90_000);
});
