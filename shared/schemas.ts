// Argument schemas for every contract method. dispatch validates with these before any Redis call;
// the renderer may reuse them for inline form validation.
import { z } from 'zod';
import { CONNECTION_COLOURS } from './connection-safety';
import { isTextKeyName, keyNameProblem } from './key-name';
import { VALUE_CHUNK_BYTES } from './entry-budget';
import { MAX_JSON_BYTES, utf8ByteLength } from './limits';
import { DECODER_KINDS, INNER_DECODER_KINDS } from './decoding';

/** A validation failure as "path: message; path: message" (the arguments as a whole are "(arguments)"). */
export function describeIssues(error: z.ZodError, whole = '(arguments)'): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : whole;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

function addressesOneKey(name: string, ctx: z.RefinementCtx): void {
  const problem = keyNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

/**
 * A Redis key or channel name: non-empty, bounded, any text (spaces and globs allowed); bytes that
 * are not UTF-8 travel as escapes U+DC80–U+DCFF (shared/key-name.ts).
 */
export const keyName = z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters').superRefine(addressesOneKey);
/** A SCAN / PUBSUB glob over key or channel names, escaped bytes allowed as in `keyName`. */
const namePattern = z.string().max(1024).superRefine(addressesOneKey);
/** A group or consumer name as Redis holds it: like a key name, bytes that are not UTF-8 escaped. */
export const memberName = z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters').superRefine(addressesOneKey);
/** A group or instance name the engine works with: text only (it builds its keys and presence from text). */
export const textMemberName = z
  .string()
  .min(1, 'must not be empty')
  .max(1024, 'must be at most 1024 characters')
  .refine(isTextKeyName, 'must be UTF-8 text to host an instance (this name has bytes that are not UTF-8)');
/** A stream entry id: `ms-seq`, `ms`, or the specials Redis accepts where they make sense. */
export const entryId = z.string().regex(/^(\d{1,20}(-\d{1,20})?)$/, 'must be a stream id like 1700000000000-0');
export const positionId = z.union([z.literal('$'), z.literal('0'), entryId]);
const rangeId = z.union([z.literal('-'), z.literal('+'), entryId]);
const ids = z.array(entryId).min(1, 'must list at least one id').max(10_000, 'must list at most 10000 ids');
const jsonText = z
  .string()
  .max(MAX_JSON_BYTES, 'must be at most 1 MB') // characters never outnumber bytes: the cheap check first
  .refine((text) => utf8ByteLength(text) <= MAX_JSON_BYTES, 'must be at most 1 MB (1,000,000 bytes of UTF-8)');

/** A field name to write: any bytes, empty allowed (Redis takes them); escapes as in `keyName`. */
const fieldName = z
  .string()
  .max(65_536, 'must be at most 65536 characters')
  .superRefine((name, ctx) => {
    if (name !== '') addressesOneKey(name, ctx);
  });
/** A value to write, as shared/value-bytes.ts carries it: text, or base64 for other bytes; never a preview. */
export const fieldValue = z
  .object({
    text: z.string().max(1_000_000, 'must be at most 1 MB').optional(),
    base64: z
      .string()
      .max(1_400_000, 'must be at most 1 MB of bytes')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
      .optional(),
    size: z.int().min(0).optional(),
    truncated: z.literal(true).optional(),
  })
  .refine((v) => (v.text === undefined) !== (v.base64 === undefined), 'must have exactly one of text or base64')
  .refine((v) => v.truncated === undefined, 'is a preview (truncated): load the whole value before writing it');
/** Fields of one entry to write, in order. */
const entryFields = z
  .array(z.object({ name: fieldName, value: fieldValue }))
  .min(1, 'must list at least one field')
  .max(1000, 'must list at most 1000 fields');
/** Fields whose text values are publish templates ({{uuid}}, {{seq}}, {{now}}). */
const fieldTemplates = z
  .array(z.object({ name: fieldName, value: z.string().max(1_000_000, 'must be at most 1 MB') }))
  .min(1, 'must list at least one field')
  .max(1000, 'must list at most 1000 fields');
const oneOf = (a: string, b: string) => (v: Record<string, unknown>) => (v[a] === undefined) !== (v[b] === undefined);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Bytes as shared/value-bytes.ts carries them: exactly one of text/base64; `size`, when given, is checked where they are decoded. */
export const valueBytes = z
  .object({
    text: z.string().optional(),
    base64: z.string().regex(BASE64, 'must be base64 (A–Z a–z 0–9 + /, padded with =)').optional(),
    size: z.int().min(0).optional(),
    truncated: z.literal(true).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.text === undefined) === (v.base64 === undefined))
      ctx.addIssue({ code: 'custom', message: 'must have exactly one of text or base64' });
    if (v.truncated)
      ctx.addIssue({ code: 'custom', message: 'carries only the first bytes of the value (truncated), so it cannot be written' });
  });

