// Saved connection profiles. Secrets (the Redis password, SSH passwords and key passphrases) are
// kept apart from everything the renderer sees (ConnectionProfile has only `hasPassword` and
// `hasSecret`) and from the profile file: they go to the SecretStore the console is handed.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ConnectionSafety } from '../../shared/connection-safety';
import type { ConnectionProfile, SecretStorageInfo, SshAuth, SshHop, TlsSettings } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import type { AlertSettings } from '../../shared/alerts';
import type { DecoderSpec, SavedFilter } from '../../shared/decoding';
import { splitCredentials } from './redact';
import { MemorySecretStore, type ProfileSecrets, type SecretStore } from './secret-store';

/** One SSH hop as the main process holds it: its secret included. */
export interface StoredSshHop {
  host: string;
  port: number;
  username: string;
  auth: SshAuth;
  privateKeyPath?: string;
  /** Password (auth 'password') or the private key's passphrase (auth 'key'). */
  secret?: string;
}

export interface StoredSsh extends StoredSshHop {
  jump?: StoredSshHop;
}

/** An SSH hop as saved: `secret` left out keeps the stored one, '' removes it. */
export type SshHopInput = Omit<StoredSshHop, 'port'> & { port?: number };
export type SshInput = SshHopInput & { jump?: SshHopInput };

export interface ProfileInput extends ConnectionSafety {
  id?: string;
  name: string;
  url: string;
  username?: string;
  password?: string;
  keyPrefix?: string;
  folder?: string;
  ssh?: SshInput;
  tls?: TlsSettings;
  /** Alert thresholds (electron/console/alerts.ts); left out, the saved ones are kept. */
  alerts?: AlertSettings;
  /** Per-stream preferences; kept from the previous version of the profile when absent. */
  streams?: Record<string, StreamPreferences>;
}

/** What a profile remembers for one stream (see stream-settings.ts). */
export interface StreamPreferences {
  decoder?: DecoderSpec;
  filters?: SavedFilter[];
}

/** A profile with its secrets, for the main process only. */
export interface StoredProfile extends ConnectionSafety {
  id: string;
  name: string;
  url: string;
  username?: string;
  password?: string;
  keyPrefix?: string;
  folder?: string;
  /** When the console last reached Redis with it (ms since epoch); see ProfileStore.markConnected. */
  lastConnectedAt?: number;
  ssh?: StoredSsh;
  tls?: TlsSettings;
  alerts?: AlertSettings;
  streams?: Record<string, StreamPreferences>;
}

export interface ProfileStore {
  list(): Promise<ConnectionProfile[]>;
  get(id: string): Promise<StoredProfile | null>;
  save(input: ProfileInput): Promise<ConnectionProfile>;
  delete(id: string): Promise<boolean>;
  /** Records that Redis answered through this profile at `at`: the dialog sorts by it, a start offers it again. */
  markConnected(id: string, at: number): Promise<void>;
  /** Where secrets are kept, and why they cannot be when that is so. */
  secretStorage(): SecretStorageInfo;
}

export const toPublicProfile = (p: StoredProfile): ConnectionProfile => ({
  id: p.id,
  name: p.name,
  url: p.url,
  ...(p.username ? { username: p.username } : {}),
  hasPassword: Boolean(p.password),
  ...(p.keyPrefix ? { keyPrefix: p.keyPrefix } : {}),
  ...(p.folder ? { folder: p.folder } : {}),
  ...(p.lastConnectedAt !== undefined ? { lastConnectedAt: p.lastConnectedAt } : {}),
  ...(p.ssh ? { ssh: { ...publicHop(p.ssh), ...(p.ssh.jump ? { jump: publicHop(p.ssh.jump) } : {}) } } : {}),
  ...(p.tls ? { tls: { ...p.tls } } : {}),
  ...safetyOf(p),
  ...(p.alerts ? { alerts: p.alerts } : {}),
});

