// The reply envelope every contract call resolves to, over every transport. Errors keep their
// code across IPC and WebSocket because they travel as data, never as thrown exceptions.

export type ErrorCode =
  | 'unknown_method' // the method is not in the contract's allow-list
  | 'invalid_args' // the arguments failed the method's schema; message names the field
  | 'not_found' // the stream, group, consumer, instance or job does not exist
  | 'conflict' // e.g. a group that already exists (BUSYGROUP)
  | 'redis_error' // Redis answered with an error; message is Redis's own text
  | 'not_connected' // no Redis connection right now (connecting / reconnecting / failed)
  | 'forbidden' // the caller is not allowed (bad token, foreign frame)
  | 'read_only' // a write method on a connection whose profile is read-only
  | 'too_large' // a message over the transport's size limit
  | 'rate_limited' // too many requests from one caller
  | 'timeout' // no answer within the bridge's time for the method; the call may still complete
  | 'internal'; // a bug: the message says what failed

export interface ReplyError {
  code: ErrorCode;
  message: string;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ReplyError };

export const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Reply<never> => ({ ok: false, error: { code, message } });

/** Thrown by console code to produce a specific error code; dispatch turns it into a Reply. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}