/** Most characters one transfer.write may carry (the CLI and the UI send 1 MiB of bytes at a time). */
export const MAX_TRANSFER_CHUNK_CHARS = 8 * 1024 * 1024;

const transferSelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ids'), ids }),
  /** Inclusive, like XRANGE; '-' and '+' are the stream's ends. */
  z.object({ kind: z.literal('range'), start: rangeId.default('-'), end: rangeId.default('+') }),
  /** Inclusive, ms since epoch (the ms part of stream ids). */
  z.object({
    kind: z.literal('time'),
    fromMs: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    toMs: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  }),
  /** The newest `count` entries, oldest first. */
  z.object({ kind: z.literal('last'), count: z.int().min(1).max(Number.MAX_SAFE_INTEGER) }),
]);

export const prunePolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('maxLength'), maxLength: z.int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  z.object({ kind: z.literal('maxAge'), maxAgeMs: z.int().min(0).max(Number.MAX_SAFE_INTEGER) }),
]);

const pruneArgs = z.object({ stream: keyName, policy: prunePolicy, safe: z.boolean().default(true) });

const consumerMode = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('immediate'),
    concurrency: z.int().min(1).max(1000).default(1),
    prefetch: z.int().min(1).max(10_000).optional(),
  }),
  z.object({
    kind: z.literal('batched'),
    maxLatencyMs: z.int().min(1).max(600_000).default(500),
    maxBatchSize: z.int().min(1).max(100_000).default(1000),
  }),
]);

const hostName = z
  .string()
  .min(1, 'must name a host')
  .max(255)
  .regex(/^[A-Za-z0-9._:[\]-]+$/, 'must be a host name or IP address');
const localPath = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute file path');
// One SSH hop. `secret` is the password (auth 'password') or the key's passphrase (auth 'key'); it
// goes to the secret store, never back out. Left out on an update, the stored one is kept; '' clears it.
const PORT_RANGE = 'must be a port number from 1 to 65535';
const sshHopFields = {
  host: hostName,
  port: z.int({ error: PORT_RANGE }).min(1, PORT_RANGE).max(65535, PORT_RANGE).default(22),
  username: z.string().min(1, 'must name the SSH user').max(200),
  auth: z.enum(['key', 'agent', 'password']),
  privateKeyPath: localPath.optional(),
  secret: z.string().max(1024).optional(),
};
const keyFileNeeded = {
  message: 'needs a private key file for key authentication',
  path: ['privateKeyPath'],
};
const sshHop = z.object(sshHopFields).refine((hop) => hop.auth !== 'key' || hop.privateKeyPath, keyFileNeeded);
const sshSettings = z
  .object({ ...sshHopFields, jump: sshHop.optional() })
  .refine((s) => s.auth !== 'key' || s.privateKeyPath, keyFileNeeded);
const tlsSettings = z
  .object({
    caPath: localPath.optional(),
    certPath: localPath.optional(),
    keyPath: localPath.optional(),
    servername: hostName.optional(),
    rejectUnauthorized: z.boolean().default(true),
  })
  .refine((t) => Boolean(t.certPath) === Boolean(t.keyPath), {
    message: 'a client certificate needs both the certificate and its key',
    path: ['keyPath'],
  });
/** One group's alert thresholds (shared/alerts.ts); at least one threshold. */
const positiveCount = z.int().min(1, 'must be at least 1').max(Number.MAX_SAFE_INTEGER);
const positiveMs = z
  .int()
  .min(1, 'must be at least 1 ms')
  .max(365 * 24 * 3600 * 1000, 'must be at most a year');
