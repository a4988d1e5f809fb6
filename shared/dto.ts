// Data shapes that cross the contract (results and pushed-event payloads). Plain JSON only:
// they go through structured clone (IPC) and JSON (WebSocket) unchanged.
import type { ConsumerMode, EntryFormat, LatencySummary } from '../electron/engine/types';
import type { ConnectionColour } from './connection-safety';
import type { AlertSettings } from './alerts';
import type { DecodedValue, FilterScan } from './decoding';
import type { ValueBytes } from './value-bytes';

// The engine owns these types (it is plain Node and imports nothing of the contract); the contract carries them as they are.
export type { ConsumerMode, EntryFormat, LatencySummary, PrunePolicy, PrunePreview, PruneResult } from '../electron/engine/types';

/** 'loading': Redis accepts the connection but is still loading its dataset (after a restart), so it refuses commands. */
export type ConnectionState = 'connecting' | 'loading' | 'ready' | 'reconnecting' | 'failed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** The Redis URL with any password removed. */
  url: string;
  /** True when the console started its own private redis-server because nothing answered. */
  embedded: boolean;
  /** Why the state is loading/reconnecting/failed, in words. */
  reason?: string;
  redisVersion?: string;
  /** Id of the saved profile in use, if any. */
  profileId?: string;
  keyPrefix?: string;
  /** The saved profile's safety marks (read-only, label, colour); absent for a bare URL. */
  readOnly?: boolean;
  label?: string;
  colour?: ConnectionColour;
  /** An SSH host whose key is not known yet: the user may confirm its fingerprint (connection.trustHostKey). */
  unknownHostKey?: SshHostKey;
  /** Something the user should know that does not stop the connection (e.g. its last use could not be recorded). */
  notice?: string;
}

/** An SSH server's host key as OpenSSH shows it (`SHA256:` + base64 of the key's SHA-256). */
export interface SshHostKey {
  host: string;
  port: number;
  fingerprint: string;
}

export type SshAuth = 'key' | 'agent' | 'password';

/** One SSH hop. Its secret (password, or the key's passphrase) is kept apart; `hasSecret` says one is stored. */
export interface SshHop {
  host: string;
  port: number;
  username: string;
  auth: SshAuth;
  /** Private key file (auth 'key'), on the machine running Streamscope. */
  privateKeyPath?: string;
  hasSecret: boolean;
}

/** The Redis connection goes through a local forward over this SSH server (optionally via a jump host). */
export interface SshSettings extends SshHop {
  jump?: SshHop;
}

/** TLS towards Redis (also on for rediss:// URLs). Paths are files on the machine running Streamscope. */
export interface TlsSettings {
  caPath?: string;
  certPath?: string;
  keyPath?: string;
  /** SNI name and the name the certificate must carry (default: the URL's host). */
  servername?: string;
  /** Off only when the user explicitly chose to accept any certificate. */
  rejectUnauthorized: boolean;
}

/** Where profile secrets are kept, and why they cannot be, when that is so. */
export interface SecretStorageInfo {
  kind: 'keychain' | 'memory';
  /** A sentence when secrets cannot be stored (e.g. Linux without a keyring). */
  unavailable?: string;
  /** The desktop app picks key and certificate files in a native dialog (profiles.chooseFile); web mode types paths. */
  fileDialog?: boolean;
}

export interface ConnectionProfile {
  id: string;
  name: string;
  /** URL without password (redis:// or rediss://). */
  url: string;
  username?: string;
  /** True when a password is stored for this profile; the password itself never leaves the main process. */
  hasPassword: boolean;
  keyPrefix?: string;
  readOnly?: boolean;
  label?: string;
  colour?: ConnectionColour;
  /** The folder the Connections dialog groups it under (e.g. "staging"); absent: no folder. */
  folder?: string;
  /** When the console last reached Redis with this profile (ms since epoch, main-process clock); absent: never. */
  lastConnectedAt?: number;
  ssh?: SshSettings;
  tls?: TlsSettings;
  /** Alert thresholds saved with the profile (shared/alerts.ts). */
  alerts?: AlertSettings;
}

/** What an import of saved connections did (or, on a dry run, would do). */
export interface ProfilesImportReport {
  dryRun: boolean;
  /** Names of the connections added. */
  added: string[];
  /** Entries not imported, with why (invalid, or carrying a secret). */
  skipped: Array<{ name: string; reason: string }>;
  /** Entries whose name a saved connection already has; the saved one is left as it is. */
  conflicted: Array<{ name: string; reason: string }>;
}

