// A Redis ACL user with limited rights and a password, and TLS (rediss://) against a private
// redis-server with a self-signed certificate: both work through the console, what the user may
// not do is refused with Redis's own NOPERM, and the password shows up in no reply, no pushed
// event, no error message and no log line (console.* and stdout/stderr are captured).
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { startRedisServer, type SecurityRedis } from './support/redis-server';
import { freePort } from '../helpers/redis';
import { poll } from '../helpers/wait';

const PASSWORD = 'Sup3r-Secret_pw!Z7q';
const WRONG = 'Wr0ng-Guess_pw!K4x';
const FIXTURE = fileURLToPath(new URL('./fixtures/tls-console.ts', import.meta.url));

/**
 * Limited rights: keys and channels under app: (plus the engine's own side keys under streamscope:,
 * which hosted instances need for presence), no admin or dangerous commands.
 */
const ACL_ARGS = [
  '--user',
  'default',
  'on',
  'nopass',
  '~*',
  '&*',
  '+@all',
  '--user',
  'app',
  'on',
  `>${PASSWORD}`,
  '~app:*',
  '~streamscope:*',
  '&app:*',
  '+@all',
  '-@dangerous',
  '-@admin',
  '+info',
  '+client|id',
  '+client|unblock',
  '+client|setname',
];
/** Like app, but without the engine's side keys: joining as an instance must fail clearly. */
const NARROW_ACL = [
  '--user',
  'narrow',
  'on',
  `>${PASSWORD}`,
  '~app:*',
  '&app:*',
  '+@all',
  '-@dangerous',
  '-@admin',
  '+info',
  '+client|id',
  '+client|unblock',
  '+client|setname',
];

/** Everything the process writes to the console or stdout/stderr while `capture` is on. */
const logged: string[] = [];
const originals = {
  log: console.log,
  info: console.info,
  warn: console.warn,
  error: console.error,
  debug: console.debug,
  out: process.stdout.write,
  err: process.stderr.write,
};
function capture(): void {
  for (const k of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[k] = (...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    };
  }
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    logged.push(String(chunk));
    return originals.out.call(process.stdout, chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    logged.push(String(chunk));
    return originals.err.call(process.stderr, chunk, ...rest);
  }) as typeof process.stderr.write;
}
function release(): void {
  Object.assign(console, {
    log: originals.log,
    info: originals.info,
    warn: originals.warn,
    error: originals.error,
    debug: originals.debug,
  });
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
}

function expectNoSecret(text: string, what: string): void {
  for (const secret of [PASSWORD, WRONG, encodeURIComponent(PASSWORD), encodeURIComponent(WRONG)]) {
    expect(text.includes(secret), `${what} contains a password: ${text.slice(0, 500)}`).toBe(false);
  }
}

