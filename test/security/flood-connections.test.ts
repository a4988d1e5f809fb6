// Web mode against a flood spread over many connections (each holding the token): the number of
// connections is capped with a clear close reason, and requests being served at once are bounded
// server-wide and shared fairly, so a well-behaved client still gets its answers promptly. Its
// round trips during the flood are compared, as ratios, with its own idle baseline and with the
// flood's round trips. The flood comes from another process, as a real one would.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { CLOSE_TOO_MANY_CONNECTIONS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_IN_FLIGHT } from '../../electron/transport/websocket';
import { startWebServer, type WebServer, type WebServerOptions } from '../../electron/web/server';
import { eventually } from '../helpers/wait';
import { RawClient } from './support/raw-client';
import { startRedisServer, type SecurityRedis } from './support/redis-server';

let redis: SecurityRedis;
let service: ConsoleService;
let staticDir: string;

const FLOODER = fileURLToPath(new URL('./fixtures/flooder.ts', import.meta.url));
const FLOOD_CONNECTIONS = 8;
const FLOOD_PER_CONNECTION = 200; // within the per-connection burst (400): none of it is rate limited per connection
const STREAMS = 30;

beforeAll(async () => {
  redis = await startRedisServer();
  service = await createConsole({ redis: `redis://127.0.0.1:${redis.port}`, embedded: false });
  staticDir = mkdtempSync(join(tmpdir(), 'streamscope-web-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Streamscope</title>');
  // Something for streams.list to read: each call is one XINFO pipeline per stream.
  const pipe = redis.admin.pipeline();
  for (let i = 0; i < STREAMS; i++) pipe.xadd(`flood-${i}`, '*', 'msg', '{}');
  await pipe.exec();
});

afterAll(async () => {
  await service?.close();
  await redis?.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

async function withServer<T>(transport: WebServerOptions['transport'], run: (web: WebServer) => Promise<T>): Promise<T> {
  const web = await startWebServer({ port: 0, console: service, staticDir, transport });
  try {
    return await run(web);
  } finally {
    await web.close();
  }
}

const open = (web: WebServer) => RawClient.open(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function roundTrips(client: RawClient, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await client.call('streams.list', {});
    times.push(performance.now() - t0);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  }
  return times;
}

/** Median round trip of the user's calls during the flood, and whether they all came back before it ended. */
interface FloodRun {
  userIdleMs: number;
  userDuringMs: number;
  userMaxMs: number;
  userDoneBeforeFlood: boolean;
  flood: { served: number; rateLimited: number; medianMs: number };
}

/**
 * The user's idle baseline, then the same calls while a flooder process sends its whole burst on
 * FLOOD_CONNECTIONS connections at once.
 */
async function floodRun(web: WebServer): Promise<FloodRun> {
  const url = `ws://127.0.0.1:${web.port}/ws?token=${web.token}`;
  const user = await open(web);
  const flooder = fork(FLOODER, [url, String(FLOOD_CONNECTIONS), String(FLOOD_PER_CONNECTION)], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  try {
    await roundTrips(user, 5); // warm up
    const idle = await roundTrips(user, 20);
    await new Promise((resolve, reject) => {
      flooder.once('message', resolve);
      flooder.once('exit', (code) => reject(new Error(`flooder exited (${code}) before opening its connections`)));
    });
    let floodDone = false;
    let burstSent: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => (burstSent = resolve));
    const result = new Promise<FloodRun['flood']>((resolve) =>
      flooder.on('message', (m) => (m === 'sent' ? burstSent() : resolve(m as FloodRun['flood']))),
    ).then((r) => {
      floodDone = true;
      return r;
    });
    flooder.send('go');
    await sent; // the burst is on its way before the user's calls
    const during = await roundTrips(user, 10);
    const userDoneBeforeFlood = !floodDone;
    return {
      userIdleMs: median(idle),
      userDuringMs: median(during),
      userMaxMs: Math.max(...during),
      userDoneBeforeFlood,
      flood: await result,
    };
  } finally {
    user.close();
    flooder.kill();
  }
}

describe('web mode: a flood over many connections', () => {
  it(
    `a connection beyond the cap (${DEFAULT_MAX_CONNECTIONS}) is closed with 1013 and a reason; a freed place can be taken again`,
    { timeout: 30_000 },
    async () => {
      await withServer(undefined, async (web) => {
        const clients = await Promise.all(Array.from({ length: DEFAULT_MAX_CONNECTIONS }, () => open(web)));
        try {
          const extra = await open(web);
          await eventually(async () => extra.closed, 5_000, 'the extra connection closed');
          expect(extra.closed).toEqual({
            code: CLOSE_TOO_MANY_CONNECTIONS,
            reason: `too many connections: at most ${DEFAULT_MAX_CONNECTIONS} at once; close another one`,
          });
          // Those inside keep working.
          expect(await clients[0].call('connection.status', {})).toMatchObject({ ok: true });
          clients.pop()?.close();
          const again = await eventually(
            async () => {
              const c = await open(web);
              await new Promise((r) => setTimeout(r, 100));
              if (c.closed) return null;
              return c;
            },
            5_000,
            'a connection accepted after one closed',
          );
          expect(await again.call('connection.status', {})).toMatchObject({ ok: true });
          again.close();
        } finally {
          for (const c of clients) c.close();
        }
      });
    },
  );

  it('the server-wide bound answers a well-behaved client ahead of the flood', { timeout: 120_000 }, async () => {
    const run = await withServer(undefined, floodRun);
    const figures = {
      connections: FLOOD_CONNECTIONS,
      requests: FLOOD_CONNECTIONS * FLOOD_PER_CONNECTION,
      streams: STREAMS,
      maxInFlight: DEFAULT_MAX_IN_FLIGHT,
      ...run,
    };
    console.log(`FLOOD-CONNECTIONS ${JSON.stringify(figures, (_, v: unknown) => (typeof v === 'number' ? +v.toFixed(2) : v))}`);

    expect(run.flood.served + run.flood.rateLimited).toBe(FLOOD_CONNECTIONS * FLOOD_PER_CONNECTION);
    // The user waits for its turn, not behind the flood: all its calls are answered while the
    // flood is still being served...
    expect(run.userDoneBeforeFlood).toBe(true);
    // ...and its slowdown against its own idle baseline is under a tenth of the flood's.
    expect(run.userDuringMs / run.userIdleMs).toBeLessThan(run.flood.medianMs / run.userIdleMs / 10);
  });
});
