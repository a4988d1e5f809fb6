// Which contract methods change Redis. A read-only connection refuses every 'write' method at the
// dispatcher, and the UI disables the controls that call one. The map is keyed by every listed
// method, so a new method does not compile until it is classified here.
import type { ListedMethod } from './methods';

export type MethodAccess =
  /** Reads Redis, or only the console's own state (watches, tails, subscriptions, job lists). */
  | 'read'
  /** Writes to Redis: adds, acknowledges, claims, deletes, creates or moves something there. */
  | 'write'
  /** Changes which Redis the console talks to or the saved profiles; never touches Redis data. */
  | 'connection'
  /** Writes to Redis unless its arguments say `dryRun: true`, which validates and reports without writing. */
  | 'write-unless-dry-run';

export const METHOD_ACCESS = {
  'connection.status': 'connection',
  'connection.connect': 'connection',
  'profiles.list': 'connection',
  'profiles.save': 'connection',
  'profiles.delete': 'connection',
  'profiles.export': 'connection',
  'profiles.import': 'connection',
  'profiles.secrets': 'connection',
  'profiles.chooseFile': 'connection',
  'connection.trustHostKey': 'connection',
  'streams.list': 'read',
  'streams.detail': 'read',
  'entries.page': 'read',
  'entries.tail': 'read',
  'entries.untail': 'read',
  'entries.republish': 'write',
  'entries.journey': 'read',
  'entries.value': 'read',
  'entries.newer': 'read',
  'groups.list': 'read',
  'groups.create': 'write',
  'groups.delete': 'write',
  'groups.setPosition': 'write',
  'consumers.list': 'read',
  'consumers.delete': 'write',
  'pending.list': 'read',
  'pending.ack': 'write',
  'pending.claim': 'write',
  'pending.autoClaim': 'write',
  'pending.ackDeleted': 'write',
  'deadLetters.list': 'read',
  'deadLetters.replay': 'write',
  'publish.event': 'write',
  'publish.broadcast': 'write',
  'publish.start': 'write',
  // Cancelling stops a job; it writes nothing (and no job can start on a read-only connection).
  'publish.cancel': 'read',
  'publish.jobs': 'read',
  // A hosted instance reads, acknowledges and claims as a group member; every control of one writes.
  'instances.join': 'write',
  'instances.list': 'read',
  'instances.pause': 'write',
  'instances.resume': 'write',
  'instances.crash': 'write',
  'instances.leave': 'write',
  'broadcast.channels': 'read',
  'broadcast.subscribe': 'read',
  'broadcast.unsubscribe': 'read',
  'broadcast.measureRates': 'read',
  'broadcast.stopRates': 'read',
  'prune.preview': 'read',
  'prune.run': 'write',
  'flow.watch': 'read',
  'flow.unwatch': 'read',
  'flow.timeline': 'read',
  'flow.history': 'read',
  'transfer.export': 'read',
  'transfer.read': 'read',
  'transfer.import': 'write-unless-dry-run',
  // Feeds a job transfer.import started: a real import was refused there on a read-only connection,
  // so only dry runs exist on one (a connection switch ends every job).
  'transfer.write': 'read',
  'transfer.cancel': 'read',
  'transfer.jobs': 'read',
  'transfer.entry': 'read',
  'transfer.limits': 'read',
  'demo.start': 'write',
  // Stopping the demo deletes the stream and channel it made.
  'demo.stop': 'write',
  'demo.status': 'read',
  // Alert rules, decoders and saved filters live in the profile (or the console's memory), not in Redis.
  'alerts.status': 'read',
  'alerts.setRules': 'connection',
  'alerts.check': 'read',
  'alerts.clearHistory': 'connection',
  'metrics.snapshot': 'read',
  'decoders.get': 'read',
  'decoders.set': 'connection',
  'decoders.encode': 'read',
  'filters.list': 'read',
  'filters.save': 'connection',
  'filters.delete': 'connection',
  'filters.start': 'read',
  'filters.cancel': 'read',
  'filters.results': 'read',
} as const satisfies Record<ListedMethod, MethodAccess>;

type Writes = 'write' | 'write-unless-dry-run';

export type WriteMethod = { [M in ListedMethod]: (typeof METHOD_ACCESS)[M] extends Writes ? M : never }[ListedMethod];

export const WRITE_METHODS: readonly WriteMethod[] = (Object.keys(METHOD_ACCESS) as ListedMethod[]).filter(
  (m): m is WriteMethod => METHOD_ACCESS[m] === 'write' || METHOD_ACCESS[m] === 'write-unless-dry-run',
);

const WRITES: ReadonlySet<string> = new Set<string>(WRITE_METHODS);

export const isWriteMethod = (method: string): method is WriteMethod => WRITES.has(method);

const isDryRun = (args: unknown) => typeof args === 'object' && args !== null && (args as { dryRun?: unknown }).dryRun === true;

/**
 * Whether this call writes to Redis, judged from the raw arguments before they are validated: a
 * 'write-unless-dry-run' method asked for `dryRun: true` only reads (validation keeps the value).
 */
export const callWrites = (method: string, args: unknown): boolean =>
  WRITES.has(method) && !(METHOD_ACCESS[method as WriteMethod] === 'write-unless-dry-run' && isDryRun(args));

/** The sentence a read-only connection answers a write with (the error code is 'read_only'). */
export const readOnlyRefusal = (method: string) =>
  `${method} writes to Redis, and this connection is read-only: change the connection's profile to allow writes`;
