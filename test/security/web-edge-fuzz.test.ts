// The HTTP edge of web mode under raw TCP: thousands of random and mutated HTTP/1.1 requests (bad
// request targets, Host and Origin headers, percent escapes, header sizes, bodies, line endings,
// with and without the token and the WebSocket upgrade headers), then byte-level mutations of
// them. Every one must be answered with a status below 500 or closed; never hang, never end the
// process. The server runs in its own process (test/security/fixtures/web-edge.ts) so a crash
// shows as that process exiting; after every batch the real user's page load and WebSocket
// contract call must still answer. Then slow senders (slowloris) must be cut off at the header
// timeout while the user is served.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpLimits } from '../../electron/web/server';
import { SHARED_REDIS_URL } from '../helpers/redis';
import { eventually } from '../helpers/wait';
import { RawClient } from './support/raw-client';

const FIXTURE = fileURLToPath(new URL('./fixtures/web-edge.ts', import.meta.url));
const REQUESTS = 10_000;
const BATCH = 500;
/** Sockets in flight at once: enough to keep the server busy, few enough for a loaded 2-core box. */
const CONCURRENCY = 32;
/** A request neither answered nor closed within this is a hang (the server's own limits are shorter). */
const HANG_MS = 8_000;
/** How long a complete request may go unanswered before the client ends its side (see sendRaw). */
const ANSWER_WAIT_MS = 2_000;
const LIMITS: HttpLimits = { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 500 };

interface Server {
  child: ChildProcess;
  port: number;
  token: string;
  stderr: string[];
}

let staticDir: string;
let server: Server;

async function startServer(limits: HttpLimits): Promise<Server> {
  const child = fork(FIXTURE, [staticDir, JSON.stringify(limits)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, STREAMSCOPE_TEST_URL: SHARED_REDIS_URL },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (b: Buffer) => stderr.push(b.toString()));
  const { port, token } = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; token: string }));
    child.once('exit', (code) => reject(new Error(`web-edge exited (${code}) before listening: ${stderr.join('')}`)));
  });
  return { child, port, token, stderr };
}

async function stopServer(s: Server | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.disconnect();
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (s.child.exitCode === null) s.child.kill('SIGKILL');
}

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'streamscope-edge-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Streamscope</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  server = await startServer(LIMITS);
});

afterAll(async () => {
  await stopServer(server);
  rmSync(staticDir, { recursive: true, force: true });
});

// ---- what a request is made of ------------------------------------------------------------

type TokenUse = 'query' | 'cookie' | 'wrong' | 'none';

interface RequestShape {
  method: string;
  path: string;
  token: TokenUse;
  extraQuery: string;
  version: string;
  host: string | null;
  origin: string | null;
  upgrade: null | { version: string; key: string; connection: string };
  headers: Array<[string, string]>;
  eol: string;
  body: string;
  mutations: Array<{ kind: 'flip' | 'insert' | 'delete' | 'truncate' | 'repeat'; at: number; bytes: Uint8Array }>;
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const anyText = fc.string({ unit: 'binary', maxLength: 60 });
const percentEscape = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
  fc.constantFrom('%', '%z', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF', '%00', '%2e%2e', '%2f', '%5c', '%25'),
);

const pathArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '/',
      '/index.html',
      '/assets/app.js',
      '/ws',
      '/missing',
      '/assets/',
      '/..',
      '/%2e%2e/etc/passwd',
      '/..%2f..%2fetc/passwd',
      '/%zz',
      '/%E0%A4%A',
      '/%',
      '/%00',
      '//evil.example/x',
      '/\\evil',
      '/;a=b',
      '/?',
      '/#frag',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'http://',
      'http://[::1',
      'http://127.0.0.1/ws',
      'https://localhost/',
      'http://evil.example/',
      '*',
      '',
      'ws://127.0.0.1/ws',
      'http:/x',
      'HTTP://127.0.0.1/',
      'mailto:x',
      '\u0000',
    ),
  },
  { weight: 4, arbitrary: fc.array(fc.oneof(printable, percentEscape, anyText), { maxLength: 6 }).map((parts) => `/${parts.join('')}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => `/${'a'.repeat(n)}`) },
);

const hostArb = (port: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(`127.0.0.1:${port}`, 'localhost', `localhost:${port}`, '[::1]', `[::1]:${port}`, '127.1.2.3') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'evil.example',
        `evil.example:${port}`,
        '',
        '[::1',
        'http://',
        `127.0.0.1:${port}:${port}`,
        '127.0.0.1.evil.example',
        ' 127.0.0.1',
        '127.0.0.1@evil.example',
        '[',
        ']',
        ':',
      ),
    },
    { weight: 2, arbitrary: anyText },
  );

const originArb = (port: number) =>
  fc.option(
    fc.oneof(
      fc.constantFrom(`http://127.0.0.1:${port}`, 'null', 'http://evil.example', `http://localhost:${port}`, 'file://', ''),
      anyText,
    ),
    { nil: null, freq: 2 },
  );

