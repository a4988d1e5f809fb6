// Web mode: the static renderer and the WebSocket behind the launch token, same-origin and
// loopback-Host guards; the CLI prints one line with the URL.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createConsole, type ConsoleService } from '../../electron/console';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { parseWebArgs } from '../../electron/web/args';
import { createWebSocketBridge, type WebSocketConstructor } from '../../shared/ws-bridge';
import { SHARED_REDIS_URL } from '../helpers/redis';

let service: ConsoleService;
let web: WebServer;
let staticDir: string;

function get(
  port: number,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathAndQuery, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a raw ws connection and reports the HTTP status of a refusal, or 101 when accepted. */
function upgradeStatus(url: string, options: { origin?: string; headers?: Record<string, string> } = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', () => undefined);
  });
}

beforeAll(async () => {
  staticDir = await mkdtemp(path.join(os.tmpdir(), 'streamscope-web-'));
  await mkdir(path.join(staticDir, 'assets'));
  await writeFile(
    path.join(staticDir, 'index.html'),
    '<!doctype html><title>Streamscope</title><script type="module" src="./assets/app.js"></script>',
  );
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  service = await createConsole({ redis: SHARED_REDIS_URL });
  web = await startWebServer({ port: 0, console: service, staticDir });
});
afterAll(async () => {
  await web.close();
  await service.close();
  await rm(staticDir, { recursive: true, force: true });
});

describe('web mode guards', () => {
  it('serves index.html for / with the token, a strict CSP and a same-site cookie for assets', async () => {
    const page = await get(web.port, `/?token=${web.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Streamscope</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await get(web.port, '/assets/app.js', { Cookie: cookie.split(';')[0] });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses a missing or wrong token, a foreign Origin and a foreign Host', async () => {
    expect((await get(web.port, '/')).status).toBe(403);
    expect((await get(web.port, '/assets/app.js')).status).toBe(403);
    expect((await get(web.port, '/?token=wrong')).status).toBe(403);
    expect((await get(web.port, `/?token=${web.token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    const rebound = await get(web.port, `/?token=${web.token}`, { Host: `evil.example:${web.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/not this machine's loopback/);
    expect((await get(web.port, `/../../package.json?token=${web.token}`)).status).toBe(404);
  });

  it('guards the WebSocket upgrade the same way', async () => {
    const base = `ws://127.0.0.1:${web.port}/ws`;
    const origin = `http://127.0.0.1:${web.port}`;
    expect(await upgradeStatus(base, { origin })).toBe(403);
    expect(await upgradeStatus(`${base}?token=wrong`, { origin })).toBe(403);
    expect(await upgradeStatus(`${base}?token=${web.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(
      await upgradeStatus(`${base}?token=${web.token}`, {
        origin: 'http://localhost.evil.example',
        headers: { Host: 'localhost.evil.example' },
      }),
    ).toBe(403);
    expect(await upgradeStatus(`${base}?token=${web.token}`, { origin })).toBe(101);
  });

  it('serves the contract over the guarded WebSocket', async () => {
    class SameOriginWebSocket extends WebSocket {
      constructor(url: string) {
        super(url, { origin: `http://127.0.0.1:${web.port}` });
      }
    }
    const bridge = createWebSocketBridge({
      url: `ws://127.0.0.1:${web.port}/ws?token=${web.token}`,
      WebSocket: SameOriginWebSocket as unknown as WebSocketConstructor,
      reconnect: false,
    });
    try {
      const status = await bridge.invoke('connection.status', {});
      expect(status).toMatchObject({ ok: true, value: { state: 'ready' } });
    } finally {
      bridge.close();
    }
  });

  it('refuses to bind a non-loopback address without --allow-remote', async () => {
    await expect(startWebServer({ port: 0, host: '0.0.0.0', console: service, staticDir })).rejects.toThrow(/--allow-remote/);
    const remote = await startWebServer({ port: 0, host: '0.0.0.0', allowRemote: true, console: service, staticDir });
    try {
      // Still the token, even for a remote-facing bind.
      expect((await get(remote.port, '/', { Host: `streamscope.lan:${remote.port}` })).status).toBe(403);
      expect((await get(remote.port, `/?token=${remote.token}`, { Host: `streamscope.lan:${remote.port}` })).status).toBe(200);
    } finally {
      await remote.close();
    }
  });
});

describe('web mode CLI', () => {
  it('parses its options and rejects bad ones with the option name', () => {
    expect(parseWebArgs(['--port', '8080', '--redis', 'redis://h:1', '--allow-remote'])).toMatchObject({
      port: 8080,
      redis: 'redis://h:1',
      allowRemote: true,
      host: '127.0.0.1',
    });
    expect(() => parseWebArgs(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parseWebArgs(['--redis', 'localhost:6379'])).toThrow(/--redis/);
    expect(() => parseWebArgs(['--bogus'])).toThrow();
  });

  it('prints exactly one line with the full URL and token, which then serves the page', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/web/cli.ts', '--port', '0', '--redis', SHARED_REDIS_URL, '--static', staticDir],
      {
        cwd: path.resolve(__dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout! });
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      const match = /^Streamscope web mode: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))$/.exec(first);
      expect(match).not.toBeNull();
      const page = await get(Number(match![2]), `/?token=${match![3]}`);
      expect(page.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