export interface StreamSummary {
  name: string;
  length: number;
  firstId: string | null;
  lastId: string | null;
  groups: number;
  /** Entries added per second, measured between two discovery passes (null on the first pass). */
  entriesPerSecond: number | null;
  /**
   * Sum of the groups' lag as the console knows it (Redis's number, or counted by the console when
   * Redis gives none); null when no group's lag is known. See `totalLagKind`.
   */
  totalLag: number | null;
  /**
   * 'exact': every group's lag is in the sum; 'at-least': some group's lag is a lower bound or
   * unknown, so the sum is a lower bound. Optional only so older fixtures type-check (always set).
   */
  totalLagKind?: 'exact' | 'at-least';
  /** How many groups' lag the console counted itself, and how many it could not tell. */
  lagComputedGroups?: number;
  lagUnknownGroups?: number;
  /** Age of the oldest entry some group has not been delivered yet (from its id's ms); null when none waits or unknown. */
  oldestUndeliveredMs?: number | null;
  totalPending: number;
  /**
   * Age of the oldest pending entry over all groups (now − the ms part of the smallest pending id);
   * null when nothing is pending. Optional only so older fixtures still type-check: the console
   * always sets it.
   */
  oldestPendingMs?: number | null;
  /** On a Redis Cluster: the key's slot and the `host:port` of the master serving it. */
  slot?: number;
  node?: string;
}

export interface StreamPage {
  streams: StreamSummary[];
  /** SCAN cursor to continue with; '0' when the scan is complete. */
  cursor: string;
}

/**
 * Where a group's lag comes from: 'redis' (XINFO GROUPS), 'computed' (Redis gave none, so the
 * console counted the entries after the group's last-delivered id, inside Redis: exact),
 * 'at-least' (that count stopped at its bound: `lag` is a lower bound), 'unknown' (not counted:
 * `lag` is null and `lagNote` says why).
 */
export type LagSource = 'redis' | 'computed' | 'at-least' | 'unknown';

export interface GroupInfo {
  name: string;
  consumers: number;
  pending: number;
  lastDeliveredId: string;
  /** Redis 7: entries-read; null on older servers or when Redis does not know it. */
  entriesRead: number | null;
  /** Entries not yet delivered to the group: see `lagSource` for how it is known; null = unknown. */
  lag: number | null;
  /** The fields below are optional only so older fixtures type-check: the console always sets them. */
  lagSource?: LagSource;
  /** Why Redis gave no lag (deleted entries, unknown entries-read, …) or why the console could not count. */
  lagNote?: string;
  /** When the console counted `lag` (ms since epoch), for 'computed' and 'at-least'. */
  lagCountedAt?: number;
  /** The oldest entry not yet delivered to the group (the first id after last-delivered); null when none waits or unknown. */
  firstUndeliveredId?: string | null;
  /** Its age: now − the ms part of that id. */
  oldestUndeliveredMs?: number | null;
}

/**
 * One field of an entry: its name (bytes that are not UTF-8 escaped as in shared/key-name.ts) and
 * its value's exact bytes (a preview when the value is large: load the rest with entries.value).
 */
export interface EntryField {
  name: string;
  /** Set when the name is longer than it travels (FIELD_NAME_PREVIEW_BYTES): its full size in bytes. */
  nameSize?: number;
  value: ValueBytes;
  /** The value as the page's decoder read it (only when a decoder was asked for or is remembered for the stream). */
  decoded?: DecodedValue;
  /**
   * Set when the value travels only decoded (`decoded.value`, an object or array): `value` then
   * carries no bytes, only the value's size and whether its bytes are UTF-8 (`text: ''`) or not
   * (`base64: ''`), and entries.value loads the exact bytes when they are asked for.
   */
  rawLeftOut?: true;
}

export interface StreamEntry {
  id: string;
  /** Milliseconds part of the id. */
  timestamp: number;
  /** Every field in Redis's order (names may repeat), up to MAX_FIELDS_CARRIED. */
  fields: EntryField[];
  /** Fields not carried (past MAX_FIELDS_CARRIED or the entry's byte budget); absent when none. */
  omittedFields?: number;
  /**
   * ucloud: a single `msg` field holding JSON (UCloud's wire format); json: a single other field
   * holding JSON; fields: several fields; sentinel: UCloud's `msg=stream-init` marker; raw: one
   * field that is not JSON (or JSON shown as text, see `note`).
   */
  format: EntryFormat;
  /** The decoded JSON of ucloud/json entries whose value travels whole (VALUE_PREVIEW_BYTES) and nests at most MAX_JSON_DEPTH deep. */
  value?: unknown;
  /** Why the entry is shown as it is when that is not obvious (too large to decode here, nested too deep). */
  note?: string;
}