const upgradeArb = fc.option(
  fc.record({
    version: fc.oneof(fc.constant('13'), fc.constantFrom('8', '', '13, 8', '99999999999999999999'), printable),
    key: fc.oneof(
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64')),
      printable,
    ),
    connection: fc.constantFrom('Upgrade', 'upgrade', 'keep-alive, Upgrade', 'close', 'Upgrade, Upgrade'),
  }),
  { nil: null, freq: 2 },
);

const headerArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.constantFrom(
        'Content-Length',
        'Transfer-Encoding',
        'Expect',
        'Cookie',
        'Connection',
        'Host',
        'Origin',
        'Accept',
        'Upgrade',
        'Sec-WebSocket-Extensions',
        'Sec-WebSocket-Protocol',
      ),
      fc.oneof(
        printable,
        anyText,
        fc.constantFrom(
          '0',
          '-1',
          '5',
          '99999999999999999999',
          'chunked',
          'gzip, chunked',
          '100-continue',
          'streamscope_token=',
          'permessage-deflate; client_max_window_bits=0',
        ),
      ),
    ),
  },
  { weight: 3, arbitrary: fc.tuple(printable, printable) },
  { weight: 2, arbitrary: fc.tuple(anyText, anyText) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant('X-Padding'),
      fc.integer({ min: 8_000, max: 40_000 }).map((n) => 'p'.repeat(n)),
    ),
  },
);

const wildArb = (port: number): fc.Arbitrary<RequestShape> =>
  fc.record({
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('GET', 'HEAD') },
      { weight: 3, arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'PRI', 'get', 'G ET', '') },
      { weight: 1, arbitrary: printable },
    ),
    path: pathArb,
    token: fc.constantFrom<TokenUse>('query', 'cookie', 'wrong', 'none'),
    extraQuery: fc.oneof(
      fc.constant(''),
      fc.constantFrom('&token=', '&token=x', '&a=%zz', '&&&', '&token'),
      printable.map((s) => `&${s}`),
    ),
    version: fc.oneof(
      { weight: 8, arbitrary: fc.constant('HTTP/1.1') },
      { weight: 2, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/0.9', 'HTTP/2.0', 'HTTP/1.1 x', 'http/1.1', '', 'HTTP/1.10', 'HTTP/1') },
    ),
    host: fc.option(hostArb(port), { nil: null, freq: 10 }),
    origin: originArb(port),
    upgrade: upgradeArb,
    headers: fc.array(headerArb, { maxLength: 6 }),
    eol: fc.oneof({ weight: 10, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constantFrom('\n', '\r', '\n\r') }),
    body: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: anyText }),
    mutations: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      {
        weight: 2,
        arbitrary: fc.array(
          fc.record({
            kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'repeat'),
            at: fc.nat(),
            bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      },
    ),
  }) as fc.Arbitrary<RequestShape>;