/** Only the marks that are set, so a profile without them reads as before. */
export const safetyOf = (p: ConnectionSafety): ConnectionSafety => ({
  ...(p.readOnly ? { readOnly: true } : {}),
  ...(p.label ? { label: p.label } : {}),
  ...(p.colour ? { colour: p.colour } : {}),
});

function publicHop(hop: StoredSshHop): SshHop {
  const { secret, ...rest } = hop;
  return {
    host: rest.host,
    port: rest.port,
    username: rest.username,
    auth: rest.auth,
    ...(rest.privateKeyPath ? { privateKeyPath: rest.privateKeyPath } : {}),
    hasSecret: Boolean(secret),
  };
}

/** A hop's secret is kept across an update unless a new one is given ('' removes it) or the way of signing in changed. */
function normaliseHop(input: SshHopInput, previous: StoredSshHop | undefined): StoredSshHop {
  const kept = previous && previous.auth === input.auth ? previous.secret : undefined;
  const secret = input.auth === 'agent' ? undefined : (input.secret ?? kept);
  return {
    host: input.host,
    port: input.port ?? 22,
    username: input.username,
    auth: input.auth,
    ...(input.auth === 'key' && input.privateKeyPath ? { privateKeyPath: input.privateKeyPath } : {}),
    ...(secret ? { secret } : {}),
  };
}

function normaliseSsh(input: SshInput, previous: StoredSsh | undefined): StoredSsh {
  const { jump, ...hop } = input;
  return { ...normaliseHop(hop, previous), ...(jump ? { jump: normaliseHop(jump, previous?.jump) } : {}) };
}

/** The profile without its secrets (what a profile file holds), and the secrets alone. */
export function splitSecrets(profile: StoredProfile): { record: ConnectionProfile; secrets: ProfileSecrets } {
  return {
    record: toPublicProfile(profile),
    secrets: {
      ...(profile.password ? { password: profile.password } : {}),
      ...(profile.ssh?.secret ? { ssh: profile.ssh.secret } : {}),
      ...(profile.ssh?.jump?.secret ? { jump: profile.ssh.jump.secret } : {}),
    },
  };
}

/** A profile record from the file joined with its secrets from the store. */
export function joinSecrets(record: ConnectionProfile, secrets: ProfileSecrets): StoredProfile {
  const { hasPassword: _hasPassword, ssh, ...rest } = record;
  const hop = (h: SshHop, secret: string | undefined): StoredSshHop => {
    const { hasSecret: _hasSecret, ...fields } = h;
    return { ...fields, ...(secret ? { secret } : {}) };
  };
  return {
    ...rest,
    ...(secrets.password ? { password: secrets.password } : {}),
    ...(ssh ? { ssh: { ...hop(ssh, secrets.ssh), ...(ssh.jump ? { jump: hop(ssh.jump, secrets.jump) } : {}) } } : {}),
  };
}

/** Credentials typed into the URL are moved into the profile's own fields. */
export function normaliseProfile(input: ProfileInput, previous: StoredProfile | null): StoredProfile {
  const split = splitCredentials(input.url);
  const password = input.password ?? split.password ?? previous?.password;
  const username = input.username ?? split.username;
  return {
    id: input.id ?? randomUUID(),
    name: input.name,
    url: split.url,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(input.keyPrefix ? { keyPrefix: input.keyPrefix } : {}),
    ...(input.folder?.trim() ? { folder: input.folder.trim() } : {}),
    // Saving a profile does not make it used: when it last connected is kept.
    ...(previous?.lastConnectedAt !== undefined ? { lastConnectedAt: previous.lastConnectedAt } : {}),
    ...safetyOf(input),
    ...(input.ssh ? { ssh: normaliseSsh(input.ssh, previous?.ssh) } : {}),
    ...(input.tls ? { tls: { ...input.tls } } : {}),
    ...((input.alerts ?? previous?.alerts) ? { alerts: input.alerts ?? previous?.alerts } : {}),
    ...((input.streams ?? previous?.streams) ? { streams: input.streams ?? previous?.streams } : {}),
  };
}