export interface StreamDetail {
  name: string;
  length: number;
  firstEntry: StreamEntry | null;
  lastEntry: StreamEntry | null;
  lastGeneratedId: string;
  maxDeletedEntryId: string | null;
  entriesAdded: number | null;
  memoryBytes: number | null;
  groups: GroupInfo[];
  /** On a Redis Cluster: the key's slot and the `host:port` of the master serving it. */
  slot?: number;
  node?: string;
}

export interface EntryPage {
  /** Fewer than asked when the reply's byte budget (REPLY_BUDGET_BYTES) is reached; `next` goes on from there. */
  entries: StreamEntry[];
  /** Id to pass as `from` (exclusive) for the next page in the same direction; null at the end. */
  next: string | null;
  /** How many entries the server scanned to fill this page (differs from entries.length with a filter). */
  scanned: number;
}

/** A chunk of one field's value (entries.value): bytes [offset, offset + chunk size) of `size`. */
export interface ValueChunk {
  offset: number;
  /** Size of the whole value in bytes. */
  size: number;
  chunk: ValueBytes;
}

/** Entries newer than an id (entries.newer): `count`, or at least `count` when `atLeast`. */
export interface NewerEntries {
  count: number;
  atLeast: boolean;
  /** Id of the newest entry counted, null when none. */
  newestId: string | null;
}

export type Presence = 'live' | 'stale' | 'unknown';

export interface InstanceMetrics {
  deliveredPerSec: number;
  ackedPerSec: number;
  inFlight: number;
  /** This instance's share of the group's deliveries in the last window, 0..1. */
  share: number;
  publishToDeliverMs: LatencySummary | null;
  deliverToAckMs: LatencySummary | null;
}

export interface InstanceInfo {
  /** The consumer name in the group (UCloud: the instance's hostname). */
  name: string;
  pending: number;
  idleMs: number;
  /** Redis 7.2+: ms since the last successful interaction; null otherwise. */
  inactiveMs: number | null;
  presence: Presence;
  mode: ConsumerMode | null;
  host: string | null;
  pid: number | null;
  startedAt: number | null;
  lastSeenAt: number | null;
  /** Set when this instance is hosted by this console (see instances.*). */
  hostedId: string | null;
  metrics: InstanceMetrics | null;
}

export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
  /** Delivered more than the poison threshold. */
  poison: boolean;
  /** The entry is no longer in the stream (XDEL, or trimmed): only its pending id is left. */
  entryDeleted?: boolean;
}

export interface PendingPage {
  entries: PendingEntry[];
  total: number;
  minId: string | null;
  maxId: string | null;
  perConsumer: Array<{ consumer: string; count: number }>;
  /** Id to continue from (exclusive), null at the end. */
  next: string | null;
  /**
   * Pending ids (of this group, or of `consumer` when one was asked for) whose entry is gone from
   * the stream, counted over at most `scanned` ids of the pending list; `complete` when that was all of it.
   */
  deleted?: { count: number; scanned: number; complete: boolean };
}

export interface DeadLetter {
  /** Id in the dead-letter stream. */
  id: string;
  originalId: string;
  stream: string;
  group: string;
  consumer: string;
  deliveries: number;
  error: string;
  /**
   * The original entry's first field value (UCloud: `msg`), its exact bytes: text when UTF-8,
   * base64 otherwise; a preview (`truncated`) of the first 4 KiB when larger. A replay always writes
   * back the whole entry.
   */
  payload: ValueBytes;
  /** The original entry's fields in order (the first 32, values previewed like payload). */
  fields: Array<{ name: ValueBytes; value: ValueBytes }>;
  /** How many fields the original entry has (more than `fields` holds when it has very many). */
  fieldCount: number;
  deadAt: number;
}