/** Close to what a browser sends (a page load or the bridge's upgrade), so the fuzz also reaches the guards' and the upgrade's inner paths. */
const nearValidArb = (port: number): fc.Arbitrary<RequestShape> =>
  fc
    .tuple(
      wildArb(port),
      fc.boolean(),
      fc.constantFrom(`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([wild, upgrade, host, keepHeaders, mutate]) => ({
      ...wild,
      method: 'GET',
      path: upgrade ? '/ws' : wild.path,
      version: 'HTTP/1.1',
      host,
      origin: wild.origin === null ? null : `http://${host}`,
      upgrade: upgrade
        ? { version: '13', key: Buffer.from(host.padEnd(16, '.').slice(0, 16)).toString('base64'), connection: 'Upgrade' }
        : null,
      headers: keepHeaders ? wild.headers : [],
      eol: '\r\n',
      body: '',
      mutations: mutate ? wild.mutations : [],
    }));

const requestArb = (port: number) => fc.oneof({ weight: 3, arbitrary: wildArb(port) }, { weight: 1, arbitrary: nearValidArb(port) });

function render(r: RequestShape, token: string): Buffer {
  const query = r.token === 'query' ? `?token=${token}` : r.token === 'wrong' ? `?token=${token.slice(1)}x` : '';
  const target = r.path.startsWith('/') ? `${r.path}${query}${query ? r.extraQuery : ''}` : r.path;
  const lines = [`${r.method} ${target} ${r.version}`.trimEnd()];
  if (r.host !== null) lines.push(`Host: ${r.host}`);
  if (r.origin !== null) lines.push(`Origin: ${r.origin}`);
  if (r.token === 'cookie') lines.push(`Cookie: streamscope_token=${token}`);
  if (r.upgrade)
    lines.push(
      `Connection: ${r.upgrade.connection}`,
      'Upgrade: websocket',
      `Sec-WebSocket-Version: ${r.upgrade.version}`,
      `Sec-WebSocket-Key: ${r.upgrade.key}`,
    );
  for (const [name, value] of r.headers) lines.push(`${name}: ${value}`);
  let bytes = Buffer.from(`${lines.join(r.eol)}${r.eol}${r.eol}${r.body}`, 'utf8');
  for (const m of r.mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'flip') bytes[at] ^= m.bytes[0] || 1;
    else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    else if (m.kind === 'delete') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.bytes.length)]);
    else if (m.kind === 'truncate') bytes = bytes.subarray(0, at);
    else bytes = Buffer.concat([bytes, bytes.subarray(at, at + 200)]);
  }
  return bytes;
}

// ---- sending and judging ------------------------------------------------------------------

interface Outcome {
  /** Status codes of every response seen on the connection (pipelined requests get several). */
  statuses: number[];
  closed: 'answered' | 'closed-silently' | 'hung';
  error: string | null;
}

function sendRaw(port: number, bytes: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const head: Buffer[] = [];
    let received = 0;
    let error: string | null = null;
    let judged = false;
    const hang = setTimeout(() => {
      finish('hung');
      socket.destroy();
    }, HANG_MS);
    const finish = (how: Outcome['closed']) => {
      if (judged) return;
      judged = true;
      clearTimeout(hang);
      const text = Buffer.concat(head).toString('latin1');
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
      resolve({ statuses, closed: how === 'hung' ? how : statuses.length > 0 ? 'answered' : 'closed-silently', error });
    };
    // Node drops a request still being served when its client half-closes, so a request whose head
    // is complete is ended only once its answer has begun (or after a while without one); one
    // without a complete head cannot be answered before it ends, so it is ended at once and meets
    // the end of its input.
    const complete = bytes.includes('\r\n\r\n') || bytes.includes('\n\n');
    let quiet: ReturnType<typeof setTimeout> | null = null;
    const endNow = () => {
      if (quiet) clearTimeout(quiet);
      if (!socket.writableEnded) socket.end();
    };
    socket.on('connect', () => {
      socket.write(bytes);
      if (complete) quiet = setTimeout(endNow, ANSWER_WAIT_MS);
      else endNow();
    });
    socket.on('data', (chunk: Buffer) => {
      if (received < 64 * 1024) head.push(chunk);
      received += chunk.length;
      if (Buffer.concat(head).includes('\r\n\r\n')) endNow();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => finish('closed-silently'));
  });
}

