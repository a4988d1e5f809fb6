// TLS towards Redis from a profile's settings: CA, client certificate and key read from files on
// this machine, SNI name, and certificate checks on unless the user explicitly turned them off.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions } from 'node:tls';
import type { TlsSettings } from '../../shared/dto';

async function readPem(what: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new Error(`Could not read the TLS ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { cause: e });
  }
}

/**
 * Node TLS options for ioredis. `host` is the Redis host as the profile names it: when the
 * connection goes through an SSH tunnel ioredis dials 127.0.0.1, so the certificate is checked
 * against (and SNI names) the real host instead.
 */
export async function tlsOptions(settings: TlsSettings, host: string, tunnelled: boolean): Promise<ConnectionOptions> {
  const [ca, cert, key] = await Promise.all([
    settings.caPath ? readPem('CA certificate', settings.caPath) : undefined,
    settings.certPath ? readPem('client certificate', settings.certPath) : undefined,
    settings.keyPath ? readPem('client key', settings.keyPath) : undefined,
  ]);
  const expectedName = settings.servername ?? host;
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(settings.servername || (tunnelled && !isIP(host)) ? { servername: expectedName } : {}),
    ...(tunnelled || settings.servername
      ? { checkServerIdentity: (_dialled: string, peer) => checkServerIdentity(expectedName, peer) }
      : {}),
    rejectUnauthorized: settings.rejectUnauthorized,
  };
}

const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A TLS failure in words; other errors unchanged. */
export function tlsReason(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && CERTIFICATE_CODES.has(code)) return `the server's TLS certificate is not trusted (${e.message})`;
  if (/certificate required|alert number 116/i.test(e.message))
    return 'the server requires a TLS client certificate it trusts, and none was sent';
  if (/wrong version number|packet length too long/i.test(e.message)) return 'the server does not speak TLS on that port';
  return e.message;
}
