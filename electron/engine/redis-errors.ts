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
  | 'no_auth' // not authenticated, or the username or password is wrong
  | 'cluster_down' // cluster: the cluster is down or no master serves the key's slot
  | 'try_again' // cluster: a multi-key command during a slot migration
  | 'master_down' // a replica that lost its master and serves no stale data
  | 'out_of_memory' // maxmemory reached: writes refused
  | 'exec_abort' // MULTI/EXEC refused because a queued command was refused
  | 'unknown_command' // a command or subcommand this server does not have (an older Redis)
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
  NOAUTH: 'no_auth',
  WRONGPASS: 'no_auth',
  CLUSTERDOWN: 'cluster_down',
  TRYAGAIN: 'try_again',
  MASTERDOWN: 'master_down',
  OOM: 'out_of_memory',
  EXECABORT: 'exec_abort',
};

/** ERR replies that say the key is missing (XINFO STREAM, XGROUP on a stream that is not there). */
const MISSING_KEY = /^ERR (no such key|The XGROUP subcommand requires the key to exist)/i;

/**
 * ERR replies for a command or subcommand the server does not know: Redis 7 "ERR unknown command 'X'" and
 * "ERR unknown subcommand 'X'. Try PUBSUB HELP.", Redis 6 "ERR Unknown subcommand or wrong number of arguments".
 */
const UNKNOWN_COMMAND = /^ERR unknown (sub)?command\b/i;

/** A cluster client that stopped following redirections, with the last Redis reply's error word. */
const GAVE_UP = /^Too many Cluster redirections\. Last error: (?:ReplyError: ([A-Z]+))?/;

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
const CONNECTION_MESSAGES = [/Stream isn't writeable/i, /Connection is closed/i, /Reached the max retries per request/i];

export function redisErrorKind(error: unknown): RedisErrorKind {
  if (!(error instanceof Error)) return 'other';
  if (error.name === 'ReplyError') {
    const prefix = /^[A-Z]+/.exec(error.message)?.[0] ?? '';
    if (prefix in BY_PREFIX) return BY_PREFIX[prefix];
    if (MISSING_KEY.test(error.message)) return 'no_such_key';
    if (UNKNOWN_COMMAND.test(error.message)) return 'unknown_command';
    return 'other';
  }
  // A cluster client that gave up following redirections (CLUSTERDOWN, TRYAGAIN, MOVED) names the last reply.
  const lastReply = GAVE_UP.exec(error.message)?.[1];
  if (lastReply && lastReply in BY_PREFIX) return BY_PREFIX[lastReply];
  if (error.name === 'MaxRetriesPerRequestError') return 'not_connected';
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CONNECTION_CODES.has(code)) return 'not_connected';
  if (CONNECTION_MESSAGES.some((re) => re.test(error.message))) return 'not_connected';
  if (/\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)\b/.test(error.message)) return 'not_connected';
  return 'other';
}

/** Each refusal a user can meet, in words that say what it means and what to do. */
const IN_PLAIN_WORDS: Partial<Record<RedisErrorKind, string>> = {
  busy_group: 'a group with this name already exists on the stream',
  no_group: 'the stream or the group does not exist',
  no_such_key: 'the stream does not exist',
  wrong_type: 'the key holds another type than this command works on',
  no_script: 'Redis does not hold this script (it restarted or its scripts were flushed)',
  loading: 'Redis is still loading its data set into memory; try again once it has loaded',
  read_only: 'this Redis is a read-only replica; writes go to its master',
  moved: 'the key is served by another node of a Redis Cluster; connect with ?cluster=true to follow it',
  ask: "the key's slot is moving to another node of the Redis Cluster; try again",
  no_perm: 'no permission: the Redis ACL user may not run this command or use this key or channel',
  no_auth: 'Redis wants a username and password, or the ones given are wrong',
  cluster_down: "the Redis Cluster cannot serve this key: the cluster is down or no master serves the key's slot",
  try_again: "the keys' slot is moving between nodes of the Redis Cluster; try again",
  master_down: 'this replica lost its link to its master and is set to serve no stale data',
  out_of_memory: 'Redis is at its memory limit (maxmemory) and refuses writes',
  unknown_command: 'this Redis does not have the command (an older version, or renamed or disabled in its configuration)',
};

/**
 * Redis's own error text followed by what its kind means in plain words, e.g. "READONLY You can't
 * write against a read only replica. — this Redis is a read-only replica; writes go to its master".
 * Redis's words come first, so its error word still leads the message.
 */
export function redisErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  const kind = redisErrorKind(error);
  // A cluster client already follows MOVED and ASK; when it gives up, the slots kept moving.
  if (GAVE_UP.test(message) && (kind === 'moved' || kind === 'ask' || kind === 'try_again'))
    return `${message} — the cluster client gave up following the Redis Cluster's redirections (its slots are moving, e.g. in a failover); try again once the cluster is stable`;
  const plain = IN_PLAIN_WORDS[kind];
  return plain ? `${message} — ${plain}` : message;
}

export const isRedisError = (error: unknown, kind: RedisErrorKind): boolean => redisErrorKind(error) === kind;

/** The stream, or the group on it, is not there (whichever command said so). */
export const isMissingStreamOrGroup = (error: unknown): boolean => {
  const kind = redisErrorKind(error);
  return kind === 'no_group' || kind === 'no_such_key';
};
