// A real OpenSSH server on a free loopback port, run by the tests as the current user with its own
// host key and authorized_keys in a temp dir. It forwards TCP like a bastion in front of Redis.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis';
import { acceptsConnections, poll } from './wait';

export const SSHD = '/usr/sbin/sshd';

/** Why the SSH tests cannot run here, or null when they can. */
export function sshdMissing(): string | null {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (Debian package openssh-server)`;
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'ssh-keygen is not installed (Debian package openssh-client)';
  }
  return null;
}

export interface KeyPair {
  privateKeyPath: string;
  publicKey: string;
}

/** An ed25519 key pair in `dir` (with a passphrase when given). */
export function makeKey(dir: string, name: string, passphrase = ''): KeyPair {
  const privateKeyPath = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', privateKeyPath]);
  return { privateKeyPath, publicKey: execFileSync('cat', [`${privateKeyPath}.pub`], { encoding: 'utf8' }).trim() };
}

/** OpenSSH's own `SHA256:…` fingerprint of a public key file. */
export function fingerprintOf(publicKeyPath: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyPath], { encoding: 'utf8' });
  const fp = /SHA256:[A-Za-z0-9+/]+/.exec(out)?.[0];
  if (!fp) throw new Error(`ssh-keygen printed no fingerprint for ${publicKeyPath}: ${out}`);
  return fp;
}

export interface Sshd {
  port: number;
  user: string;
  hostKeyFingerprint: string;
  /** The host key's public line as OpenSSH writes it (`ssh-ed25519 AAAA… comment`). */
  hostPublicKey: string;
  /** Established TCP connections to this sshd right now. */
  connections(): number;
  stop(): Promise<void>;
}

export async function startSshd(dir: string, authorizedKeys: string[]): Promise<Sshd> {
  // Run as root, sshd wants its privilege separation directory (Debian's service makes it at boot).
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const own = mkdtempSync(join(dir, 'sshd-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(own, 'host_key')]);
  writeFileSync(join(own, 'authorized_keys'), authorizedKeys.join('\n') + '\n', { mode: 0o600 });
  const port = await freePort();
  const config = join(own, 'sshd_config');
  writeFileSync(
    config,
    [
      `HostKey ${join(own, 'host_key')}`,
      `PidFile ${join(own, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(own, 'authorized_keys')}`,
      'ListenAddress 127.0.0.1',
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'AllowTcpForwarding yes',
      'LogLevel ERROR',
    ].join('\n') + '\n',
  );
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config, '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const up = await poll(async () => {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${stderr}`);
    return acceptsConnections(port);
  }, 10_000);
  if (!up) throw new Error(`sshd did not listen on ${port} within 10 s: ${stderr}`);
  return {
    port,
    user: userInfo().username,
    hostKeyFingerprint: fingerprintOf(join(own, 'host_key.pub')),
    hostPublicKey: readFileSync(join(own, 'host_key.pub'), 'utf8').trim(),
    connections: () =>
      execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.trim()).length,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(own, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An ssh-agent on its own socket holding `keys`; stop() kills it. */
export function startAgent(dir: string, keys: string[]): { socket: string; stop(): void } {
  const socket = join(dir, 'agent.sock');
  const out = execFileSync('ssh-agent', ['-a', socket, '-s'], { encoding: 'utf8' });
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
  for (const key of keys) execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
  return {
    socket,
    stop: () => {
      try {
        process.kill(pid);
      } catch {
        // already gone
      }
    },
  };
}
