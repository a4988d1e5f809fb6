// An SSH local forward owned by one Redis connection: 127.0.0.1:<free port> here → the Redis
// host:port as the SSH server sees it, optionally through a jump host. Every connection the
// console (and its hosted instances) opens to Redis goes through it; closing the Redis connection
// closes the tunnel. If the SSH link drops, the next Redis reconnect brings it back.
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { SshHostKey } from '../../shared/dto';
import { hostKeyFingerprint, hostKeyId, type KnownHosts } from './known-hosts';
import type { OpenSshVerdict } from './openssh-known-hosts';
import type { StoredSsh, StoredSshHop } from './profiles';

/** The host's key is not known yet: the user may confirm the fingerprint, then connect again. */
export class HostKeyUnknownError extends Error {
  constructor(readonly hostKey: SshHostKey) {
    super(
      `The SSH host ${hostKey.host}:${hostKey.port} is not known yet; its key fingerprint is ${hostKey.fingerprint}. ` +
        'Confirm it only if it matches the one the server administrator gave you.',
    );
    this.name = 'HostKeyUnknownError';
  }
}

export class HostKeyChangedError extends Error {
  constructor(hostKey: SshHostKey, remembered: string) {
    super(
      `The SSH host ${hostKey.host}:${hostKey.port} presented key ${hostKey.fingerprint}, but ${remembered} was remembered for it. ` +
        'The connection was refused: the server was reinstalled, or someone is intercepting the connection.',
    );
    this.name = 'HostKeyChangedError';
  }
}

/** The key differs from the one the user's OpenSSH known_hosts lists, or that file revokes it. */
export class HostKeyRefusedByOpenSshError extends Error {
  constructor(hostKey: SshHostKey, file: string, verdict: { kind: 'revoked' | 'mismatch'; line: number; fingerprint?: string }) {
    const name = hostKeyId(hostKey.host, hostKey.port);
    super(
      verdict.kind === 'revoked'
        ? `The SSH host ${hostKey.host}:${hostKey.port} presented key ${hostKey.fingerprint}, which ${file} line ${verdict.line} marks @revoked. The connection was refused.`
        : `The SSH host ${hostKey.host}:${hostKey.port} presented key ${hostKey.fingerprint}, but ${file} line ${verdict.line} lists ${verdict.fingerprint} for it. ` +
            'The connection was refused: the server was reinstalled, or someone is intercepting the connection. ' +
            `If the change is expected, remove the old key with: ssh-keygen -R '${name}'`,
    );
    this.name = 'HostKeyRefusedByOpenSshError';
  }
}

/** Trusted when known_hosts or the remembered key says so; refused when either disagrees; otherwise unknown. */
function verifyHostKey(knownHosts: KnownHosts, host: string, port: number, key: Buffer): Error | null {
  const hostKey = { host, port, fingerprint: hostKeyFingerprint(key) };
  let system: OpenSshVerdict = { kind: 'unlisted' };
  if (knownHosts.openSsh) {
    try {
      system = knownHosts.openSsh.judge(host, port, key);
    } catch (e) {
      return e as Error;
    }
    if (system.kind === 'revoked' || system.kind === 'mismatch')
      return new HostKeyRefusedByOpenSshError(hostKey, knownHosts.openSsh.file, system);
  }
  const remembered = knownHosts.fingerprint(host, port);
  if (remembered && remembered !== hostKey.fingerprint) return new HostKeyChangedError(hostKey, remembered);
  if (remembered || system.kind === 'trusted') return null;
  return new HostKeyUnknownError(hostKey);
}

export interface TunnelOptions {
  ssh: StoredSsh;
  /** Redis as the SSH server reaches it. */
  target: { host: string; port: number };
  knownHosts: KnownHosts;
  /** Where an agent is found (SSH_AUTH_SOCK); defaults to this process's environment. */
  agentSocket?: string;
  readyTimeoutMs?: number;
}

const hopName = (hop: StoredSshHop) => `${hop.username}@${hop.host}:${hop.port}`;

