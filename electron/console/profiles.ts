// Saved connection profiles. The password is kept apart from everything the renderer sees
// (ConnectionProfile has only `hasPassword`); on disk it is encrypted by an injected cipher
// (Electron's safeStorage in the desktop app) or not stored at all.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DecoderSpec, SavedFilter } from '../../shared/decoding';
import type { ConnectionProfile } from '../../shared/dto';
import { splitCredentials } from './redact';

export interface ProfileInput {
  id?: string;
  name: string;
  url: string;
  username?: string;
  password?: string;
  keyPrefix?: string;
  /** Per-stream preferences; kept from the previous version of the profile when absent. */
  streams?: Record<string, StreamPreferences>;
}

/** What a profile remembers for one stream (see stream-settings.ts). */
export interface StreamPreferences {
  decoder?: DecoderSpec;
  filters?: SavedFilter[];
}

/** A profile with its password, for the main process only. */
export interface StoredProfile {
  id: string;
  name: string;
  url: string;
  username?: string;
  password?: string;
  keyPrefix?: string;
  streams?: Record<string, StreamPreferences>;
}

export interface ProfileStore {
  list(): Promise<ConnectionProfile[]>;
  get(id: string): Promise<StoredProfile | null>;
  save(input: ProfileInput): Promise<ConnectionProfile>;
  delete(id: string): Promise<boolean>;
}

/**
 * Encrypts stored passwords. For Electron:
 * `{ encrypt: (s) => safeStorage.encryptString(s).toString('base64'),
 *    decrypt: (b) => safeStorage.decryptString(Buffer.from(b, 'base64')) }`.
 */
export interface SecretCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export const toPublicProfile = (p: StoredProfile): ConnectionProfile => ({
  id: p.id,
  name: p.name,
  url: p.url,
  ...(p.username ? { username: p.username } : {}),
  hasPassword: Boolean(p.password),
  ...(p.keyPrefix ? { keyPrefix: p.keyPrefix } : {}),
});

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
}

interface FileRecord extends Omit<StoredProfile, 'password'> {
  encryptedPassword?: string;
}

/**
 * Profiles in one JSON file. With a cipher, passwords are stored encrypted; without one they are
 * not written to disk at all (web mode), but stay usable in memory until the process ends.
 */
export class JsonFileProfileStore implements ProfileStore {
  private readonly sessionPasswords = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly cipher?: SecretCipher,
  ) {}

  private async readAll(): Promise<FileRecord[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return Array.isArray(parsed) ? (parsed as FileRecord[]) : [];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new Error(`profiles file ${this.file} is not readable JSON: ${(e as Error).message}`);
    }
  }

  private async writeAll(records: FileRecord[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(records, null, 2), { mode: 0o600 });
    await rename(tmp, this.file);
  }

  private toStored(record: FileRecord): StoredProfile {
    const { encryptedPassword, ...rest } = record;
    let password = this.sessionPasswords.get(record.id);
    if (encryptedPassword && this.cipher) password = this.cipher.decrypt(encryptedPassword);
    return { ...rest, ...(password ? { password } : {}) };
  }

  /** Serialise writers so two saves never lose each other's profile. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Lists without decrypting: a locked OS keyring must not hide the profiles themselves. */
  async list(): Promise<ConnectionProfile[]> {
    return (await this.readAll()).map(({ encryptedPassword, ...rest }) => ({
      ...toPublicProfile(rest),
      hasPassword: Boolean(encryptedPassword) || this.sessionPasswords.has(rest.id),
    }));
  }

  async get(id: string): Promise<StoredProfile | null> {
    const record = (await this.readAll()).find((r) => r.id === id);
    return record ? this.toStored(record) : null;
  }

  save(input: ProfileInput): Promise<ConnectionProfile> {
    return this.exclusive(async () => {
      const records = await this.readAll();
      const index = input.id ? records.findIndex((r) => r.id === input.id) : -1;
      const previous = index >= 0 ? this.toStored(records[index]) : null;
      const profile = normaliseProfile(input, previous);
      const { password, ...rest } = profile;
      const record: FileRecord = { ...rest };
      if (password && this.cipher) record.encryptedPassword = this.cipher.encrypt(password);
      else if (password) this.sessionPasswords.set(profile.id, password);
      if (index >= 0) records[index] = record;
      else records.push(record);
      await this.writeAll(records);
      return toPublicProfile(profile);
    });
  }

  delete(id: string): Promise<boolean> {
    return this.exclusive(async () => {
      const records = await this.readAll();
      const kept = records.filter((r) => r.id !== id);
      this.sessionPasswords.delete(id);
      if (kept.length === records.length) return false;
      await this.writeAll(kept);
      return true;
    });
  }
}
