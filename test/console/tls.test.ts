// TLS towards a real redis-server speaking only TLS on loopback (certificates made by openssl in
// the test): trusted CA, client certificate required, wrong CA refused, SNI name checked, the
// explicit choice to accept any certificate, and a Redis ACL user.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, MemoryProfileStore, type ConsoleService } from '../../electron/console';
import type { ConnectionProfile, ConnectionStatus, StreamPage } from '../../shared/dto';
import type { ArgsIn } from '../../shared/schemas';
import { SHARED_REDIS_URL } from '../helpers/redis';
import { tempDir } from '../helpers/sshd';
import { makeCertificates, startTlsRedis, TlsUnsupported, type Certificates, type TlsRedis } from '../helpers/tls-redis';
import { value } from './support';

const ACL_USER = { name: 'streamscope-reader', password: 'acl password 9' };

let dir = '';
let certs: Certificates;
let open: TlsRedis | undefined;
let mutual: TlsRedis | undefined;
let unsupported: string | null = null;

beforeAll(async () => {
  dir = tempDir('streamscope-tls-');
  certs = makeCertificates(dir);
  try {
    open = await startTlsRedis(certs, { clientCertificates: false, users: [ACL_USER] });
    mutual = await startTlsRedis(certs, { clientCertificates: true });
  } catch (e) {
    if (!(e instanceof TlsUnsupported)) throw e;
    unsupported = e.message;
  }
});

afterAll(async () => {
  await open?.stop();
  await mutual?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function connectWith(profile: Omit<ArgsIn<'profiles.save'>, 'name'>): Promise<{ status: ConnectionStatus; service: ConsoleService }> {
  const service = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore() });
  const saved = value(await service.dispatch('profiles.save', { name: 'tls', ...profile })) as ConnectionProfile;
  const status = value(await service.dispatch('connection.connect', { profileId: saved.id })) as ConnectionStatus;
  return { status, service };
}

async function expectOutcome(profile: Omit<ArgsIn<'profiles.save'>, 'name'>, expected: 'ready' | RegExp): Promise<void> {
  const { status, service } = await connectWith(profile);
  try {
    if (expected === 'ready') {
      expect(status).toMatchObject({ state: 'ready' });
      const page = value(await service.dispatch('streams.list', {})) as StreamPage;
      expect(page.streams).toEqual([]);
    } else {
      expect(status.state).toBe('failed');
      expect(status.reason).toMatch(expected);
    }
  } finally {
    await service.close();
  }
}

describe('TLS and ACL users towards a real redis-server', () => {
  it('connects over TLS with the CA that signed the server certificate', async (ctx) => {
    if (unsupported) ctx.skip(`skipped: ${unsupported}`);
    await expectOutcome({ url: `rediss://localhost:${open!.port}`, tls: { caPath: certs.caPath, rejectUnauthorized: true } }, 'ready');
    // Explicit TLS settings turn TLS on for a redis:// URL too.
    await expectOutcome({ url: `redis://127.0.0.1:${open!.port}`, tls: { caPath: certs.caPath, rejectUnauthorized: true } }, 'ready');
  });

  it('refuses a server whose certificate the given CA did not sign, unless the user turned checks off', async (ctx) => {
    if (unsupported) ctx.skip(`skipped: ${unsupported}`);
    await expectOutcome(
      { url: `rediss://localhost:${open!.port}`, tls: { caPath: certs.otherCaPath, rejectUnauthorized: true } },
      /^Could not reach rediss:\/\/localhost:\d+: the server's TLS certificate is not trusted \(.+\) after 3 attempts$/,
    );
    // Without a CA the system's roots do not know the test CA either.
    await expectOutcome({ url: `rediss://localhost:${open!.port}` }, /TLS certificate is not trusted/);
    await expectOutcome(
      { url: `rediss://localhost:${open!.port}`, tls: { caPath: certs.otherCaPath, rejectUnauthorized: false } },
      'ready',
    );
  });

  it('checks the certificate against the SNI name given', async (ctx) => {
    if (unsupported) ctx.skip(`skipped: ${unsupported}`);
    await expectOutcome(
      { url: `rediss://127.0.0.1:${open!.port}`, tls: { caPath: certs.caPath, servername: 'redis.test', rejectUnauthorized: true } },
      'ready',
    );
    await expectOutcome(
      { url: `rediss://127.0.0.1:${open!.port}`, tls: { caPath: certs.caPath, servername: 'elsewhere.test', rejectUnauthorized: true } },
      /TLS certificate is not trusted.*elsewhere\.test/,
    );
  });

  it('sends a client certificate where the server requires one', async (ctx) => {
    if (unsupported) ctx.skip(`skipped: ${unsupported}`);
    const url = `rediss://localhost:${mutual!.port}`;
    await expectOutcome(
      { url, tls: { caPath: certs.caPath, rejectUnauthorized: true } },
      // TLS 1.3 sends the refusal after the handshake: a quick reset can beat it to the client.
      /^Could not reach rediss:\/\/localhost:\d+: (the server requires a TLS client certificate it trusts, and none was sent|write ECONNRESET) after 3 attempts$/,
    );
    await expectOutcome(
      { url, tls: { caPath: certs.caPath, certPath: certs.clientCertPath, keyPath: certs.clientKeyPath, rejectUnauthorized: true } },
      'ready',
    );
  });

  it('signs in as a Redis ACL user, and names a wrong password without showing it', async (ctx) => {
    if (unsupported) ctx.skip(`skipped: ${unsupported}`);
    const tls = { caPath: certs.caPath, rejectUnauthorized: true };
    const url = `rediss://localhost:${open!.port}`;
    const { status, service } = await connectWith({ url, tls, username: ACL_USER.name, password: ACL_USER.password });
    try {
      expect(status).toMatchObject({ state: 'ready' });
      const who = await service.dispatch('streams.list', {});
      expect(who.ok).toBe(true);
    } finally {
      await service.close();
    }
    const wrong = await connectWith({ url, tls, username: ACL_USER.name, password: 'not the password' });
    try {
      expect(wrong.status.state).toBe('failed');
      expect(wrong.status.reason).toMatch(/WRONGPASS|invalid username-password/);
      expect(JSON.stringify(wrong.status)).not.toContain('not the password');
    } finally {
      await wrong.service.close();
    }
  });

  it('names the field of a certificate file that is not there, and wants a client key with a client certificate', async () => {
    const service = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore() });
    try {
      const missing = await service.dispatch('profiles.save', {
        name: 'tls',
        url: 'rediss://localhost:6380',
        tls: { caPath: `${dir}/no-ca.crt`, rejectUnauthorized: true },
      });
      expect(!missing.ok && missing.error).toEqual({
        code: 'invalid_args',
        message: `profiles.save tls.caPath: ${dir}/no-ca.crt cannot be used: there is no such file`,
      });
      const half = await service.dispatch('profiles.save', {
        name: 'tls',
        url: 'rediss://localhost:6380',
        tls: { certPath: certs.clientCertPath, rejectUnauthorized: true },
      });
      expect(!half.ok && half.error.message).toContain('a client certificate needs both the certificate and its key');
      const relative = await service.dispatch('profiles.save', {
        name: 'tls',
        url: 'rediss://localhost:6380',
        tls: { caPath: 'ca.crt', rejectUnauthorized: true },
      });
      expect(!relative.ok && relative.error.message).toContain('must be an absolute file path');
    } finally {
      await service.close();
    }
  });
});