async function hopAuth(hop: StoredSshHop, agentSocket: string | undefined): Promise<Partial<ConnectConfig>> {
  if (hop.auth === 'agent') {
    if (!agentSocket) throw new Error(`SSH to ${hopName(hop)} uses the SSH agent, but no agent is running (SSH_AUTH_SOCK is not set).`);
    return { agent: agentSocket };
  }
  if (hop.auth === 'password') {
    if (!hop.secret) throw new Error(`SSH to ${hopName(hop)} signs in with a password, but none is stored; enter it in the profile.`);
    return { password: hop.secret };
  }
  if (!hop.privateKeyPath) throw new Error(`SSH to ${hopName(hop)} signs in with a key, but the profile names no private key file.`);
  let privateKey: Buffer;
  try {
    privateKey = await readFile(hop.privateKeyPath);
  } catch (e) {
    throw new Error(
      `Could not read the SSH private key ${hop.privateKeyPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
      { cause: e },
    );
  }
  return { privateKey, ...(hop.secret ? { passphrase: hop.secret } : {}) };
}

/** Opens one SSH hop (over `sock` when it goes through a jump host); refuses unknown and changed host keys. */
async function connectHop(hop: StoredSshHop, opts: TunnelOptions, sock?: ClientChannel): Promise<Client> {
  const auth = await hopAuth(hop, opts.agentSocket ?? process.env.SSH_AUTH_SOCK);
  return new Promise<Client>((resolve, reject) => {
    const client = new Client();
    let refusal: Error | null = null;
    const config: ConnectConfig = {
      host: hop.host,
      port: hop.port,
      username: hop.username,
      readyTimeout: opts.readyTimeoutMs ?? 15_000,
      keepaliveInterval: 15_000,
      ...(sock ? { sock } : {}),
      ...auth,
      hostVerifier: (key: Buffer) => {
        refusal = verifyHostKey(opts.knownHosts, hop.host, hop.port, key);
        return refusal === null;
      },
    };
    client.once('ready', () => {
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      resolve(client);
    });
    client.once('error', (e: Error) => {
      client.end();
      reject(refusal ?? new Error(`SSH to ${hopName(hop)} failed: ${sshReason(e)}.`));
    });
    try {
      client.connect(config);
    } catch (e) {
      // ssh2 parses the key synchronously: a wrong or missing passphrase ends up here.
      reject(new Error(`SSH to ${hopName(hop)} could not use the private key ${hop.privateKeyPath ?? ''}: ${sshReason(e as Error)}.`));
    }
  });
}

function sshReason(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (e.message === 'All configured authentication methods failed') return 'the server refused the credentials (authentication failed)';
  if (code === 'ECONNREFUSED') return 'nothing accepts SSH connections there (ECONNREFUSED)';
  if (code === 'ENOTFOUND') return 'the host name was not found (ENOTFOUND)';
  if (/Timed out while waiting for handshake/.test(e.message)) return 'no SSH handshake within the time allowed';
  return e.message.replace(/\.$/, '');
}

function forward(client: Client, srcPort: number, host: string, port: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', srcPort, host, port, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

export class SshTunnel {
  /** Why the tunnel last failed, as a sentence (null while it works). */
  lastError: string | null = null;
  private clients: Client[] = [];
  private link: Promise<Client> | null = null;
  private readonly sockets = new Set<Socket>();
  private closed = false;

  private constructor(
    private readonly opts: TunnelOptions,
    private readonly server: Server,
    readonly localPort: number,
  ) {}

  /** Connects the SSH hops (so a bad key or host fails here) and starts the local forward. */
  static async open(opts: TunnelOptions): Promise<SshTunnel> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const tunnel = new SshTunnel(opts, server, typeof address === 'object' && address ? address.port : 0);
    server.on('connection', (socket) => tunnel.accept(socket));
    try {
      await tunnel.connected();
    } catch (e) {
      await tunnel.close();
      throw e;
    }
    return tunnel;
  }

  /** The SSH link, reconnected when it dropped. */
  private connected(): Promise<Client> {
    this.link ??= this.establish().catch((e: Error) => {
      this.link = null;
      this.lastError = e.message;
      throw e;
    });
    return this.link;
  }

  private async establish(): Promise<Client> {
    const { ssh } = this.opts;
    const clients: Client[] = [];
    try {
      let sock: ClientChannel | undefined;
      if (ssh.jump) {
        const jump = await connectHop(ssh.jump, this.opts);
        clients.push(jump);
        try {
          sock = await forward(jump, 0, ssh.host, ssh.port);
        } catch (e) {
          throw new Error(`The jump host ${hopName(ssh.jump)} could not reach ${ssh.host}:${ssh.port}: ${(e as Error).message}.`, {
            cause: e,
          });
        }
      }
      const client = await connectHop(ssh, this.opts, sock);
      clients.push(client);
      if (this.closed) throw new Error('The SSH tunnel was closed.');
      this.clients = clients;
      this.lastError = null;
      for (const c of clients) {
        c.once('close', () => {
          if (this.clients !== clients) return;
          this.lastError = `The SSH connection to ${hopName(ssh)} was lost.`;
          this.link = null;
          this.clients = [];
          for (const other of clients) other.end();
        });
      }
      return client;
    } catch (e) {
      for (const c of clients) c.end();
      throw e;
    }
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => this.sockets.delete(socket));
    const { host, port } = this.opts.target;
    this.connected()
      .then((client) => forward(client, socket.remotePort ?? 0, host, port))
      .then((stream) => {
        if (socket.destroyed) {
          stream.close();
          return;
        }
        stream.on('error', () => socket.destroy());
        socket.pipe(stream).pipe(socket);
        socket.once('close', () => stream.close());
        stream.once('close', () => socket.destroy());
      })
      .catch((e: Error) => {
        if (!this.lastError || !(e instanceof HostKeyChangedError || e instanceof HostKeyUnknownError)) {
          this.lastError = this.lastError ?? `The SSH server could not reach Redis at ${host}:${port}: ${e.message}.`;
        }
        if (/open failed|Connection refused/i.test(e.message)) {
          this.lastError = `The SSH server could not reach Redis at ${host}:${port} (${e.message}).`;
        }
        socket.destroy();
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    for (const c of this.clients) c.end();
    this.clients = [];
    this.link = null;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
