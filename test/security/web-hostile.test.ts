// Web mode against hostile callers (the basic guards are in test/console/web-mode.test.ts): a
// token replayed after a restart, near-miss tokens, DNS-rebinding and look-alike Host headers,
// foreign and `null` Origins, path traversal, oversized frames and a request flood — all refused
// or bounded while a real client on its own connection keeps getting answers.
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { RawClient } from './support/raw-client';
import { startRedisServer, type SecurityRedis } from './support/redis-server';

let redis: SecurityRedis;
let service: ConsoleService;
let staticDir: string;
let web: WebServer;

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket upgrade; resolves with the HTTP status of a refusal, or 101 when it opened. */
async function upgrade(port: number, query: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const c = await RawClient.open(`ws://127.0.0.1:${port}/ws${query}`, headers);
    c.close();
    return 101;
  } catch (e) {
    const m = /HTTP (\d+)/.exec(String(e));
    return m ? Number(m[1]) : -1;
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
  service = await createConsole({ redis: `redis://127.0.0.1:${redis.port}`, embedded: false });
  staticDir = mkdtempSync(join(tmpdir(), 'streamscope-web-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Streamscope</title>');
  writeFileSync(join(tmpdir(), 'streamscope-secret-outside.txt'), 'outside the static dir');
  web = await startWebServer({ port: 0, console: service, staticDir });
});

afterAll(async () => {
  await web?.close();
  await service?.close();
  await redis?.stop();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'streamscope-secret-outside.txt'), { force: true });
});

describe('web mode: tokens', () => {
  it('a token from a previous launch is refused after a restart on the same port', async () => {
    const first = await startWebServer({ port: 0, console: service, staticDir });
    const { port, token: old } = first;
    expect((await get(port, `/?token=${old}`)).status).toBe(200);
    await first.close();
    const second = await startWebServer({ port, console: service, staticDir });
    try {
      expect(second.token).not.toBe(old);
      expect((await get(port, `/?token=${old}`)).status).toBe(403);
      expect((await get(port, '/', { Cookie: `streamscope_token=${old}` })).status).toBe(403);
      expect(await upgrade(port, `?token=${old}`)).toBe(403);
      expect(await upgrade(port, `?token=${second.token}`)).toBe(101);
    } finally {
      await second.close();
    }
  });

  it('near-miss tokens are refused: prefix, extra character, other case, empty, repeated parameter first', async () => {
    const t = web.token;
    const flipped = t[0] === t[0].toUpperCase() ? t[0].toLowerCase() + t.slice(1) : t[0].toUpperCase() + t.slice(1);
    const nearMisses = [t.slice(0, -1), `${t}x`, flipped === t ? `A${t.slice(1)}` : flipped, '', ' ', `${t} `, `${t}\u0000`];
    for (const bad of nearMisses) {
      expect((await get(web.port, `/?token=${encodeURIComponent(bad)}`)).status, `token ${JSON.stringify(bad)}`).toBe(403);
      expect(await upgrade(web.port, `?token=${encodeURIComponent(bad)}`), `token ${JSON.stringify(bad)}`).toBe(403);
    }
    // URLSearchParams.get takes the first value: a wrong first token cannot be rescued by a second.
    expect((await get(web.port, `/?token=wrong&token=${t}`)).status).toBe(403);
    // The token in a header is not a way in either.
    expect((await get(web.port, '/', { Authorization: `Bearer ${t}` })).status).toBe(403);
  });
});

