// The one place a name from the contract becomes what ioredis sends: plain text stays a string
// (ioredis writes it as UTF-8); a name with escaped bytes (shared/key-name.ts) becomes the exact
// bytes as a Buffer.
import type { RedisKey } from 'ioredis';
import { ContractError } from '../../shared/reply';
import { displayKeyName, isTextKeyName, keyNameFromBytes, keyNameToBytes } from '../../shared/key-name';
import type { ConsoleContext } from './context';

export function redisKey(name: string): RedisKey {
  if (isTextKeyName(name)) return name;
  try {
    const bytes = keyNameToBytes(name);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    // The schemas refuse such names; this guards names built inside the console.
    throw new ContractError('invalid_args', `name has a ${(error as Error).message}`);
  }
}

/**
 * A name in a reply read with callBuffer (a group, a consumer) → the name the contract carries:
 * bytes that are not UTF-8 escaped as in shared/key-name.ts, so it can address the same thing again.
 */
export function nameFromReply(value: unknown): string {
  if (Buffer.isBuffer(value)) return keyNameFromBytes(value);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * The key of `name` as text, for what works on text only (the engine, whose derived keys are built
 * by string templates): a name with bytes that are not UTF-8 is refused with `invalid_args` saying
 * that `what` needs a UTF-8 name.
 */
export function textKey(ctx: ConsoleContext, name: string, what: string): string {
  if (!isTextKeyName(name))
    throw new ContractError('invalid_args', `${what} needs a UTF-8 stream name; "${displayKeyName(name)}" has bytes that are not UTF-8`);
  return ctx.key(name) as string;
}

/** The profile's key prefix, for the engine's `keyPrefix` (profiles only hold text prefixes). */
export function keyPrefix(ctx: ConsoleContext): string {
  return textKey(ctx, '', 'the key prefix');
}