export interface HostedInstance {
  id: string;
  stream: string;
  group: string;
  instance: string;
  mode: ConsumerMode;
  processingDelayMs: number;
  failureRate: number;
  ackMode: 'auto' | 'never';
  state: 'running' | 'paused' | 'crashed' | 'left';
  delivered: number;
  acked: number;
  failed: number;
  inFlight: number;
  /**
   * Errors the instance's engine reported outside its handler (lost connection, failed claim pass or
   * ack, a stop that timed out…): how many reached the console, and the latest. Absent while none.
   */
  errors?: { count: number; last: EngineErrorInfo };
}

/** One engine error: when, in what (`context`: read, claim, ack, connection, stop timeout…), what it said. */
export interface EngineErrorInfo {
  at: number;
  context: string;
  message: string;
}

export interface PublishJob {
  jobId: string;
  target: { kind: 'stream' | 'broadcast'; name: string };
  total: number;
  sent: number;
  failed: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  error?: string;
  /** For broadcasts: total receivers summed over all messages (the console's own rate subscription left out). */
  receivers?: number;
  /** For broadcasts: how many receptions by the console's own rate subscription were left out of `receivers`. */
  ownExcluded?: number;
}

export interface BroadcastChannel {
  name: string;
  subscribers: number;
  /**
   * A sharded channel (Redis 7 SSUBSCRIBE, PUBSUB SHARDCHANNELS); its rate is not measured (the
   * console's pattern subscription does not receive SPUBLISH). Absent for classic channels.
   */
  sharded?: boolean;
  /**
   * Messages per second counted by the console's rate-measuring subscription (broadcast.measureRates)
   * over the last `measuredForMs`; null when nothing measures (never 0 for unknown).
   */
  messagesPerSec: number | null;
  /** Optional only so older fixtures type-check: the console always sets them. */
  rateSource?: 'measured' | 'not-measured';
  measuredForMs?: number;
}

export interface BroadcastMessage {
  subscriptionId: string;
  /** Which of the console's subscribers (0-based) received it: the fan-out view. */
  subscriber: number;
  channel: string;
  pattern: string | null;
  /** Received through a sharded subscription (SSUBSCRIBE). */
  sharded?: boolean;
  /**
   * The payload as text: its bytes exactly when they are UTF-8; otherwise each byte that is not
   * shows as `\xNN`. At most VALUE_PREVIEW_BYTES of it (then `bytes.truncated` says so).
   */
  payload: string;
  /** The exact bytes, set when `payload` is not them: not UTF-8 (base64), or a preview of a larger payload (with its whole size). */
  bytes?: ValueBytes;
  /** Parsed JSON, when the payload is whole, JSON, and nests at most MAX_JSON_DEPTH deep. */
  value?: unknown;
  receivedAt: number;
  /** Per-subscription sequence number, to spot gaps. */
  seq: number;
}

export interface BroadcastGap {
  subscriptionId: string;
  /** Time the subscriber connection was lost and when it was subscribed again. */
  from: number;
  to: number;
  reason: string;
}

export interface FlowInstance {
  instance: string;
  presence: Presence;
  deliveredPerSec: number;
  ackedPerSec: number;
  inFlight: number;
  share: number;
  hosted: boolean;
}

export interface FlowGroup {
  group: string;
  deliveredPerSec: number;
  /** As GroupInfo.lag: Redis's number or the console's count (see lagSource). */
  lag: number | null;
  lagSource?: LagSource;
  oldestUndeliveredMs?: number | null;
  pending: number;
  oldestPendingMs: number | null;
  instances: FlowInstance[];
}

export interface FlowSnapshot {
  stream: string;
  at: number;
  producedPerSec: number;
  length: number;
  groups: FlowGroup[];
}

/** What the console remembers of one stream's flow (`flow.history`), for the Charts tab. */
export interface FlowHistory {
  stream: string;
  /** How far back the console keeps samples (10 minutes). */
  windowMs: number;
  /** While no page watches the stream, the console samples it this often, for a while. */
  backgroundEveryMs: number;
  /** What that background sampling costs Redis for this stream: (2 + groups) commands per sample. */
  backgroundCommandsPerSec: number;
  /**
   * Oldest first: the flow.tick snapshots of the last window plus background samples, with the
   * stream's and groups' numbers only (`instances` is empty; the live flow.tick carries them).
   */
  samples: FlowSnapshot[];
}

export interface MembershipEvent {
  at: number;
  stream: string;
  group: string;
  instance: string;
  /** `error`: a hosted instance's engine reported an error (detail: kind and message). */
  kind: 'joined' | 'left' | 'crashed' | 'stale' | 'idle' | 'returned' | 'error';
  detail?: string;
}

