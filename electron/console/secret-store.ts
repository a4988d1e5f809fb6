// Where connection secrets live: Redis passwords, SSH passwords and key passphrases. The console
// is handed a SecretStore: the desktop shell's keeps them encrypted by the OS keychain
// (electron/shell/keychain-secret-store.ts); web mode's keeps them in this process's memory only.
// Profile files never hold a secret, encrypted or not.
import type { SecretStorageInfo } from '../../shared/dto';

/** A profile's secrets: the Redis password, the SSH hop's secret and the jump host's secret. */
export interface ProfileSecrets {
  password?: string;
  ssh?: string;
  jump?: string;
}

export interface SecretStore {
  info(): SecretStorageInfo;
  read(profileId: string): Promise<ProfileSecrets>;
  /** Replaces the profile's secrets; throws a sentence when they cannot be kept safely. */
  write(profileId: string, secrets: ProfileSecrets): Promise<void>;
  remove(profileId: string): Promise<void>;
}

export const hasAnySecret = (s: ProfileSecrets): boolean => Boolean(s.password || s.ssh || s.jump);

/** Secrets in memory until the process ends: never written to disk (web mode, the command line). */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, ProfileSecrets>();

  info(): SecretStorageInfo {
    return { kind: 'memory' };
  }
  async read(profileId: string): Promise<ProfileSecrets> {
    return { ...this.secrets.get(profileId) };
  }
  async write(profileId: string, secrets: ProfileSecrets): Promise<void> {
    if (hasAnySecret(secrets)) this.secrets.set(profileId, { ...secrets });
    else this.secrets.delete(profileId);
  }
  async remove(profileId: string): Promise<void> {
    this.secrets.delete(profileId);
  }
}