export const alertRule = z
  .object({
    stream: keyName,
    group: memberName,
    lag: positiveCount.optional(),
    lagMs: positiveMs.optional(),
    pending: positiveCount.optional(),
    oldestPendingMs: positiveMs.optional(),
    instances: z.boolean().optional(),
  })
  .strict()
  .refine(
    (r) => r.lag !== undefined || r.lagMs !== undefined || r.pending !== undefined || r.oldestPendingMs !== undefined || r.instances,
    {
      message: 'must set at least one threshold (lag, lagMs, pending, oldestPendingMs or instances)',
    },
  );
/** A decoder for a stream's values: protobuf needs a .proto and a message type, avro a schema. */
export const decoderSpec = z
  .object({
    kind: z.enum(DECODER_KINDS),
    proto: z.string().max(1_000_000, 'must be at most 1 MB').optional(),
    messageType: z.string().max(500).optional(),
    avroSchema: z.string().max(1_000_000, 'must be at most 1 MB').optional(),
    inner: z.enum(INNER_DECODER_KINDS).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const inner = spec.kind === 'gzip' || spec.kind === 'zstd' ? spec.inner : spec.kind;
    if (inner === 'protobuf' && (!spec.proto || !spec.messageType))
      ctx.addIssue({ code: 'custom', message: 'the protobuf decoder needs the .proto source (proto) and a message type (messageType)' });
    if (inner === 'avro' && !spec.avroSchema) ctx.addIssue({ code: 'custom', message: 'the avro decoder needs a schema (avroSchema)' });
  });
const filterExpression = z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters');
/** A filter scan's budget of entries read and time; a scan stops at whichever runs out first (or its match cap). */
const scanBudget = {
  maxEntries: z.int().min(1).max(100_000_000).default(1_000_000),
  maxMs: z.int().min(10).max(600_000).default(30_000),
};
/**
 * An export of a filter's matches: the same expression, decoder and budget as filters.start; with no
 * maxMatches every match goes (a scan keeps its matches in memory, so filters.start caps them).
 */