export interface JourneyStep {
  /** When it happened (ms since epoch); null when nobody recorded when (Redis keeps no such time). */
  at: number | null;
  /**
   * Events: produced (time from the id), delivered / claimed / acked / failed / retried (seen by
   * this console's hosted instances), dead-lettered, pruned (the entry is gone from the stream).
   * A group's state now: pending (in its pending list), waiting (after the group's position: not
   * delivered yet), passed (the position is past it and it is not pending: acknowledged, or skipped
   * when the group was created or moved — Redis does not record which), skipped (this console
   * created or moved the group past it).
   */
  kind:
    | 'produced'
    | 'delivered'
    | 'claimed'
    | 'acked'
    | 'failed'
    | 'retried'
    | 'dead-lettered'
    | 'pruned'
    | 'pending'
    | 'waiting'
    | 'passed'
    | 'skipped';
  group?: string;
  instance?: string;
  detail?: string;
  /** pending: delivery count and idle time (Redis's, measured) — `at` is then now − idle. */
  deliveries?: number;
  idleMs?: number;
  /** waiting: entries the group gets before this one; `exact` false when the count stopped at its bound. */
  ahead?: { count: number; exact: boolean };
}

export interface DemoStatus {
  running: boolean;
  stream: string | null;
  channel: string | null;
  ratePerSec: number;
  services: string[];
  instanceIds: string[];
}

export type ExportFormat = 'ndjson' | 'csv' | 'raw';

export type TransferSelection =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'range'; start: string; end: string }
  | { kind: 'time'; fromMs?: number; toMs?: number }
  | { kind: 'last'; count: number };

/** An export of a stream's entries (transfer.export); its bytes go to transfer.read or a file. */
export interface ExportJob {
  jobId: string;
  kind: 'export';
  stream: string;
  format: ExportFormat;
  selection: TransferSelection;
  follow: boolean;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  error?: string;
  /** Entries written out so far. */
  entries: number;
  /** Bytes written out so far. */
  bytes: number;
  /** Entries the selection holds, when known at the start (listed ids, whole stream, last N); null: unknown until done. */
  total: number | null;
  /** Id of the last entry written out. */
  lastId: string | null;
  /** Listed ids (selection `ids`) that are not in the stream. */
  missing: number;
  /** CSV only: values that are not UTF-8, written as `base64:` and their base64. */
  binaryValues: number;
  /** Where the desktop app saved it (destination `file`). */
  savedTo?: string;
  /** An export of a filter's matches: the scan's counts and budget (`entries` are the matches written). */
  filter?: FilterScan;
}

export interface ImportProblem {
  /** 1-based line number in the input. */
  line: number;
  message: string;
}

/** An import of NDJSON lines into a stream (transfer.import), fed by transfer.write. */
export interface ImportJob {
  jobId: string;
  kind: 'import';
  stream: string;
  ids: 'keep' | 'new';
  dryRun: boolean;
  ratePerSec: number | null;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  error?: string;
  /** Lines read so far (blank ones included, so numbers match the input). */
  lines: number;
  /** Entries written (a dry run: that would be written). */
  entries: number;
  /** Fields and value bytes of those entries. */
  fields: number;
  valueBytes: number;
  /** Input bytes consumed. */
  bytes: number;
  /** Lines that cannot be written; the first 100 are in `problems`. */
  invalid: number;
  problems: ImportProblem[];
  /** First and last id written (a dry run with kept ids: that would be written). */
  firstId: string | null;
  lastId: string | null;
  /** The target's last id when the import started (null: the stream did not exist). */
  targetLastId: string | null;
}

export type TransferJob = ExportJob | ImportJob;

export interface TransferChunk {
  /** The next bytes of the export, or null when none came within the wait. */
  data: ValueBytes | null;
  /** True once the job has ended and every byte was read; check `job.state` for how it ended. */
  done: boolean;
  job: ExportJob;
}

/** What the console offers for transfers, so the UI shows true limits. */
export interface TransferLimits {
  /** The desktop app can save an export to a file the user picks. */
  saveToFile: boolean;
  /** Bytes a transfer.read returns at most; what a transfer.write should carry at most. */
  chunkBytes: number;
  /** Longest import line, in bytes. */
  maxLineBytes: number;
  /** A job nobody reads from (export) or writes to (import) for this long is cancelled; null: never. */
  idleTimeoutMs: number | null;
  maxRunning: number;
}
