// SSH tunnels against a real OpenSSH server started on loopback: key with passphrase, agent, trust
// on first use of the host key, a changed key refused, a jump host, the tunnel closed with the
// connection, and failures that reach the user as sentences. Redis behind the tunnel is the shared
// one on 127.0.0.1:6379 as the SSH server sees it.
import { readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import { Server as SshServer } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, MemoryProfileStore, type ConsoleService } from '../../electron/console';
import { MemoryKnownHosts } from '../../electron/console/known-hosts';
import type { ConnectionProfile, ConnectionStatus, StreamPage } from '../../shared/dto';
import type { ArgsIn } from '../../shared/schemas';
import { connectShared, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { makeCertificates, startTlsRedis } from '../helpers/tls-redis';
import { fingerprintOf, makeKey, sshdMissing, startAgent, startSshd, tempDir, type KeyPair, type Sshd } from '../helpers/sshd';
import { eventually, value } from './support';

const missing = sshdMissing();
const PASSPHRASE = 'tunnel passphrase 7';

describe.skipIf(missing)(`SSH tunnels to Redis${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let dir: string;
  let key: KeyPair;
  let plainKey: KeyPair;
  let bastion: Sshd;
  let inner: Sshd;
  const stream = uniqueName('ssh-tunnel');
  const redis = connectShared();

  beforeAll(async () => {
    dir = tempDir('streamscope-ssh-');
    key = makeKey(dir, 'client', PASSPHRASE);
    plainKey = makeKey(dir, 'agent-key');
    bastion = await startSshd(dir, [key.publicKey, plainKey.publicKey]);
    inner = await startSshd(dir, [key.publicKey]);
    await redis.xadd(stream, '*', 'via', 'ssh');
  });

  afterAll(async () => {
    await redis.del(stream);
    redis.disconnect();
    await bastion?.stop();
    await inner?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const sshProfile = (over: Partial<NonNullable<ArgsIn<'profiles.save'>['ssh']>> = {}): ArgsIn<'profiles.save'> => ({
    name: 'behind a bastion',
    url: SHARED_REDIS_URL,
    ssh: {
      host: '127.0.0.1',
      port: bastion.port,
      username: bastion.user,
      auth: 'key',
      privateKeyPath: key.privateKeyPath,
      secret: PASSPHRASE,
      ...over,
    },
  });

  async function withConsole(work: (service: ConsoleService, knownHosts: MemoryKnownHosts) => Promise<void>): Promise<void> {
    const knownHosts = new MemoryKnownHosts();
    const service = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore(), knownHosts });
    try {
      await work(service, knownHosts);
    } finally {
      await service.close();
    }
  }

  const saveProfile = async (service: ConsoleService, profile: ArgsIn<'profiles.save'>) =>
    value(await service.dispatch('profiles.save', profile)) as ConnectionProfile;

  const connectTo = async (service: ConsoleService, profileId: string) =>
    value(await service.dispatch('connection.connect', { profileId })) as ConnectionStatus;

  const listsTheStream = async (service: ConsoleService) => {
    const page = value(await service.dispatch('streams.list', { pattern: stream })) as StreamPage;
    expect(page.streams.map((s) => s.name)).toContain(stream);
  };

  it('asks to confirm an unknown host key, then tunnels with a passphrase-protected key and lists streams', async () => {
    await withConsole(async (service, knownHosts) => {
      const saved = await saveProfile(service, sshProfile());
      expect(saved.ssh).toMatchObject({ host: '127.0.0.1', port: bastion.port, auth: 'key', hasSecret: true });
      expect(JSON.stringify(saved)).not.toContain(PASSPHRASE);

      const first = await connectTo(service, saved.id);
      expect(first.state).toBe('failed');
      expect(first.unknownHostKey).toEqual({ host: '127.0.0.1', port: bastion.port, fingerprint: bastion.hostKeyFingerprint });
      expect(first.reason).toContain(bastion.hostKeyFingerprint);
      expect(knownHosts.fingerprint('127.0.0.1', bastion.port)).toBeUndefined();

      // Only the key that was shown can be trusted.
      const other = await service.dispatch('connection.trustHostKey', {
        host: '127.0.0.1',
        port: bastion.port,
        fingerprint: inner.hostKeyFingerprint,
      });
      expect(other).toMatchObject({ ok: false, error: { code: 'conflict' } });
      value(await service.dispatch('connection.trustHostKey', first.unknownHostKey!));
      expect(knownHosts.fingerprint('127.0.0.1', bastion.port)).toBe(bastion.hostKeyFingerprint);

      const status = await connectTo(service, saved.id);
      expect(status).toMatchObject({ state: 'ready', profileId: saved.id });
      await listsTheStream(service);
      expect(bastion.connections()).toBeGreaterThan(0);

      // Switching away closes the tunnel: no SSH connection stays open.
      value(await service.dispatch('connection.connect', { url: SHARED_REDIS_URL }));
      await eventually(() => bastion.connections() === 0, 5000, 'the SSH connection to close');
    });
  });

  it('refuses a changed host key, naming the host and both fingerprints', async () => {
    await withConsole(async (service, knownHosts) => {
      knownHosts.remember('127.0.0.1', bastion.port, inner.hostKeyFingerprint);
      const saved = await saveProfile(service, sshProfile());
      const status = await connectTo(service, saved.id);
      expect(status.state).toBe('failed');
      expect(status.unknownHostKey).toBeUndefined();
      expect(status.reason).toContain(`127.0.0.1:${bastion.port}`);
      expect(status.reason).toContain(bastion.hostKeyFingerprint);
      expect(status.reason).toContain(inner.hostKeyFingerprint);
      expect(status.reason).toMatch(/refused/);
      // Nor can the page talk the console into the new key.
      const trust = await service.dispatch('connection.trustHostKey', {
        host: '127.0.0.1',
        port: bastion.port,
        fingerprint: bastion.hostKeyFingerprint,
      });
      expect(trust).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(knownHosts.fingerprint('127.0.0.1', bastion.port)).toBe(inner.hostKeyFingerprint);
    });
  });

  it('goes through a jump host', async () => {
    await withConsole(async (service, knownHosts) => {
      knownHosts.remember('127.0.0.1', bastion.port, bastion.hostKeyFingerprint);
      knownHosts.remember('127.0.0.1', inner.port, inner.hostKeyFingerprint);
      const saved = await saveProfile(
        service,
        sshProfile({
          port: inner.port,
          jump: {
            host: '127.0.0.1',
            port: bastion.port,
            username: bastion.user,
            auth: 'key',
            privateKeyPath: key.privateKeyPath,
            secret: PASSPHRASE,
          },
        }),
      );
      expect(saved.ssh?.jump).toMatchObject({ port: bastion.port, hasSecret: true });
      expect(await connectTo(service, saved.id)).toMatchObject({ state: 'ready' });
      await listsTheStream(service);
      expect(bastion.connections()).toBeGreaterThan(0);
      expect(inner.connections()).toBeGreaterThan(0);
    });
  });

  it('signs in with the SSH agent', async () => {
    const agent = startAgent(dir, [plainKey.privateKeyPath]);
    const before = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = agent.socket;
    try {
      await withConsole(async (service, knownHosts) => {
        knownHosts.remember('127.0.0.1', bastion.port, bastion.hostKeyFingerprint);
        const saved = await saveProfile(service, sshProfile({ auth: 'agent', privateKeyPath: undefined, secret: undefined }));
        expect(saved.ssh).toMatchObject({ auth: 'agent', hasSecret: false });
        expect(await connectTo(service, saved.id)).toMatchObject({ state: 'ready' });
        await listsTheStream(service);
      });
    } finally {
      if (before === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = before;
      agent.stop();
    }
  });

  it("speaks TLS through the tunnel, checking the certificate against the profile's name, not the tunnel's 127.0.0.1", async () => {
    const certs = makeCertificates(dir);
    const tlsRedis = await startTlsRedis(certs, { clientCertificates: false });
    try {
      await withConsole(async (service, knownHosts) => {
        knownHosts.remember('127.0.0.1', bastion.port, bastion.hostKeyFingerprint);
        const through = (host: string) =>
          saveProfile(service, {
            ...sshProfile(),
            url: `rediss://${host}:${tlsRedis.port}`,
            tls: { caPath: certs.caPath, rejectUnauthorized: true },
          });
        // ioredis dials the tunnel's 127.0.0.1; the certificate is checked against the name the profile gives.
        const byName = await through('localhost');
        expect(await connectTo(service, byName.id)).toMatchObject({ state: 'ready' });
        const wrongName = await saveProfile(service, {
          ...sshProfile(),
          url: `rediss://localhost:${tlsRedis.port}`,
          tls: { caPath: certs.caPath, servername: 'elsewhere.test', rejectUnauthorized: true },
        });
        const refused = await connectTo(service, wrongName.id);
        expect(refused.state).toBe('failed');
        expect(refused.reason).toMatch(/TLS certificate is not trusted.*elsewhere\.test/);
      });
    } finally {
      await tlsRedis.stop();
    }
  });

  it('signs in with a password (an ssh2 server, since sshd run by the tests cannot check system passwords)', async () => {
    const hostKey = makeKey(dir, 'password-server-host');
    const server = new SshServer({ hostKeys: [readFileSync(hostKey.privateKeyPath)] }, (client) => {
      client.on('error', () => undefined);
      client.on('authentication', (auth) => {
        if (auth.method === 'password' && auth.username === 'ops' && auth.password === 'ssh password 5') auth.accept();
        else auth.reject(['password']);
      });
      client.on('ready', () => {
        client.on('tcpip', (accept, _reject, info) => {
          const channel = accept();
          const upstream = tcpConnect(info.destPort, info.destIP);
          upstream.on('error', () => channel.close());
          channel.pipe(upstream).pipe(channel);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    try {
      await withConsole(async (service, knownHosts) => {
        knownHosts.remember('127.0.0.1', port, fingerprintOf(`${hostKey.privateKeyPath}.pub`));
        const hop = { port, username: 'ops', auth: 'password' as const, privateKeyPath: undefined };
        const good = await saveProfile(service, sshProfile({ ...hop, secret: 'ssh password 5' }));
        expect(good.ssh).toMatchObject({ auth: 'password', hasSecret: true });
        expect(await connectTo(service, good.id)).toMatchObject({ state: 'ready' });
        await listsTheStream(service);
        const bad = await saveProfile(service, sshProfile({ ...hop, secret: 'wrong' }));
        const refused = await connectTo(service, bad.id);
        expect(refused.reason).toBe(`SSH to ops@127.0.0.1:${port} failed: the server refused the credentials (authentication failed).`);
        const none = await saveProfile(service, sshProfile({ ...hop, secret: undefined }));
        expect((await connectTo(service, none.id)).reason).toBe(
          `SSH to ops@127.0.0.1:${port} signs in with a password, but none is stored; enter it in the profile.`,
        );
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('says in words why a tunnel failed: wrong passphrase, refused key, nothing listening, key file missing', async () => {
    await withConsole(async (service, knownHosts) => {
      knownHosts.remember('127.0.0.1', bastion.port, bastion.hostKeyFingerprint);
      knownHosts.remember('127.0.0.1', inner.port, inner.hostKeyFingerprint);

      const wrongPassphrase = await saveProfile(service, sshProfile({ secret: 'not it' }));
      const a = await connectTo(service, wrongPassphrase.id);
      expect(a).toMatchObject({ state: 'failed' });
      expect(a.reason).toContain(`could not use the private key ${key.privateKeyPath}`);

      // The inner server does not know the agent key.
      const refused = await saveProfile(service, sshProfile({ port: inner.port, privateKeyPath: plainKey.privateKeyPath, secret: '' }));
      const b = await connectTo(service, refused.id);
      expect(b.reason).toMatch(/^SSH to \S+@127\.0\.0\.1:\d+ failed: the server refused the credentials/);

      const closedPort = await saveProfile(service, sshProfile({ port: 1 }));
      const c = await connectTo(service, closedPort.id);
      expect(c.reason).toContain('nothing accepts SSH connections there (ECONNREFUSED)');

      const missingFile = await service.dispatch('profiles.save', sshProfile({ privateKeyPath: `${dir}/no-such-key` }));
      expect(missingFile).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
      expect(!missingFile.ok && missingFile.error.message).toBe(
        `profiles.save ssh.privateKeyPath: ${dir}/no-such-key cannot be used: there is no such file`,
      );

      const noKey = await service.dispatch('profiles.save', sshProfile({ privateKeyPath: undefined }));
      expect(!noKey.ok && noKey.error.message).toContain('needs a private key file');
    });
  });
});
