// Public surface of the console for the Electron shell, web mode and tests.
export { createConsole, type ConsoleEventListener, type ConsoleOptions, type ConsoleService } from './service';
export { JsonFileProfileStore, MemoryProfileStore, type ProfileInput, type ProfileStore, type StoredProfile } from './profiles';
export { MemorySecretStore, type ProfileSecrets, type SecretStore } from './secret-store';
export { Coalescer } from './coalescer';
export { redactUrl } from './redact';
export type { Dispatch } from './dispatch';
export type { TransferOptions } from './transfer';