describe('Redis ACL user with limited rights and a password', () => {
  let redis: SecurityRedis;
  let service: ConsoleService | null = null;
  const seen: string[] = [];
  beforeAll(async () => {
    redis = await startRedisServer({ args: () => [...ACL_ARGS, ...NARROW_ACL] });
    capture();
  });
  afterEach(async () => {
    await service?.close();
    service = null;
  });
  afterAll(async () => {
    release();
    await redis?.stop();
    for (const line of logged) expectNoSecret(line, 'a log line');
  });

  const record = (s: ConsoleService) => s.onEvent((event, payload) => seen.push(JSON.stringify({ event, payload })));
  const call = async (s: ConsoleService, method: string, args: unknown) => {
    const reply = await s.dispatch(method, args);
    seen.push(JSON.stringify(reply));
    return reply;
  };

  it('works through a saved profile; the password never comes back out', { timeout: 30_000 }, async () => {
    service = await createConsole({ redis: `redis://127.0.0.1:${redis.port}`, embedded: false });
    record(service);
    const saved = await call(service, 'profiles.save', {
      name: 'limited',
      url: `redis://127.0.0.1:${redis.port}`,
      username: 'app',
      password: PASSWORD,
    });
    expect(saved).toMatchObject({ ok: true, value: { username: 'app', hasPassword: true } });
    const profileId = (saved as { value: { id: string } }).value.id;
    expect(await call(service, 'profiles.list', {})).toMatchObject({ ok: true });
    expect(await call(service, 'connection.connect', { profileId })).toMatchObject({ ok: true, value: { state: 'ready', profileId } });
    expect(await redis.admin.call('CLIENT', 'LIST')).toContain('user=app');

    expect(await call(service, 'publish.event', { stream: 'app:orders', json: '{"n":1}' })).toMatchObject({ ok: true });
    expect(await call(service, 'streams.list', { pattern: 'app:*' })).toMatchObject({ ok: true });
    expect(await call(service, 'groups.create', { stream: 'app:orders', group: 'billing', from: '0' })).toMatchObject({ ok: true });
    const joined = await call(service, 'instances.join', {
      stream: 'app:orders',
      group: 'billing',
      mode: { kind: 'immediate' },
      from: '0',
    });
    expect(joined, JSON.stringify(joined)).toMatchObject({ ok: true });
    // The hosted instance authenticates as app too and consumes the entry (the group moves on).
    const lastDelivered = async () => {
      const groups = (await redis.admin.xinfo('GROUPS', 'app:orders')) as Array<Array<string | number>>;
      const g = groups.find((row) => row[1] === 'billing') ?? [];
      return String(g[g.indexOf('last-delivered-id') + 1]);
    };
    await poll(async () => (await lastDelivered()) !== '0-0', 5000);
    expect(await lastDelivered()).not.toBe('0-0');

    // Outside its rights: Redis refuses, the console passes the refusal on, and nothing is written.
    const denied = await call(service, 'publish.event', { stream: 'other:orders', json: '{"n":1}' });
    expect(denied).toMatchObject({ ok: false, error: { code: 'redis_error' } });
    expect((denied as { error: { message: string } }).error.message).toMatch(/NOPERM/);
    expect(await redis.admin.exists('other:orders')).toBe(0);
    const deniedChannel = await call(service, 'publish.broadcast', { channel: 'other:alerts', json: '{}' });
    expect(deniedChannel).toMatchObject({ ok: false });
    for (const text of seen) expectNoSecret(text, 'a reply or event');
  });

  // The presence write is one Lua script: Redis's NOPERM (naming the refused key) must come through,
  // not a bare script error.
  it('joining as an instance without rights on streamscope:* keys names the refused key', { timeout: 30_000 }, async () => {
    service = await createConsole({ redis: `redis://narrow:${encodeURIComponent(PASSWORD)}@127.0.0.1:${redis.port}`, embedded: false });
    record(service);
    expect(await call(service, 'publish.event', { stream: 'app:narrow', json: '{"n":1}' })).toMatchObject({ ok: true });
    const joined = await call(service, 'instances.join', { stream: 'app:narrow', group: 'g', mode: { kind: 'immediate' }, from: '0' });
    for (const text of seen) expectNoSecret(text, 'a reply or event');
    expect(joined).toMatchObject({ ok: false, error: { code: 'redis_error' } });
    expect((joined as { error: { message: string } }).error.message).toMatch(/NOPERM.*streamscope:/);
    // The first read went out with the start and took the entry; the failed start let go of it:
    // it is pending with an idle time peers claim at once, not held for claimIdleMs (30 s).
    const pending = (await redis.admin.xpending('app:narrow', 'g', '-', '+', 10)) as Array<[string, string, number, number]>;
    expect(pending).toHaveLength(1);
    expect(pending[0][2]).toBeGreaterThanOrEqual(30_000);
  });

  it('works with the password in the URL; status and events show the URL without it', { timeout: 30_000 }, async () => {
    const url = `redis://app:${encodeURIComponent(PASSWORD)}@127.0.0.1:${redis.port}`;
    service = await createConsole({ redis: url, embedded: false });
    record(service);
    const status = await call(service, 'connection.status', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'ready' } });
    expect((status as { value: { url: string } }).value.url).toContain('app@127.0.0.1');
    const reconnect = await call(service, 'connection.connect', { url });
    expect(reconnect).toMatchObject({ ok: true, value: { state: 'ready' } });
    expect(await call(service, 'publish.event', { stream: 'app:url-orders', json: '{"n":2}' })).toMatchObject({ ok: true });
    for (const text of seen) expectNoSecret(text, 'a reply or event');
  });

  it('a wrong password fails with a clear reason that does not repeat it', { timeout: 30_000 }, async () => {
    service = await createConsole({ redis: `redis://127.0.0.1:${redis.port}`, embedded: false });
    record(service);
    const r = await call(service, 'connection.connect', { url: `redis://app:${encodeURIComponent(WRONG)}@127.0.0.1:${redis.port}` });
    const status = (r.ok ? r.value : null) as { state: string; reason?: string } | null;
    expect(status?.state).not.toBe('ready');
    expect(status?.reason ?? '').toMatch(/WRONGPASS|invalid username-password|auth/i);
    const after = await call(service, 'streams.list', {});
    expect(after).toMatchObject({ ok: false, error: { code: 'not_connected' } });
    for (const text of seen) expectNoSecret(text, 'a reply or event');
  });
});

