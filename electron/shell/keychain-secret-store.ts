// Profile secrets encrypted by Electron's safeStorage (the OS keychain), in a file of their own
// next to the profiles: the profile file never holds a secret. Linux's plaintext fallback
// ('basic_text') is refused: then no secret is stored and the dialog says why.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretStorageInfo } from '../../shared/dto';
import { hasAnySecret, type ProfileSecrets, type SecretStore } from '../console/secret-store';
import { createSafeStorageCipher, type SafeStorageLike } from './secret-cipher';

export class KeychainSecretStore implements SecretStore {
  private readonly cipher;

  constructor(
    private readonly file: string,
    private readonly safeStorage: SafeStorageLike,
  ) {
    this.cipher = createSafeStorageCipher(safeStorage);
  }

  info(): SecretStorageInfo {
    const backend = this.safeStorage.getSelectedStorageBackend?.();
    if (!this.safeStorage.isEncryptionAvailable()) {
      return { kind: 'keychain', unavailable: 'The operating system offers no keychain, so passwords and passphrases cannot be saved.' };
    }
    if (backend === 'basic_text' || backend === 'unknown') {
      return {
        kind: 'keychain',
        unavailable:
          'No OS keyring was found (Electron would fall back to plain text), so passwords and passphrases cannot be saved. ' +
          'Install and unlock gnome-keyring or KWallet to save them.',
      };
    }
    return { kind: 'keychain' };
  }

  private readAll(): Record<string, string> {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`The secrets file ${this.file} is not readable JSON: ${(e as Error).message}.`, { cause: e });
    }
  }

  private writeAll(all: Record<string, string>): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  async read(profileId: string): Promise<ProfileSecrets> {
    const stored = this.readAll()[profileId];
    if (!stored) return {};
    return JSON.parse(this.cipher.decrypt(stored)) as ProfileSecrets;
  }

  async write(profileId: string, secrets: ProfileSecrets): Promise<void> {
    const all = this.readAll();
    if (!hasAnySecret(secrets) && !(profileId in all)) return;
    if (hasAnySecret(secrets)) all[profileId] = this.cipher.encrypt(JSON.stringify(secrets));
    else delete all[profileId];
    this.writeAll(all);
  }

  async remove(profileId: string): Promise<void> {
    const all = this.readAll();
    if (!(profileId in all)) return;
    delete all[profileId];
    this.writeAll(all);
  }
}
