// Connection-profile passwords at rest, encrypted with Electron's safeStorage (the OS keychain:
// Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux). The profile store keeps only
// the base64 of the encrypted bytes. When the OS offers no real encryption we refuse to store a
// password at all rather than write it in plain text.

/** The part of Electron's `safeStorage` we use, so tests can pass a stand-in. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
}

/** What the console's ProfileStore accepts for its secrets. */
export interface SecretCipher {
  encrypt(text: string): string;
  decrypt(text: string): string;
}

export class SecretStorageUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `Cannot store the password: ${reason}. The profile can be saved without a password, or ` +
        'install and unlock a keyring (e.g. gnome-keyring or KWallet) and try again.',
    );
    this.name = 'SecretStorageUnavailableError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function createSafeStorageCipher(safeStorage: SafeStorageLike): SecretCipher {
  return {
    encrypt(text) {
      assertRealEncryption(safeStorage);
      return safeStorage.encryptString(text).toString('base64');
    },
    decrypt(text) {
      if (typeof text !== 'string' || text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
        throw new Error("Stored password is not valid base64 ciphertext; save the profile's password again.");
      }
      if (!safeStorage.isEncryptionAvailable()) {
        throw new SecretStorageUnavailableError('the OS keyring is not available to decrypt it');
      }
      try {
        return safeStorage.decryptString(Buffer.from(text, 'base64'));
      } catch (err) {
        // e.g. the profile file was copied from another user or machine.
        throw new Error(
          `Stored password could not be decrypted (${err instanceof Error ? err.message : String(err)}); save the profile's password again.`,
          { cause: err },
        );
      }
    },
  };
}

function assertRealEncryption(safeStorage: SafeStorageLike): void {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new SecretStorageUnavailableError('the operating system offers no encryption (safeStorage unavailable)');
  }
  // On Linux without a keyring Electron falls back to a hard-coded key: that is plain text in disguise.
  const backend = safeStorage.getSelectedStorageBackend?.();
  if (backend === 'basic_text' || backend === 'unknown') {
    throw new SecretStorageUnavailableError(`no OS keyring was found (safeStorage backend "${backend}")`);
  }
}
