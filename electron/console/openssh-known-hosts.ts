// The user's OpenSSH known_hosts file (~/.ssh/known_hosts) as a second source of trusted SSH host
// keys, read at every check so an edit made with ssh or ssh-keygen counts at once. Format (sshd(8),
// "SSH_KNOWN_HOSTS FILE FORMAT"): `[@marker] patterns keytype base64-key [comment]`, where patterns
// are comma-separated names, `[host]:port` for a port other than 22, wildcards `*` and `?`, `!`
// negations, or one hashed name `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostKeyFingerprint, hostKeyId } from './known-hosts';

export interface KnownHostLine {
  /** 1-based line number in the file. */
  line: number;
  marker: 'cert-authority' | 'revoked' | null;
  patterns: string[];
  keyType: string;
  key: Buffer;
}

/** What known_hosts says about one presented key. */
export type OpenSshVerdict =
  | { kind: 'trusted'; line: number }
  | { kind: 'revoked'; line: number }
  /** The host is listed with another key of the same type. */
  | { kind: 'mismatch'; line: number; fingerprint: string }
  | { kind: 'unlisted' };

/** Parses known_hosts text; comments, blank and malformed lines are skipped (as OpenSSH does). */
export function parseKnownHosts(text: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostLine['marker'] = null;
    if (fields[0].startsWith('@')) {
      const name = fields.shift()!.slice(1);
      if (name !== 'cert-authority' && name !== 'revoked') return;
      marker = name;
    }
    const [patterns, keyType, base64] = fields;
    if (!patterns || !keyType || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return;
    const key = Buffer.from(base64, 'base64');
    if (blobKeyType(key) !== keyType) return;
    out.push({ line: index + 1, marker, patterns: patterns.split(','), keyType, key });
  });
  return out;
}

/** The key type a public key blob names in its first SSH string, or null when it is not one. */
export function blobKeyType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) return null;
  return blob.subarray(4, 4 + length).toString('latin1');
}

const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

function hashedMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether a line's patterns name `name` (`host`, or `[host]:port`): one positive match and no negated one. */
export function patternsMatch(patterns: string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('|')) {
      if (hashedMatches(pattern, name)) matched = true;
    } else if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(name)) return false;
    } else if (globToRegExp(pattern).test(name)) matched = true;
  }
  return matched;
}

/** Judges a presented key against known_hosts lines: revoked, trusted, a same-type mismatch, or unlisted. */
export function judgeHostKey(lines: KnownHostLine[], host: string, port: number, key: Buffer): OpenSshVerdict {
  const name = hostKeyId(host.toLowerCase(), port);
  const type = blobKeyType(key);
  const revoked = lines.find((l) => l.marker === 'revoked' && l.key.equals(key));
  if (revoked) return { kind: 'revoked', line: revoked.line };
  const listed = lines.filter((l) => l.marker === null && patternsMatch(l.patterns, name));
  const same = listed.find((l) => l.key.equals(key));
  if (same) return { kind: 'trusted', line: same.line };
  // OpenSSH treats a key of a type the file does not list for the host as new, not as changed.
  const other = listed.find((l) => l.keyType === type);
  if (other) return { kind: 'mismatch', line: other.line, fingerprint: hostKeyFingerprint(other.key) };
  return { kind: 'unlisted' };
}

/** One known_hosts file; a missing file lists nothing. */
export class OpenSshKnownHosts {
  constructor(readonly file: string) {}

  lines(): KnownHostLine[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new Error(
        `Could not read the OpenSSH known hosts file ${this.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
        {
          cause: e,
        },
      );
    }
    return parseKnownHosts(text);
  }

  judge(host: string, port: number, key: Buffer): OpenSshVerdict {
    return judgeHostKey(this.lines(), host, port, key);
  }
}