describe('TLS (rediss://) with a self-signed certificate', () => {
  let redis: SecurityRedis;
  let tlsPort: number;
  let certDir: string;
  beforeAll(async () => {
    tlsPort = await freePort();
    redis = await startRedisServer({
      args: (dir) => {
        certDir = dir;
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-keyout',
            join(dir, 'key.pem'),
            '-out',
            join(dir, 'cert.pem'),
            '-days',
            '1',
            '-subj',
            '/CN=127.0.0.1',
            '-addext',
            'subjectAltName=IP:127.0.0.1,DNS:localhost',
          ],
          { stdio: 'ignore' },
        );
        return [
          '--tls-port',
          String(tlsPort),
          '--tls-cert-file',
          join(dir, 'cert.pem'),
          '--tls-key-file',
          join(dir, 'key.pem'),
          '--tls-ca-cert-file',
          join(dir, 'cert.pem'),
          '--tls-auth-clients',
          'no',
          ...ACL_ARGS,
        ];
      },
    });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it(
    'with the certificate trusted (NODE_EXTRA_CA_CERTS) the console works over rediss:// as the ACL user; no password anywhere',
    { timeout: 60_000 },
    async () => {
      const url = `rediss://app:${encodeURIComponent(PASSWORD)}@127.0.0.1:${tlsPort}`;
      const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
        env: { ...process.env, STREAMSCOPE_TEST_URL: url, NODE_EXTRA_CA_CERTS: join(certDir, 'cert.pem') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      expect(code, err).toBe(0);
      const { replies } = JSON.parse(out.trim().split('\n').pop() as string) as {
        replies: Record<string, { ok: boolean; value?: unknown }>;
      };
      expect(replies.status).toMatchObject({ ok: true, value: { state: 'ready', url: `rediss://app@127.0.0.1:${tlsPort}` } });
      for (const name of ['publish', 'list', 'page', 'groups', 'join', 'consumers', 'pending'])
        expect(replies[name], `${name}: ${JSON.stringify(replies[name])}`).toMatchObject({ ok: true });
      expect(await redis.admin.xlen('app:tls-orders')).toBe(1);
      expectNoSecret(out, 'the console process stdout');
      expectNoSecret(err, 'the console process stderr');
    },
  );

  it(
    'without trusting the certificate the connection is refused with a certificate error, not silently accepted',
    { timeout: 30_000 },
    async () => {
      const service = await createConsole({ redis: `rediss://app:${encodeURIComponent(PASSWORD)}@127.0.0.1:${tlsPort}`, embedded: false });
      try {
        const status = await service.dispatch('connection.status', {});
        expect(status.ok).toBe(true);
        const value = (status as { value: { state: string; reason?: string } }).value;
        expect(value.state).not.toBe('ready');
        expect(value.reason ?? '').toMatch(/self.signed|certificate/i);
        expectNoSecret(JSON.stringify(status), 'connection.status');
        expect(await service.dispatch('streams.list', {})).toMatchObject({ ok: false, error: { code: 'not_connected' } });
      } finally {
        await service.close();
      }
    },
  );
});
