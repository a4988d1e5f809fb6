// A private redis-server speaking only TLS on a free loopback port, with a CA, server and client
// certificates made by `openssl` in a temp dir, and an ACL user.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './redis';
import { acceptsConnections, poll } from './wait';

export interface Certificates {
  dir: string;
  caPath: string;
  /** A CA that signed nothing here: trusting only it must refuse the server. */
  otherCaPath: string;
  certPath: string;
  keyPath: string;
  clientCertPath: string;
  clientKeyPath: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A CA, a server certificate for localhost / 127.0.0.1 and a client certificate, all signed by the CA. */
export function makeCertificates(parent: string): Certificates {
  const dir = mkdtempSync(join(parent, 'tls-'));
  for (const ca of ['ca', 'other-ca']) {
    openssl(dir, ['req', '-x509', ...EC, '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-days', '2', '-subj', `/CN=Streamscope test ${ca}`]);
  }
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,DNS:redis.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const who of ['server', 'client']) {
    openssl(dir, [
      'req',
      ...EC,
      '-keyout',
      `${who}.key`,
      '-out',
      `${who}.csr`,
      '-subj',
      `/CN=${who === 'server' ? 'localhost' : 'streamscope'}`,
    ]);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      `${who}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${who}.crt`,
      '-days',
      '2',
      '-extfile',
      `${who}.ext`,
    ]);
  }
  return {
    dir,
    caPath: join(dir, 'ca.crt'),
    otherCaPath: join(dir, 'other-ca.crt'),
    certPath: join(dir, 'server.crt'),
    keyPath: join(dir, 'server.key'),
    clientCertPath: join(dir, 'client.crt'),
    clientKeyPath: join(dir, 'client.key'),
  };
}

export interface TlsRedis {
  port: number;
  stop(): Promise<void>;
}

export class TlsUnsupported extends Error {}

/** redis-server with `--port 0 --tls-port <free>`; `clientCertificates` makes it require one. */
export async function startTlsRedis(
  certs: Certificates,
  opts: { clientCertificates: boolean; users?: Array<{ name: string; password: string }> },
): Promise<TlsRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(certs.dir, 'redis-'));
  const users = (opts.users ?? []).flatMap((u) => ['--user', u.name, 'on', `>${u.password}`, '~*', '&*', '+@all']);
  const child = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--tls-cert-file',
      certs.certPath,
      '--tls-key-file',
      certs.keyPath,
      '--tls-ca-cert-file',
      certs.caPath,
      '--tls-auth-clients',
      opts.clientCertificates ? 'yes' : 'no',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...users,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const up = await poll(async () => {
    if (child.exitCode !== null) {
      if (/tls/i.test(output) && /directive|not supported|unknown/i.test(output))
        throw new TlsUnsupported(`redis-server lacks TLS: ${output.trim()}`);
      throw new Error(`redis-server (TLS) exited with ${child.exitCode}: ${output}`);
    }
    return acceptsConnections(port);
  }, 10_000);
  if (!up) throw new Error(`redis-server (TLS) did not listen on ${port} within 10 s: ${output}`);
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
