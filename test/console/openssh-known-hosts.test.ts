// The user's OpenSSH known_hosts as a source of trusted SSH host keys: the parser (plain, hashed
// `|1|` and `[host]:port` names, wildcards, negations, markers, malformed lines), and tunnels to a
// real sshd on loopback trusted, or refused on a mismatch, by a known_hosts file alone.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, MemoryProfileStore } from '../../electron/console';
import { hostKeyFingerprint, MemoryKnownHosts } from '../../electron/console/known-hosts';
import { judgeHostKey, OpenSshKnownHosts, parseKnownHosts, patternsMatch } from '../../electron/console/openssh-known-hosts';
import type { ConnectionProfile, ConnectionStatus, StreamPage } from '../../shared/dto';
import { connectShared, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { makeKey, sshdMissing, startSshd, tempDir, type KeyPair, type Sshd } from '../helpers/sshd';
import { value } from './support';

const blobOf = (publicLine: string) => Buffer.from(publicLine.split(' ')[1], 'base64');

describe('parsing known_hosts', () => {
  let dir: string;
  let a: string;
  let b: string;
  beforeAll(() => {
    dir = tempDir('streamscope-kh-');
    a = makeKey(dir, 'a').publicKey;
    b = makeKey(dir, 'b').publicKey;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads plain, [host]:port and marked lines, skipping comments, blanks and malformed lines', () => {
    const [type, key] = a.split(' ');
    const lines = parseKnownHosts(
      [
        '# a comment',
        '',
        `db.example.com,10.0.0.5 ${type} ${key} a comment`,
        `[bastion.example.com]:2222 ${type} ${key}`,
        `@revoked * ${type} ${key}`,
        `@unknown-marker host ${type} ${key}`,
        `host-without-key ${type}`,
        `host ssh-rsa ${key}`, // the blob says ed25519
        `host ${type} not*base64`,
      ].join('\n'),
    );
    expect(lines.map((l) => [l.line, l.marker, l.patterns])).toEqual([
      [3, null, ['db.example.com', '10.0.0.5']],
      [4, null, ['[bastion.example.com]:2222']],
      [5, 'revoked', ['*']],
    ]);
  });

  it('matches wildcards and negations, and hashed names as ssh-keygen -H writes them', () => {
    expect(patternsMatch(['*.example.com', '!secret.example.com'], 'db.example.com')).toBe(true);
    expect(patternsMatch(['*.example.com', '!secret.example.com'], 'secret.example.com')).toBe(false);
    expect(patternsMatch(['db?.example.com'], 'db1.example.com')).toBe(true);
    expect(patternsMatch(['db.example.com'], 'dbxexample.com')).toBe(false);
    expect(patternsMatch(['[127.0.0.1]:2222'], '[127.0.0.1]:2222')).toBe(true);
    expect(patternsMatch(['127.0.0.1'], '[127.0.0.1]:2222')).toBe(false);

    const file = join(dir, 'hashed');
    writeFileSync(file, `[127.0.0.1]:2222 ${a}\ndb.example.com ${b}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    const lines = new OpenSshKnownHosts(file).lines();
    expect(lines.every((l) => l.patterns[0].startsWith('|1|'))).toBe(true);
    expect(judgeHostKey(lines, '127.0.0.1', 2222, blobOf(a))).toEqual({ kind: 'trusted', line: 1 });
    expect(judgeHostKey(lines, 'DB.example.com', 22, blobOf(b))).toEqual({ kind: 'trusted', line: 2 });
    expect(judgeHostKey(lines, '127.0.0.1', 2223, blobOf(a))).toEqual({ kind: 'unlisted' });
  });

  it('calls a different key of the same type a mismatch, naming the listed fingerprint; revoked keys are refused anywhere', () => {
    const lines = parseKnownHosts(`db.example.com ${a}\n@revoked * ${b}\n`);
    expect(judgeHostKey(lines, 'db.example.com', 22, blobOf(b))).toEqual({ kind: 'revoked', line: 2 });
    const other = parseKnownHosts(`db.example.com ${a}\n`);
    expect(judgeHostKey(other, 'db.example.com', 22, blobOf(b))).toEqual({
      kind: 'mismatch',
      line: 1,
      fingerprint: hostKeyFingerprint(blobOf(a)),
    });
  });

  it('lists nothing for a missing file', () => {
    expect(new OpenSshKnownHosts(join(dir, 'absent')).lines()).toEqual([]);
  });
});

const missing = sshdMissing();

describe.skipIf(missing)(`known_hosts with a real sshd${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let dir: string;
  let key: KeyPair;
  let bastion: Sshd;
  let other: Sshd;
  const stream = uniqueName('h-conn-known-hosts');
  const redis = connectShared();

  beforeAll(async () => {
    dir = tempDir('streamscope-kh-sshd-');
    key = makeKey(dir, 'client');
    bastion = await startSshd(dir, [key.publicKey]);
    other = await startSshd(dir, [key.publicKey]);
    await redis.xadd(stream, '*', 'via', 'known_hosts');
  });

  afterAll(async () => {
    await redis.del(stream);
    redis.disconnect();
    await bastion?.stop();
    await other?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function connectWith(knownHostsText: string, remembered?: string) {
    const file = join(dir, `known_hosts-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, knownHostsText);
    const knownHosts = new MemoryKnownHosts(new OpenSshKnownHosts(file));
    if (remembered) knownHosts.remember('127.0.0.1', bastion.port, remembered);
    const service = await createConsole({ redis: SHARED_REDIS_URL, profilesStore: new MemoryProfileStore(), knownHosts });
    const profile = value(
      await service.dispatch('profiles.save', {
        name: 'via known_hosts',
        url: SHARED_REDIS_URL,
        ssh: { host: '127.0.0.1', port: bastion.port, username: bastion.user, auth: 'key', privateKeyPath: key.privateKeyPath },
      }),
    ) as ConnectionProfile;
    const status = value(await service.dispatch('connection.connect', { profileId: profile.id })) as ConnectionStatus;
    return { service, status, file, knownHosts };
  }

  it('trusts a host key listed in known_hosts (hashed [host]:port) without asking, and tunnels', async () => {
    const file = join(dir, 'hashed-known-hosts');
    writeFileSync(file, `[127.0.0.1]:${bastion.port} ${bastion.hostPublicKey}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    const { service, status, knownHosts } = await connectWith(readFileSync(file, 'utf8'));
    try {
      expect(status).toMatchObject({ state: 'ready' });
      expect(status.unknownHostKey).toBeUndefined();
      const page = value(await service.dispatch('streams.list', { pattern: stream })) as StreamPage;
      expect(page.streams.map((s) => s.name)).toContain(stream);
      expect(knownHosts.fingerprint('127.0.0.1', bastion.port)).toBeUndefined(); // known_hosts is read, never copied
    } finally {
      await service.close();
    }
  });

  it('refuses a key that differs from known_hosts, naming the file, the line and both fingerprints, even when the key was confirmed before', async () => {
    const { service, status, file } = await connectWith(
      `# first line\n[127.0.0.1]:${bastion.port} ${other.hostPublicKey}\n`,
      bastion.hostKeyFingerprint,
    );
    try {
      expect(status.state).not.toBe('ready');
      expect(status.unknownHostKey).toBeUndefined();
      expect(status.reason).toContain(`${file} line 2 lists ${other.hostKeyFingerprint}`);
      expect(status.reason).toContain(bastion.hostKeyFingerprint);
      expect(status.reason).toContain(`ssh-keygen -R '[127.0.0.1]:${bastion.port}'`);
    } finally {
      await service.close();
    }
  });

  it('asks to confirm as before when known_hosts does not list the host', async () => {
    const { service, status } = await connectWith(`[127.0.0.1]:${other.port} ${other.hostPublicKey}\n`);
    try {
      expect(status.unknownHostKey).toEqual({ host: '127.0.0.1', port: bastion.port, fingerprint: bastion.hostKeyFingerprint });
    } finally {
      await service.close();
    }
  });
});
