// SSH host keys the user has confirmed, by `host:port`. Trust on first use: an unknown key stops
// the connection and the UI asks the user to confirm its fingerprint; a key that differs from the
// remembered one is refused outright (it may be someone in the middle).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenSshKnownHosts } from './openssh-known-hosts';

/** OpenSSH's form: `SHA256:` + unpadded base64 of the SHA-256 of the key blob. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

export const hostKeyId = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

export interface KnownHosts {
  fingerprint(host: string, port: number): string | undefined;
  remember(host: string, port: number, fingerprint: string): void;
  /** The user's OpenSSH known_hosts, trusted next to the remembered keys; a key that differs from it is refused. */
  readonly openSsh?: OpenSshKnownHosts;
}

export class MemoryKnownHosts implements KnownHosts {
  protected readonly keys = new Map<string, string>();

  constructor(readonly openSsh?: OpenSshKnownHosts) {}

  fingerprint(host: string, port: number): string | undefined {
    return this.keys.get(hostKeyId(host, port));
  }
  remember(host: string, port: number, fingerprint: string): void {
    this.keys.set(hostKeyId(host, port), fingerprint);
  }
}

/** Known hosts in a JSON file (`{ "[host]:port": "SHA256:…" }`); host keys are public, not secrets. */
export class JsonFileKnownHosts extends MemoryKnownHosts {
  constructor(
    private readonly file: string,
    openSsh?: OpenSshKnownHosts,
  ) {
    super(openSsh);
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (parsed && typeof parsed === 'object') {
        for (const [id, fp] of Object.entries(parsed)) if (typeof fp === 'string') this.keys.set(id, fp);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`The known SSH hosts file ${file} is not readable JSON: ${(e as Error).message}.`, { cause: e });
      }
    }
  }

  override remember(host: string, port: number, fingerprint: string): void {
    super.remember(host, port, fingerprint);
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.keys), null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