const exportFilter = z
  .object({
    expression: filterExpression,
    decoder: decoderSpec.optional(),
    ...scanBudget,
    maxMatches: z.int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

export const schemas = {
  'connection.status': z.object({}),
  'connection.connect': z.object({
    url: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .max(2048)
      .optional(),
    profileId: z.string().min(1).max(200).optional(),
  }),
  'profiles.list': z.object({}),
  'profiles.save': z.object({
    id: z.string().min(1).max(200).optional(),
    name: z.string().min(1).max(200),
    url: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .max(2048),
    username: z.string().max(200).optional(),
    password: z.string().max(1024).optional(),
    keyPrefix: z.string().max(200).refine(isTextKeyName, 'must be valid Unicode text (it has a lone surrogate)').optional(),
    // Safety marks: refuse writes, and a label and colour for the header.
    readOnly: z.boolean().optional(),
    label: z.string().trim().max(40, 'must be at most 40 characters').optional(),
    colour: z.enum(CONNECTION_COLOURS).optional(),
    folder: z.string().trim().max(60, 'must be at most 60 characters').optional(),
    ssh: sshSettings.optional(),
    tls: tlsSettings.optional(),
  }),
  'profiles.delete': z.object({ id: z.string().min(1).max(200) }),
  /** Every saved connection as a JSON file's text, without any secret. */
  'profiles.export': z.object({}),
  /** Adds the connections of an export file; `dryRun` only reports what would be added. */
  'profiles.import': z.object({
    json: z
      .string()
      .min(1)
      .max(4 * 1024 * 1024, 'must be at most 4 MiB'),
    dryRun: z.boolean().default(false),
  }),
  'profiles.secrets': z.object({}),
  'profiles.chooseFile': z.object({ purpose: z.enum(['sshKey', 'caCertificate', 'clientCertificate', 'clientKey']) }),
  'connection.trustHostKey': z.object({
    host: hostName,
    port: z.int().min(1).max(65535),
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256 fingerprint'),
  }),

  'streams.list': z.object({
    pattern: namePattern.optional(),
    cursor: z.string().regex(/^\d+$/, 'must be a SCAN cursor').default('0'),
    count: z.int().min(1).max(5000).default(500),
  }),
  'streams.detail': z.object({ stream: keyName }),

  'entries.page': z.object({
    stream: keyName,
    direction: z.enum(['forward', 'backward']).default('backward'),
    /** Exclusive start id; omitted = from the start (forward) or the end (backward). */
    from: rangeId.optional(),
    /** Seek by time (ms since epoch) instead of by id. */
    fromTime: z.int().min(0).optional(),
    count: z.int().min(1).max(1000).default(100),
    /** Case-insensitive text filter applied on the server over field names and values. */
    filter: z.string().max(1000).optional(),
    /** Decode values with this decoder (fields carry `decoded`); absent: the stream's remembered one, if any. */
    decoder: decoderSpec.optional(),
  }),
  'entries.tail': z.object({ stream: keyName, decoder: decoderSpec.optional() }),
  'entries.untail': z.object({ tailId: z.string().min(1).max(100) }),
  'entries.republish': z.object({ stream: keyName, id: entryId, toStream: keyName.optional() }),
  'entries.journey': z.object({ stream: keyName, id: entryId }),
  /** Bytes [offset, offset + length) of field number `field` (0-based, Redis's order) of one entry. */
  'entries.value': z.object({
    stream: keyName,
    id: entryId,
    field: z.int().min(0).max(1_000_000),
    offset: z.int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    length: z.int().min(1).max(VALUE_CHUNK_BYTES, `must be at most ${VALUE_CHUNK_BYTES} bytes`).default(VALUE_CHUNK_BYTES),
  }),
  /** How many entries are newer than `after`, counted up to `limit`. */
  'entries.newer': z.object({ stream: keyName, after: entryId, limit: z.int().min(1).max(10_000).default(1000) }),

  'groups.list': z.object({ stream: keyName }),
  'groups.create': z.object({ stream: keyName, group: memberName, from: positionId.default('$'), mkstream: z.boolean().default(false) }),
  'groups.delete': z.object({ stream: keyName, group: memberName }),
  'groups.setPosition': z.object({ stream: keyName, group: memberName, id: positionId }),

  'consumers.list': z.object({ stream: keyName, group: memberName }),
  'consumers.delete': z.object({ stream: keyName, group: memberName, consumer: memberName }),

  'pending.list': z.object({
    stream: keyName,
    group: memberName,
    consumer: memberName.optional(),
    from: entryId.optional(),
    count: z.int().min(1).max(1000).default(100),
    poisonThreshold: z.int().min(1).max(1_000_000).default(5),
  }),
  'pending.ack': z.object({ stream: keyName, group: memberName, ids }),
  'pending.claim': z.object({ stream: keyName, group: memberName, ids, consumer: memberName, minIdleMs: z.int().min(0).default(0) }),
  'pending.autoClaim': z.object({ stream: keyName, group: memberName, consumer: memberName, minIdleMs: z.int().min(0).default(0) }),
  /** Acknowledge the pending ids (of one consumer, or all) whose entry is gone from the stream. */
  'pending.ackDeleted': z.object({ stream: keyName, group: memberName, consumer: memberName.optional() }),

  'deadLetters.list': z.object({ stream: keyName, count: z.int().min(1).max(1000).default(100), from: entryId.optional() }),
  'deadLetters.replay': z.object({ stream: keyName, ids, remove: z.boolean().default(true) }),

  /** One entry: `json` as UCloud's single `msg` field, or any `fields` with their exact bytes. */
  'publish.event': z
    .object({ stream: keyName, json: jsonText.optional(), fields: entryFields.optional() })
    .refine(oneOf('json', 'fields'), 'must have exactly one of json or fields'),
  /** `sharded`: SPUBLISH (Redis 7 sharded pub/sub) instead of PUBLISH. */
  'publish.broadcast': z.object({ channel: keyName, json: jsonText, sharded: z.boolean().default(false) }),
  /** Send `count` messages rendered from a template ({{uuid}}, {{seq}}, {{now}}) at `ratePerSec`. */
  'publish.start': z
    .object({
      target: z.object({ kind: z.enum(['stream', 'broadcast']), name: keyName }),
      /** A JSON template sent as UCloud's `msg` field (or as the broadcast payload). */
      template: jsonText.optional(),
      /** Stream targets only: fields whose values are templates, instead of `template`. */
      fields: fieldTemplates.optional(),
      count: z.int().min(1).max(10_000_000),
      ratePerSec: z.int().min(1).max(1_000_000),
    })
    .refine(oneOf('template', 'fields'), 'must have exactly one of template or fields')
    .refine(
      (v) => v.fields === undefined || v.target.kind === 'stream',
      'fields: only a stream entry has fields; a broadcast sends one payload',
    ),
  'publish.cancel': z.object({ jobId: z.string().min(1).max(100) }),
  'publish.jobs': z.object({}),

  'instances.join': z.object({
    stream: keyName,
    group: textMemberName,
    instance: textMemberName.optional(),
    mode: consumerMode,
    processingDelayMs: z.int().min(0).max(600_000).default(0),
    failureRate: z.number().min(0).max(1).default(0),
    ackMode: z.enum(['auto', 'never']).default('auto'),
    from: positionId.default('$'),
    claimIdleMs: z.int().min(0).max(86_400_000).optional(),
    maxDeliveries: z.int().min(1).max(1000).optional(),
  }),
  'instances.list': z.object({}),
  'instances.pause': z.object({ id: z.string().min(1).max(100) }),
  'instances.resume': z.object({ id: z.string().min(1).max(100) }),
  'instances.crash': z.object({ id: z.string().min(1).max(100) }),
  'instances.leave': z.object({ id: z.string().min(1).max(100) }),

  'broadcast.channels': z.object({ pattern: namePattern.optional() }),
  'broadcast.subscribe': z
    .object({
      channel: keyName,
      /** Treat `channel` as a PSUBSCRIBE glob pattern. */
      isPattern: z.boolean().default(false),
      /** How many independent subscribers the console runs, to show fan-out. */
      subscribers: z.int().min(1).max(16).default(1),
      /** Sharded pub/sub (Redis 7 SSUBSCRIBE): the channel's messages come from the shard owning its slot. */
      sharded: z.boolean().default(false),
    })
    .refine((a) => !(a.sharded && a.isPattern), {
      message: 'a sharded subscription names one channel: Redis has no sharded pattern subscription',
      path: ['sharded'],
    }),
  'broadcast.unsubscribe': z.object({ subscriptionId: z.string().min(1).max(100) }),
  /** Measure channel rates (one console pattern subscription, shared) until broadcast.stopRates. */
  'broadcast.measureRates': z.object({}),
  'broadcast.stopRates': z.object({ measureId: z.string().min(1).max(100) }),

  'prune.preview': pruneArgs,
  'prune.run': pruneArgs,

  'flow.watch': z.object({ stream: keyName }),
  'flow.unwatch': z.object({ stream: keyName }),
  'flow.timeline': z.object({ stream: keyName }),
  /** The console's recent samples of a stream; `sinceMs` (ms since epoch) returns only newer ones. */
  'flow.history': z.object({ stream: keyName, sinceMs: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }),

  /**
   * Export a selection of a stream as NDJSON, CSV or raw values. `read`: the caller pulls the bytes
   * with transfer.read; `file`: the desktop app asks where to save and writes there. `follow` goes
   * on with new entries until cancelled (selections that end at the stream's end only).
   */
  'transfer.export': z
    .object({
      stream: keyName,
      selection: transferSelection,
      format: z.enum(['ndjson', 'csv', 'raw']).default('ndjson'),
      limit: z.int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
      follow: z.boolean().default(false),
      destination: z.enum(['read', 'file']).default('read'),
      /** Only the entries of the selection this filter matches, scanned as filters.start scans (`limit` caps the matches). */
      filter: exportFilter.optional(),
    })
    .refine((a) => !(a.follow && a.filter), {
      message: 'follow does not combine with a filter: a filter scan runs under a budget and ends',
      path: ['follow'],
    })
    .refine((a) => !a.follow || a.selection.kind === 'last' || (a.selection.kind === 'range' && a.selection.end === '+'), {
      message: "follow needs a selection that ends at the stream's end (last N, or a range ending at +)",
      path: ['follow'],
    }),
  /** The next bytes of an export (waiting up to `waitMs` for some); `done` once all were read. */
  'transfer.read': z.object({ jobId: z.string().min(1).max(100), waitMs: z.int().min(0).max(10_000).default(1000) }),
  /** Import NDJSON lines (the export format) into a stream, fed with transfer.write. */
  'transfer.import': z.object({
    stream: keyName,
    /** keep: XADD with each line's id (must grow past the stream's last id); new: Redis picks ids. */
    ids: z.enum(['keep', 'new']).default('new'),
    ratePerSec: z.int().min(1).max(1_000_000).optional(),
    /** Validate every line and report what would be written, writing nothing. */
    dryRun: z.boolean().default(false),
  }),
  /** The next bytes of an import's input; resolves once they are written (or validated). `end` after the last. */
  'transfer.write': z.object({
    jobId: z.string().min(1).max(100),
    data: valueBytes.refine(
      (v) => (v.text ?? v.base64 ?? '').length <= MAX_TRANSFER_CHUNK_CHARS,
      `must be at most ${MAX_TRANSFER_CHUNK_CHARS} characters`,
    ),
    end: z.boolean().default(false),
  }),
  'transfer.cancel': z.object({ jobId: z.string().min(1).max(100) }),
  'transfer.jobs': z.object({}),
  /** One entry with its exact bytes (for "copy as redis-cli command"). */
  'transfer.entry': z.object({ stream: keyName, id: entryId }),
  'transfer.limits': z.object({}),

  /** Alerts: the rules of this connection, what fires, and the bounded history. */
  'alerts.status': z.object({}),
  'alerts.setRules': z.object({
    rules: z
      .array(alertRule)
      .max(100, 'must list at most 100 rules')
      .refine((rules) => new Set(rules.map((r) => JSON.stringify([r.stream, r.group]))).size === rules.length, {
        message: 'must have one rule per stream and group',
      }),
  }),
  /** Checks every rule now instead of waiting for the interval. */
  'alerts.check': z.object({}),
  'alerts.clearHistory': z.object({}),

  /** Numbers per stream, group and instance for monitoring (web mode's GET /metrics); at most `maxStreams` streams. */
  'metrics.snapshot': z.object({ maxStreams: z.int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(200) }),
  'decoders.get': z.object({ stream: keyName }),
  /** Remember the stream's decoder (null: forget it, auto-detect). */
  'decoders.set': z.object({ stream: keyName, decoder: decoderSpec.nullable() }),
  /** A value typed as JSON → the bytes `decoder` (or the stream's remembered one, else JSON) writes. */
  'decoders.encode': z.object({ stream: keyName.optional(), decoder: decoderSpec.optional(), json: jsonText }),
  'filters.list': z.object({ stream: keyName }),
  'filters.save': z.object({ stream: keyName, name: z.string().trim().min(1, 'must not be empty').max(200), expression: filterExpression }),
  'filters.delete': z.object({ stream: keyName, name: z.string().min(1).max(200) }),
  /**
   * Scan a stream with a CEL filter over decoded values: from `start` to `end` (inclusive ids) and
   * within [fromMs, toMs], stopping at the end or when a budget runs out (entries, ms, matches).
   */
  'filters.start': z.object({
    stream: keyName,
    expression: filterExpression,
    decoder: decoderSpec.optional(),
    start: rangeId.default('-'),
    end: rangeId.default('+'),
    fromMs: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    toMs: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    ...scanBudget,
    maxMatches: z.int().min(1).max(10_000).default(500),
  }),
  'filters.cancel': z.object({ jobId: z.string().min(1).max(100) }),
  'filters.results': z.object({ jobId: z.string().min(1).max(100) }),

  'demo.start': z.object({ ratePerSec: z.int().min(1).max(100_000).default(50) }),
  'demo.stop': z.object({}),
  'demo.status': z.object({}),
} as const;

export type Schemas = typeof schemas;
export type MethodName = keyof Schemas;
/** Arguments as the caller may send them (defaults optional). */
export type ArgsIn<M extends MethodName> = z.input<Schemas[M]>;
/** Arguments after validation (defaults filled in). */
export type Args<M extends MethodName> = z.output<Schemas[M]>;