describe('web mode: Host and Origin', () => {
  it('DNS-rebinding and look-alike Host headers are refused even with the right token', async () => {
    const q = `?token=${web.token}`;
    for (const host of [
      'evil.example',
      `evil.example:${web.port}`,
      `127.0.0.1.evil.example:${web.port}`,
      `localhost.evil.example:${web.port}`,
      `127.0.0.1@evil.example:${web.port}`,
      `0.0.0.0:${web.port}`,
      `192.168.1.10:${web.port}`,
    ]) {
      expect((await get(web.port, `/${q}`, { Host: host })).status, `Host ${host}`).toBe(403);
      expect(await upgrade(web.port, q, { Host: host }), `Host ${host} (WebSocket)`).toBe(403);
    }
    expect((await get(web.port, `/${q}`, { Host: `localhost:${web.port}` })).status).toBe(200);
  });

  it('foreign, null and other-port Origins are refused on the WebSocket even with the right token', async () => {
    const q = `?token=${web.token}`;
    for (const origin of [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${web.port + 1}`,
      `http://localhost:${web.port}.evil.example`,
      'file://',
      `ws://127.0.0.1:${web.port}`,
    ]) {
      expect(await upgrade(web.port, q, { Origin: origin }), `Origin ${origin}`).toBe(403);
    }
    expect(await upgrade(web.port, q, { Origin: `http://127.0.0.1:${web.port}` })).toBe(101);
  });

  it('no file outside the renderer directory is served (path traversal)', async () => {
    const q = `?token=${web.token}`;
    for (const path of [
      '/../streamscope-secret-outside.txt',
      '/%2e%2e/streamscope-secret-outside.txt',
      '/..%2fstreamscope-secret-outside.txt',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/....//etc/passwd',
    ]) {
      const res = await get(web.port, `${path}${q}`);
      expect(res.status, path).not.toBe(200);
      expect(res.body).not.toContain('outside the static dir');
      expect(res.body).not.toContain('root:');
    }
  });
});

describe('web mode: size and rate bounds', () => {
  it('oversized frames are answered too_large or cut off, and the server and other clients carry on', { timeout: 30_000 }, async () => {
    const user = await RawClient.open(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
    const hostile = await RawClient.open(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
    try {
      const big = JSON.stringify({
        kind: 'invoke',
        id: 7,
        method: 'publish.event',
        args: { stream: 'x', json: 'y'.repeat(3 * 1024 * 1024) },
      });
      const reply = await hostile.send(7, big);
      expect(reply).toMatchObject({ ok: false, error: { code: 'too_large' } });
      expect(await redis.admin.exists('x')).toBe(0);
      // Beyond the hard limit ws closes the connection (1009) instead of buffering it.
      await hostile.send(
        8,
        JSON.stringify({ kind: 'invoke', id: 8, method: 'connection.status', args: { pad: 'z'.repeat(6 * 1024 * 1024) } }),
      );
      expect(hostile.closed?.code).toBe(1009);
      expect(await user.call('connection.status', {})).toMatchObject({ ok: true });
    } finally {
      user.close();
      hostile.close();
    }
  });

  it('a request flood is rate limited per connection while a real client stays responsive', { timeout: 60_000 }, async () => {
    const user = await RawClient.open(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
    const hostile = await RawClient.open(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
    try {
      const timeCalls = async (n: number) => {
        const times: number[] = [];
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          const r = await user.call('streams.list', {});
          times.push(performance.now() - t0);
          expect(r.ok, JSON.stringify(r)).toBe(true);
        }
        return times.sort((a, b) => a - b)[n >> 1];
      };
      const before = await timeCalls(20);
      const flood = Array.from({ length: 3_000 }, () => hostile.call('streams.list', {}));
      const during = await timeCalls(20);
      const replies = await Promise.all(flood);
      const limited = replies.filter((r) => !r.ok && r.error.code === 'rate_limited').length;
      const served = replies.filter((r) => r.ok).length;
      expect(limited).toBeGreaterThan(1_000);
      expect(served).toBeGreaterThan(0);
      expect(served + limited).toBe(3_000);
      console.log(
        `FLOOD ${JSON.stringify({ requests: 3_000, served, rateLimited: limited, userMedianMsBefore: +before.toFixed(2), userMedianMsDuring: +during.toFixed(2) })}`,
      );
      expect(await user.call('connection.status', {})).toMatchObject({ ok: true, value: { state: 'ready' } });
    } finally {
      user.close();
      hostile.close();
    }
  });
});
