// GET /metrics of a real web-mode server over a private redis-server: the token is required (query,
// cookie or bearer header), the Prometheus text carries lag (with its source), pending, oldest ages,
// entries/s per stream, per group and per instance, and broadcast rates; label values are escaped,
// unknown numbers are left out, and a scrape covers at most maxStreams streams and says so.
import http from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { escapeLabelValue } from '../../electron/web/metrics';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { eventually, value } from './support';

let redis: PrivateRedis;
let client: Redis;
let subscriber: Redis;
let service: ConsoleService;
let web: WebServer;
let publisher: ReturnType<typeof setInterval> | undefined;
const odd = 'we"ird\\name\nx';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const scrape = async (server = web) => {
  const res = await get(server.port, '/metrics', { authorization: `Bearer ${server.token}` });
  expect(res.status).toBe(200);
  return res.body;
};

/** The value of one sample line, by its exact name and labels; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  redis = await startPrivateRedis({ appendonly: false });
  client = new Redis(redis.url);
  for (let i = 1; i <= 10; i++) await client.xadd('orders', `${i}-0`, 'i', String(i));
  await client.xgroup('CREATE', 'orders', 'billing', '0');
  await client.xreadgroup('GROUP', 'billing', 'worker-1', 'COUNT', 4, 'STREAMS', 'orders', '>');
  await client.xgroup('CREATE', 'orders', 'moved', '0');
  await client.xgroup('SETID', 'orders', 'moved', '7-0');
  await client.xadd(odd, '*', 'a', '1');
  await client.xadd('third', '*', 'a', '1');
  subscriber = new Redis(redis.url);
  await subscriber.subscribe('news');
  publisher = setInterval(() => void client.publish('news', 'x'), 50);
  service = await createConsole({ redis: redis.url, embedded: false });
  web = await startWebServer({ port: 0, console: service, staticDir: '/nonexistent', metrics: { minIntervalMs: 0 } });
});

afterAll(async () => {
  clearInterval(publisher);
  await web?.close();
  await service?.close();
  subscriber?.disconnect();
  client?.disconnect();
  await redis?.dispose();
});

describe('GET /metrics', () => {
  it('requires the token like every other route: query, cookie or bearer header', async () => {
    expect((await get(web.port, '/metrics')).status).toBe(403);
    expect((await get(web.port, '/metrics', { authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await get(web.port, '/metrics?token=wrong')).status).toBe(403);
    expect((await get(web.port, '/metrics', { host: 'evil.example:80', authorization: `Bearer ${web.token}` })).status).toBe(403);
    const byQuery = await get(web.port, `/metrics?token=${web.token}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect((await get(web.port, '/metrics', { cookie: `streamscope_token=${web.token}` })).status).toBe(200);
  });

  it('gives lag with its source, pending, ages and lengths per stream and group', async () => {
    const text = await scrape();
    expect(text).toMatch(/^# HELP streamscope_redis_up /);
    expect(sample(text, 'streamscope_redis_up')).toBe(1);
    expect(text).toContain('# TYPE streamscope_group_lag gauge');
    expect(sample(text, 'streamscope_stream_length{stream="orders"}')).toBe(10);
    expect(sample(text, 'streamscope_group_lag{stream="orders",group="billing",lag_source="reported"}')).toBe(6);
    expect(sample(text, 'streamscope_group_lag{stream="orders",group="moved",lag_source="counted"}')).toBe(3);
    expect(sample(text, 'streamscope_group_lag_known{stream="orders",group="moved"}')).toBe(1);
    expect(sample(text, 'streamscope_group_pending{stream="orders",group="billing"}')).toBe(4);
    expect(sample(text, 'streamscope_group_pending{stream="orders",group="moved"}')).toBe(0);
    // Ids 1-0 … are from 1970: decades old.
    expect(sample(text, 'streamscope_group_oldest_pending_age_seconds{stream="orders",group="billing"}')).toBeGreaterThan(1e9);
    expect(sample(text, 'streamscope_group_oldest_undelivered_age_seconds{stream="orders",group="billing"}')).toBeGreaterThan(1e9);
    expect(sample(text, 'streamscope_instance_pending{stream="orders",group="billing",instance="worker-1"}')).toBe(4);
    // A consumer of another client has no presence: its liveness and rates are absent, not 0.
    expect(text).not.toContain('streamscope_instance_live{stream="orders",group="billing",instance="worker-1"}');
    expect(text).not.toContain('streamscope_instance_delivered_per_second{stream="orders",group="billing"');
    expect(sample(text, 'streamscope_scrape_truncated{max_streams="200"}')).toBe(0);
    expect(sample(text, 'streamscope_scrape_streams')).toBe(3);
  });

  it('escapes backslash, double quote and line feed in label values', async () => {
    expect(escapeLabelValue(odd)).toBe('we\\"ird\\\\name\\nx');
    const text = await scrape();
    expect(sample(text, `streamscope_stream_length{stream="${escapeLabelValue(odd)}"}`)).toBe(1);
    // Every sample is one line: name{labels} value.
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \S+ .+|[a-z_]+(\{.*\})? -?[\d.e+-]+|# .*)$/);
  });

  it('gives entries/s per stream and per group from the second scrape on, and per hosted instance', async () => {
    await client.xadd('fourth', '*', 'a', '1');
    // Its first scrape: no rate yet (absent, not 0).
    const first = await scrape();
    expect(sample(first, 'streamscope_stream_length{stream="fourth"}')).toBe(1);
    expect(first).not.toContain('streamscope_stream_entries_per_second{stream="fourth"}');
    const joined = value(
      await service.dispatch('instances.join', {
        stream: 'third',
        group: 'readers',
        instance: 'reader-1',
        mode: { kind: 'immediate', concurrency: 1 },
      }),
    ) as { id: string };
    for (let i = 0; i < 20; i++) await client.xadd('fourth', '*', 'n', String(i));
    await client.xreadgroup('GROUP', 'billing', 'worker-1', 'COUNT', 3, 'STREAMS', 'orders', '>');
    const second = await eventually(async () => {
      const t = await scrape();
      return (sample(t, 'streamscope_stream_entries_per_second{stream="fourth"}') ?? 0) > 0 ? t : null;
    }, 15_000);
    expect(sample(second, 'streamscope_stream_entries_per_second{stream="fourth"}')).toBeGreaterThan(0);
    expect(sample(second, 'streamscope_group_read_per_second{stream="orders",group="billing"}')).toBeGreaterThan(0);

    // A hosted instance reports its own rates through the engine.
    const feeder = setInterval(() => void client.xadd('third', '*', 'msg', '{"n":1}'), 50);
    try {
      const text = await eventually(async () => {
        const t = await scrape();
        return (sample(t, 'streamscope_instance_delivered_per_second{stream="third",group="readers",instance="reader-1"}') ?? 0) > 0
          ? t
          : null;
      }, 15_000);
      expect(sample(text, 'streamscope_instance_live{stream="third",group="readers",instance="reader-1"}')).toBe(1);
      expect(sample(text, 'streamscope_group_read_per_second{stream="third",group="readers"}')).toBeGreaterThan(0);
    } finally {
      clearInterval(feeder);
      value(await service.dispatch('instances.leave', { id: joined.id }));
    }
  });

  it('measures broadcast rates while scraped', async () => {
    const text = await eventually(async () => {
      const t = await scrape();
      return (sample(t, 'streamscope_channel_messages_per_second{channel="news"}') ?? 0) > 0 ? t : null;
    }, 10_000);
    expect(sample(text, 'streamscope_channel_subscribers{channel="news"}')).toBe(1);
    const rate = sample(text, 'streamscope_channel_messages_per_second{channel="news"}')!;
    expect(rate).toBeGreaterThan(5);
    expect(rate).toBeLessThan(40);
  });

  it('covers at most maxStreams streams per scrape and says it left some out', async () => {
    const capped = await startWebServer({
      port: 0,
      console: service,
      staticDir: '/nonexistent',
      metrics: { maxStreams: 2, minIntervalMs: 0 },
    });
    try {
      const text = await scrape(capped);
      expect(sample(text, 'streamscope_scrape_streams')).toBe(2);
      expect(sample(text, 'streamscope_scrape_truncated{max_streams="2"}')).toBe(1);
    } finally {
      await capped.close();
    }
  });

  it('says Redis is down instead of failing the scrape', async () => {
    const down = await createConsole({ redis: 'redis://127.0.0.1:1', embedded: false });
    const server = await startWebServer({ port: 0, console: down, staticDir: '/nonexistent' });
    try {
      const text = await scrape(server);
      expect(sample(text, 'streamscope_redis_up')).toBe(0);
      expect(text).toMatch(/^# Redis could not be read: /);
    } finally {
      await server.close();
      await down.close();
    }
  });
});