async function runPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

function pageLoad(port: number, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: `/?token=${token}`, agent: false, timeout: 5_000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('page load timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** The real user: the page loads and a contract call over a fresh WebSocket and over the long-lived one answers. */
async function userIsServed(s: Server, longLived: RawClient): Promise<void> {
  expect(s.child.exitCode, `server process exited; stderr: ${s.stderr.join('')}`).toBeNull();
  const page = await pageLoad(s.port, s.token);
  expect(page.status).toBe(200);
  expect(page.body).toContain('<title>Streamscope</title>');
  const fresh = await RawClient.open(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
  try {
    expect(await fresh.call('connection.status', {})).toMatchObject({ ok: true, value: { state: 'ready' } });
  } finally {
    fresh.close();
  }
  expect(await longLived.call('connection.status', {})).toMatchObject({ ok: true, value: { state: 'ready' } });
}

const printableBytes = (b: Buffer) =>
  JSON.stringify(b.subarray(0, 300).toString('latin1')) + (b.length > 300 ? ` …(${b.length} bytes)` : '');

describe('web mode HTTP edge: fuzzed raw requests', () => {
  it(
    `answers ${REQUESTS} random and mutated requests below 500 or closes them, and keeps serving the user`,
    { timeout: 240_000 },
    async () => {
      const user = await RawClient.open(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
      const histogram = new Map<string, number>();
      const combos = new Map<string, number>();
      const started = performance.now();
      let sent = 0;
      try {
        await userIsServed(server, user);
        const property = fc.asyncProperty(fc.array(requestArb(server.port), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          const raw = batch.map((r) => render(r, server.token));
          const outcomes = await runPool(raw, CONCURRENCY, (bytes) => sendRaw(server.port, bytes));
          sent += batch.length;
          const bad: string[] = [];
          outcomes.forEach((o, i) => {
            const key = o.statuses.length > 0 ? String(o.statuses[0]) : o.closed;
            histogram.set(key, (histogram.get(key) ?? 0) + 1);
            const combo = `${batch[i].token === 'query' || batch[i].token === 'cookie' ? 'token' : 'no token'}, ${batch[i].upgrade ? 'upgrade' : 'plain'}`;
            combos.set(combo, (combos.get(combo) ?? 0) + 1);
            if (o.closed === 'hung' || o.statuses.some((s) => s >= 500))
              bad.push(`${o.closed} ${o.statuses.join(',')}: ${printableBytes(raw[i])}`);
          });
          if (server.child.exitCode !== null) {
            const silent = outcomes.map((o, i) => (o.closed === 'closed-silently' ? printableBytes(raw[i]) : null)).filter(Boolean);
            throw new Error(
              `the server process exited (${server.child.exitCode}) during this batch; stderr: ${server.stderr.join('')}\nrequests closed without an answer:\n${silent.slice(0, 10).join('\n')}`,
            );
          }
          if (bad.length > 0) throw new Error(`${bad.length} requests hung or got a 5xx:\n${bad.slice(0, 10).join('\n')}`);
          await userIsServed(server, user);
        });
        const result = await fc.check(property, { numRuns: REQUESTS / BATCH, endOnFailure: true });
        if (result.failed)
          throw new Error(
            `seed ${result.seed}, path ${result.counterexamplePath}: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`,
          );
      } finally {
        user.close();
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `EDGE_FUZZ ${JSON.stringify({ requests: sent, seconds: +seconds.toFixed(1), perSecond: Math.round(sent / seconds), concurrency: CONCURRENCY, outcomes: Object.fromEntries([...histogram].sort()), combos: Object.fromEntries(combos) })}`,
      );
      expect(sent).toBe(REQUESTS);
      // The generator covers every mix of token and upgrade headers in good measure.
      for (const combo of ['token, upgrade', 'token, plain', 'no token, upgrade', 'no token, plain'])
        expect(combos.get(combo) ?? 0, combo).toBeGreaterThan(REQUESTS / 20);
      // The fuzz reaches the interesting answers: refusals by the parser, the guards and the file server, and real success.
      for (const status of ['400', '403', '404', '200', '101']) expect(histogram.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
    },
  );
});

describe('web mode HTTP edge: slow senders', () => {
  it('cuts off slowloris connections at the header timeout with 408, while the user is served', { timeout: 60_000 }, async () => {
    const user = await RawClient.open(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const SLOW = 40;
    const sockets: net.Socket[] = [];
    try {
      const results = Array.from({ length: SLOW }, (_, i) => {
        const socket = net.connect(server.port, '127.0.0.1');
        sockets.push(socket);
        const t0 = performance.now();
        let text = '';
        let drip: ReturnType<typeof setInterval> | null = null;
        socket.on('error', () => undefined);
        socket.on('connect', () => {
          // Half of them trickle a header byte every 100 ms forever; the other half say nothing at all.
          if (i % 2 === 0) {
            socket.write(`GET /?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
            drip = setInterval(() => socket.writable && socket.write('a'), 100);
          }
        });
        socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
        return new Promise<{ status: number | null; ms: number }>((resolve) =>
          socket.on('close', () => {
            if (drip) clearInterval(drip);
            resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0) || null, ms: performance.now() - t0 });
          }),
        );
      });
      // While they hang on, the user is served.
      await userIsServed(server, user);
      const done = await Promise.all(results);
      const trickled = done.filter((_, i) => i % 2 === 0);
      const silent = done.filter((_, i) => i % 2 === 1);
      // Cut off within the header timeout plus Node's check interval (a quarter of it) and generous slack for a busy machine.
      const bound = (LIMITS.headersTimeoutMs ?? 0) * 8;
      for (const r of trickled) {
        expect(r.status).toBe(408);
        expect(r.ms).toBeLessThan(bound);
      }
      for (const r of silent) expect(r.ms).toBeLessThan(bound);
      console.log(
        `EDGE_SLOWLORIS ${JSON.stringify({ sockets: SLOW, headersTimeoutMs: LIMITS.headersTimeoutMs, trickledClosedAfterMs: Math.round(Math.max(...trickled.map((r) => r.ms))), silentClosedAfterMs: Math.round(Math.max(...silent.map((r) => r.ms))) })}`,
      );
      await userIsServed(server, user);
    } finally {
      for (const s of sockets) s.destroy();
      user.close();
    }
  });

  it('answers 431 to headers over the size limit and 400 to a malformed percent escape, then serves the page', async () => {
    const big = await sendRaw(
      server.port,
      Buffer.from(`GET /?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`),
    );
    expect(big.statuses).toEqual([431]);
    const escape = await sendRaw(server.port, Buffer.from(`GET /%E0%A4%A?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    expect(escape.statuses).toEqual([400]);
    const absolute = await sendRaw(server.port, Buffer.from('GET http:// HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    expect(absolute.statuses).toEqual([400]);
    const upgradeEvil = await sendRaw(
      server.port,
      Buffer.from(
        'GET http:// HTTP/1.1\r\nHost: evil.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      ),
    );
    expect(upgradeEvil.statuses).toEqual([400]);
    await eventually(async () => (await pageLoad(server.port, server.token)).status === 200, 5_000, 'page load');
  });
});