export class MemoryProfileStore implements ProfileStore {
  private readonly profiles = new Map<string, StoredProfile>();

  async list(): Promise<ConnectionProfile[]> {
    return [...this.profiles.values()].map(toPublicProfile);
  }
  async get(id: string): Promise<StoredProfile | null> {
    return this.profiles.get(id) ?? null;
  }
  async save(input: ProfileInput): Promise<ConnectionProfile> {
    const profile = normaliseProfile(input, input.id ? (this.profiles.get(input.id) ?? null) : null);
    this.profiles.set(profile.id, profile);
    return toPublicProfile(profile);
  }
  async delete(id: string): Promise<boolean> {
    return this.profiles.delete(id);
  }
  async markConnected(id: string, at: number): Promise<void> {
    const profile = this.profiles.get(id);
    if (profile) this.profiles.set(id, { ...profile, lastConnectedAt: at });
  }
  secretStorage(): SecretStorageInfo {
    return { kind: 'memory' };
  }
}

function withoutLegacySecret({ encryptedPassword, ...record }: ConnectionProfile & { encryptedPassword?: unknown }): ConnectionProfile {
  void encryptedPassword;
  return record;
}

/**
 * Profiles in one JSON file that holds no secret: secrets go to the SecretStore (the OS keychain in
 * the desktop app; memory only in web mode, where they last until the process ends).
 */
export class JsonFileProfileStore implements ProfileStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly secrets: SecretStore = new MemorySecretStore(),
  ) {}

  private async readAll(): Promise<ConnectionProfile[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      // A profile saved before secrets moved to the SecretStore may still carry its encrypted
      // password: it never leaves this store (the user enters the password again once).
      return Array.isArray(parsed) ? (parsed as Array<ConnectionProfile & { encryptedPassword?: unknown }>).map(withoutLegacySecret) : [];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new Error(`profiles file ${this.file} is not readable JSON: ${(e as Error).message}`, { cause: e });
    }
  }

  private async writeAll(records: ConnectionProfile[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(records, null, 2), { mode: 0o600 });
    await rename(tmp, this.file);
  }

  /** Serialise writers so two saves never lose each other's profile. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  secretStorage(): SecretStorageInfo {
    return this.secrets.info();
  }

  /** Lists without reading secrets: a locked OS keyring must not hide the profiles themselves. */
  async list(): Promise<ConnectionProfile[]> {
    return this.readAll();
  }

  async get(id: string): Promise<StoredProfile | null> {
    const record = (await this.readAll()).find((r) => r.id === id);
    return record ? joinSecrets(record, await this.secrets.read(id)) : null;
  }

  save(input: ProfileInput): Promise<ConnectionProfile> {
    return this.exclusive(async () => {
      const records = await this.readAll();
      const index = input.id ? records.findIndex((r) => r.id === input.id) : -1;
      const previous = index >= 0 ? joinSecrets(records[index], await this.secrets.read(records[index].id)) : null;
      const { record, secrets } = splitSecrets(normaliseProfile(input, previous));
      try {
        await this.secrets.write(record.id, secrets);
      } catch (e) {
        throw new ContractError('invalid_args', (e as Error).message);
      }
      if (index >= 0) records[index] = record;
      else records.push(record);
      await this.writeAll(records);
      return record;
    });
  }

  markConnected(id: string, at: number): Promise<void> {
    return this.exclusive(async () => {
      const records = await this.readAll();
      const index = records.findIndex((r) => r.id === id);
      if (index < 0) return;
      records[index] = { ...records[index], lastConnectedAt: at };
      await this.writeAll(records);
    });
  }

  delete(id: string): Promise<boolean> {
    return this.exclusive(async () => {
      const records = await this.readAll();
      const kept = records.filter((r) => r.id !== id);
      await this.secrets.remove(id);
      if (kept.length === records.length) return false;
      await this.writeAll(kept);
      return true;
    });
  }
}
