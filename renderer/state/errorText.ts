// The one place a contract error (code + the console's or Redis's words) becomes a sentence a
// user can act on. Every error the renderer shows goes through describeError.
import { isMethod, type ReplyError } from '../../shared';
import { formatBytes } from './format';

/** What the argument paths of the contract's schemas are called on screen. */
const FIELD_NAMES: Record<string, string> = {
  json: 'The payload',
  template: 'The template',
  stream: 'The stream name',
  channel: 'The channel name',
  group: 'The group',
  consumer: 'The consumer',
  instance: 'The instance name',
  url: 'The Redis URL',
  name: 'The name',
  id: 'The id',
  ids: 'The list of ids',
  from: 'The start position',
  count: 'The count',
  ratePerSec: 'The rate',
  subscribers: 'The number of subscribers',
  processingDelayMs: 'The processing delay',
  failureRate: 'The failure rate',
  claimIdleMs: 'The claim idle time',
  maxDeliveries: 'The dead-letter delivery count',
  'mode.concurrency': 'Concurrency',
  'mode.maxLatencyMs': 'The max latency',
  'mode.maxBatchSize': 'The max batch size',
  keyPrefix: 'The key prefix',
  password: 'The password',
  username: 'The username',
};

/** "maxDeliveries" → "Max deliveries"; "target.name" → "Target name". */
function fieldName(path: string): string {
  const known = FIELD_NAMES[path];
  if (known) return known;
  const words = path
    .replace(/\./g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return capitalize(words);
}

const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
const sentence = (s: string) => {
  const t = capitalize(s.trim());
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

/** One schema issue, "path: message" or a bare message, as a clause. */
function issueClause(issue: string): string {
  const m = /^([A-Za-z_][\w.]*|\(arguments\)): (.*)$/s.exec(issue);
  if (!m || m[1] === '(arguments)') return m ? m[2] : issue;
  const [, path, message] = m;
  const field = fieldName(path);
  if (/^(must|is|has|needs|cannot|should)\b/.test(message)) return `${field} ${message}`;
  if (/^not\b/.test(message)) return `${field} is ${message}`;
  return `${field}: ${message}`;
}

/** Redis's own error text starts with an upper-case word: NOGROUP, BUSYGROUP, WRONGTYPE, NOPERM, ERR. */
const redisText = (message: string) => /^[A-Z][A-Z_]+\b/.test(message);

function tooLarge(message: string): string {
  const m = /(\d+) bytes is over the limit of (\d+) bytes/.exec(message);
  if (!m) return `This request is too large to send to the console (${message}). Send a smaller payload.`;
  return `This request is ${formatBytes(Number(m[1]))}, over the ${formatBytes(Number(m[2]))} the connection to the console carries at once. Send a smaller payload.`;
}

export function describeError(error: ReplyError): string {
  const message = error.message.trim();
  switch (error.code) {
    case 'invalid_args': {
      // "publish.event: json: must be at most 1 MB; stream: must not be empty" — the method is ours, not the user's.
      const method = /^([a-z]+\.[a-zA-Z]+): /.exec(message);
      const issues = (method && isMethod(method[1]) ? message.slice(method[0].length) : message).split('; ');
      return issues.map((i) => sentence(issueClause(i))).join(' ');
    }
    case 'not_connected': {
      const what = /^Redis is not connected/.test(message) ? message : `Redis is not connected: ${message}`;
      return `${sentence(what)} The console keeps trying; try again once the bar at the top says ready.`;
    }
    case 'too_large':
      return tooLarge(message);
    case 'not_found':
      return redisText(message)
        ? `Not found — Redis says: ${message}`
        : `${sentence(message)} It may have been deleted; refresh and try again.`;
    case 'conflict':
      return /^BUSYGROUP/.test(message) ? `A group with that name already exists (Redis: ${message}).` : sentence(message);
    case 'redis_error':
      return /^NOPERM/.test(message) ? `The Redis user is not allowed to do this: ${message}` : `Redis refused the command: ${message}`;
    case 'read_only': {
      // "pending.ack writes to Redis, and this connection is read-only: …" — say what the user tried in their words.
      const method = /^([a-z]+\.[a-zA-Z]+) /.exec(message)?.[1];
      return `This is a read-only connection, so the console does not change anything on this Redis${method ? ` (${method} was refused)` : ''}. To make changes, connect with a profile that allows writes.`;
    }
    case 'forbidden':
      return `The console refused this request: ${sentence(message)}`;
    case 'rate_limited':
      return `Too many requests at once (${message}); wait a moment and try again.`;
    case 'timeout':
      // The bridge's own words already name the method, the time, and that it may still finish.
      return message;
    case 'unknown_method':
      return `This page and the console it talks to do not match (${message}); reload the page.`;
    case 'internal':
      return `Something went wrong inside the console: ${sentence(message)} The console keeps running; please report this.`;
  }
}
