// What went wrong, read from a Redis error the way Redis says it: the error reply's first word
// (BUSYGROUP, NOGROUP, WRONGTYPE, …) or, for a connection that is gone, ioredis's error name and
// the socket's error code. Callers decide by kind, never by matching message text themselves.

export type RedisErrorKind =
  | 'busy_group' // XGROUP CREATE of a group that exists
  | 'no_group' // the stream or the group does not exist (XREADGROUP, XACK, XCLAIM, …)
  | 'no_such_key' // XINFO and XGROUP on a missing stream
  | 'wrong_type' // the key holds another type
  | 'no_script' // EVALSHA of a script the server does not have
  | 'loading' // the server is loading its dataset
  | 'read_only' // a write sent to a replica
  | 'moved' // cluster: the slot lives on another node
  | 'ask' // cluster: the slot is migrating
  | 'no_perm' // ACL refused the command or the key
  | 'exec_abort' // MULTI/EXEC refused because a queued command was refused
  | 'not_connected' // no connection to send on (closed, refused, reset, out of retries)
  | 'other';

const BY_PREFIX: Record<string, RedisErrorKind> = {
  BUSYGROUP: 'busy_group',
  NOGROUP: 'no_group',
  WRONGTYPE: 'wrong_type',
  NOSCRIPT: 'no_script',
  LOADING: 'loading',
  READONLY: 'read_only',
  MOVED: 'moved',
  ASK: 'ask',
  NOPERM: 'no_perm',
  EXECABORT: 'exec_abort',
};

/** ERR replies that say the key is missing (XINFO STREAM, XGROUP on a stream that is not there). */
const MISSING_KEY = /^ERR (no such key|The XGROUP subcommand requires the key to exist)/i;

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
const CONNECTION_MESSAGES = [/Stream isn't writeable/i, /Connection is closed/i, /Reached the max retries per request/i];

export function redisErrorKind(error: unknown): RedisErrorKind {
  if (!(error instanceof Error)) return 'other';
  if (error.name === 'ReplyError') {
    const prefix = /^[A-Z]+/.exec(error.message)?.[0] ?? '';
    if (prefix in BY_PREFIX) return BY_PREFIX[prefix];
    if (MISSING_KEY.test(error.message)) return 'no_such_key';
    return 'other';
  }
  if (error.name === 'MaxRetriesPerRequestError') return 'not_connected';
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CONNECTION_CODES.has(code)) return 'not_connected';
  if (CONNECTION_MESSAGES.some((re) => re.test(error.message))) return 'not_connected';
  if (/\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)\b/.test(error.message)) return 'not_connected';
  return 'other';
}

export const isRedisError = (error: unknown, kind: RedisErrorKind): boolean => redisErrorKind(error) === kind;

/** The stream, or the group on it, is not there (whichever command said so). */
export const isMissingStreamOrGroup = (error: unknown): boolean => {
  const kind = redisErrorKind(error);
  return kind === 'no_group' || kind === 'no_such_key';
};
