import { describe, expect, it } from 'vitest';
import { SecretStorageUnavailableError, createSafeStorageCipher, type SafeStorageLike } from '../../electron/shell/secret-cipher';

/** A stand-in for Electron's safeStorage (the real one needs the Electron binary and an OS keyring). */
function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: string[] } {
  const key = 0x5a;
  const calls: string[] = [];
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  return {
    calls,
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString: (s) => {
      calls.push('encrypt');
      return Buffer.concat([Buffer.from('v10'), xor(Buffer.from(s, 'utf8'))]);
    },
    decryptString: (b) => {
      calls.push('decrypt');
      if (b.subarray(0, 3).toString() !== 'v10') throw new Error('bad header');
      return xor(b.subarray(3)).toString('utf8');
    },
    ...(opts.backend ? { getSelectedStorageBackend: () => opts.backend! } : {}),
  };
}

describe('safeStorage cipher for profile passwords', () => {
  it('stores base64 of the encrypted bytes, never the password, and decrypts it back', () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage({ backend: 'gnome_libsecret' }));
    const secret = 'p@ss wörd ✓';
    const stored = cipher.encrypt(secret);
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain(secret);
    expect(Buffer.from(stored, 'base64').toString('utf8')).not.toContain(secret);
    expect(cipher.decrypt(stored)).toBe(secret);
  });

  it('refuses to store a password when the OS offers no encryption, with a clear error', () => {
    const storage = fakeSafeStorage({ available: false });
    const cipher = createSafeStorageCipher(storage);
    expect(() => cipher.encrypt('secret')).toThrow(SecretStorageUnavailableError);
    expect(() => cipher.encrypt('secret')).toThrow(/Cannot store the password: .*safeStorage unavailable/);
    expect(storage.calls).toEqual([]);
  });

  it.each(['basic_text', 'unknown'])('refuses the Linux %s backend (a hard-coded key is plain text)', (backend) => {
    const cipher = createSafeStorageCipher(fakeSafeStorage({ backend }));
    expect(() => cipher.encrypt('secret')).toThrow(/no OS keyring/);
  });

  it('names the problem when the stored value is not ciphertext we can read', () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage());
    expect(() => cipher.decrypt('plain text password')).toThrow(/not valid base64/);
    expect(() => cipher.decrypt('')).toThrow(/not valid base64/);
    expect(() => cipher.decrypt(Buffer.from('xyz-not-ours').toString('base64'))).toThrow(/could not be decrypted \(bad header\)/);
  });

  it('does not decrypt when the keyring is unavailable', () => {
    const stored = createSafeStorageCipher(fakeSafeStorage()).encrypt('secret');
    expect(() => createSafeStorageCipher(fakeSafeStorage({ available: false })).decrypt(stored)).toThrow(SecretStorageUnavailableError);
  });
});
