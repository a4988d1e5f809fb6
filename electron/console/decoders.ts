// Decoding stream values on the main side: JSON, MessagePack (msgpackr), CBOR (cbor-x), Protobuf
// from a .proto (protobufjs), Avro from a schema (avsc), gzip (node:zlib) and zstd (fzstd)
// compressed values, UTF-8 text, and hex as the fallback. Auto-detection tries the self-describing
// formats and states how sure it is. Every decoder output is turned into plain JSON (bytes as
// base64, big integers as strings) so it crosses the contract; decompression is bounded so a small
// compressed value cannot inflate past the reply budget.
import { gunzipSync, gzipSync } from 'node:zlib';
import avro from 'avsc';
import { decode as cborDecode, encode as cborEncode } from 'cbor-x';
import { Decompress as ZstdDecompress } from 'fzstd';
import { pack as msgpackEncode, unpack as msgpackDecode } from 'msgpackr';
import protobuf from 'protobufjs';
import type { DecodedValue, DecoderSpec, InnerDecoderKind } from '../../shared/decoding';
import { MAX_JSON_DEPTH, REPLY_BUDGET_BYTES, VALUE_PREVIEW_BYTES, jsonDeeperThan } from '../../shared/entry-budget';
import { ContractError } from '../../shared/reply';

/** Values larger than this are not decoded (shown as previews of their bytes). */
export const DECODE_LIMIT_BYTES = 1024 * 1024;
/** A decompressed value may be at most this large (the reply budget): past it, decompression stops. */
export const DECOMPRESSED_LIMIT_BYTES = REPLY_BUDGET_BYTES;

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const CBOR_SELF_DESCRIBE = [0xd9, 0xd9, 0xf7];

const startsWith = (bytes: Uint8Array, magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes as text when they are well-formed UTF-8, else null. */
export function strictText(bytes: Uint8Array): string | null {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** A byte count for messages: 512 bytes, 1.5 KiB, 4.0 MiB. */
export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;

/**
 * A decoder's output → plain JSON: Buffers/Uint8Arrays as base64, bigints as numbers when exact
 * else decimal strings, Maps as objects, Dates as ISO text, protobuf Longs as strings. Objects get
 * no prototype, so nothing a value carries reaches Object.prototype. Depth-bounded.
 */
export function toPlain(value: unknown, depth = 0): unknown {
  if (depth > MAX_JSON_DEPTH) throw new Error(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    case 'object':
      break;
    default:
      return null; // functions and symbols are not data
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1));
  if (value instanceof Map) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of value) out[typeof k === 'string' ? k : JSON.stringify(toPlain(k, depth + 1))] = toPlain(v, depth + 1);
    return out;
  }
  if (value instanceof Set) return [...value].map((v) => toPlain(v, depth + 1));
  // protobufjs Long without a long library: { low, high, unsigned }.
  const long = value as { low?: unknown; high?: unknown; unsigned?: unknown };
  if (
    typeof long.low === 'number' &&
    typeof long.high === 'number' &&
    typeof long.unsigned === 'boolean' &&
    Object.keys(value).length === 3
  ) {
    const big = (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0);
    return toPlain(long.unsigned ? big : BigInt.asIntN(64, big), depth);
  }
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = toPlain(v, depth + 1);
  return out;
}

// ---- compiled schemas, kept by their source text ----

const protoTypes = new Map<string, protobuf.Type>();
const avroTypes = new Map<string, avro.Type>();
const SCHEMA_CACHE = 32;

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const known = cache.get(key);
  if (known) return known;
  const made = make();
  if (cache.size >= SCHEMA_CACHE) cache.delete(cache.keys().next().value as string);
  cache.set(key, made);
  return made;
}

/** The protobuf message type a spec names; invalid_args naming what is wrong. */
export function protoType(spec: Pick<DecoderSpec, 'proto' | 'messageType'>): protobuf.Type {
  if (!spec.proto) throw new ContractError('invalid_args', 'the protobuf decoder needs the .proto source (proto)');
  if (!spec.messageType)
    throw new ContractError('invalid_args', 'the protobuf decoder needs the message type (messageType), e.g. shop.Order');
  const proto = spec.proto;
  const messageType = spec.messageType;
  return remember(protoTypes, `${messageType}\u0000${proto}`, () => {
    let root: protobuf.Root;
    try {
      root = protobuf.parse(proto, { keepCase: true }).root;
    } catch (error) {
      throw new ContractError('invalid_args', `the .proto source does not parse: ${(error as Error).message}`);
    }
    try {
      return root.lookupType(messageType);
    } catch {
      throw new ContractError('invalid_args', `the .proto source has no message type ${JSON.stringify(messageType)}`);
    }
  });
}

/** The Avro type a spec's schema describes; invalid_args naming what is wrong. */
export function avroType(spec: Pick<DecoderSpec, 'avroSchema'>): avro.Type {
  if (!spec.avroSchema) throw new ContractError('invalid_args', 'the avro decoder needs a schema (avroSchema, as JSON text)');
  const text = spec.avroSchema;
  return remember(avroTypes, text, () => {
    let schema: unknown;
    try {
      schema = JSON.parse(text);
    } catch (error) {
      throw new ContractError('invalid_args', `the Avro schema is not JSON: ${(error as Error).message}`);
    }
    try {
      return avro.Type.forSchema(schema as avro.Schema);
    } catch (error) {
      throw new ContractError('invalid_args', `the Avro schema is not valid: ${(error as Error).message}`);
    }
  });
}

/** Checks a spec before it is remembered: schemas compile, names resolve. */
export function checkSpec(spec: DecoderSpec): void {
  const inner = spec.kind === 'gzip' || spec.kind === 'zstd' ? (spec.inner ?? 'auto') : spec.kind;
  if (inner === 'protobuf') protoType(spec);
  if (inner === 'avro') avroType(spec);
}

// ---- decompression, bounded ----

function gunzip(bytes: Uint8Array): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: DECOMPRESSED_LIMIT_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`decompresses to more than ${formatBytes(DECOMPRESSED_LIMIT_BYTES)}`, { cause: error });
    throw new Error(`not gzip data (${(error as Error).message})`, { cause: error });
  }
}

function unzstd(bytes: Uint8Array): Buffer {
  const parts: Uint8Array[] = [];
  let total = 0;
  const stream = new ZstdDecompress((chunk) => {
    total += chunk.length;
    if (total > DECOMPRESSED_LIMIT_BYTES) throw new Error(`decompresses to more than ${formatBytes(DECOMPRESSED_LIMIT_BYTES)}`);
    parts.push(chunk);
  });
  try {
    stream.push(bytes, true);
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith('decompresses') ? message : `not zstd data (${message})`, { cause: error });
  }
  return Buffer.concat(parts);
}

// ---- single formats ----

type Reading = { value: unknown } | { text: string };

function readJson(bytes: Uint8Array): Reading {
  const text = strictText(bytes);
  if (text === null) throw new Error('not UTF-8 text, so not JSON');
  if (jsonDeeperThan(text)) throw new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  return { value: JSON.parse(text) as unknown };
}

function readFormat(kind: Exclude<InnerDecoderKind, 'auto'>, bytes: Uint8Array, spec: DecoderSpec): Reading {
  switch (kind) {
    case 'json':
      return readJson(bytes);
    case 'msgpack':
      return { value: toPlain(msgpackDecode(bytes)) };
    case 'cbor':
      return { value: toPlain(cborDecode(bytes)) };
    case 'protobuf': {
      const type = protoType(spec);
      const message = type.decode(bytes);
      return { value: toPlain(type.toObject(message, { longs: String, enums: String, bytes: String })) };
    }
    case 'avro':
      return { value: toPlain(avroType(spec).fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) };
    case 'text': {
      const text = strictText(bytes);
      if (text === null) throw new Error('not well-formed UTF-8 text');
      return { text };
    }
    case 'hex':
      return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') };
  }
}

// ---- auto-detection ----

interface Guess {
  kind: Exclude<InnerDecoderKind, 'auto'>;
  confidence: number;
  reading: Reading;
}

const isRecordWithTextKeys = (v: unknown) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => !k.startsWith('{'));

/** Text that reads as something people write: no control characters other than whitespace. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const looksLikeText = (text: string) => !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text);

function tryRead(kind: Guess['kind'], bytes: Uint8Array, spec: DecoderSpec): Reading | null {
  try {
    return readFormat(kind, bytes, spec);
  } catch {
    return null;
  }
}

/**
 * The most likely format of `bytes` and how sure that is. JSON objects/arrays and gzip/zstd magic
 * are near-certain; MessagePack and CBOR must consume every byte and give a map with text keys or
 * an array to count; text is likely when it is well-formed UTF-8 without control characters; hex
 * is the fallback. Protobuf and Avro carry no marker: they are read only when chosen.
 */
function detect(bytes: Uint8Array, spec: DecoderSpec): Guess {
  if (bytes.length === 0) return { kind: 'text', confidence: 1, reading: { text: '' } };
  const text = strictText(bytes);
  if (text !== null) {
    const lead = /^\s*([{["\d\-tfn])/.exec(text)?.[1];
    if (lead) {
      const json = tryRead('json', bytes, spec);
      if (json) return { kind: 'json', confidence: lead === '{' || lead === '[' ? 0.99 : 0.7, reading: json };
    }
  }
  if (startsWith(bytes, CBOR_SELF_DESCRIBE)) {
    const cbor = tryRead('cbor', bytes, spec);
    if (cbor) return { kind: 'cbor', confidence: 1, reading: cbor };
  }
  const first = bytes[0];
  // Containers only: a lone scalar in either format is also a byte of text or of anything else.
  const msgpackContainer = (first >= 0x80 && first <= 0x9f) || (first >= 0xdc && first <= 0xdf);
  const cborContainer = (first >= 0x80 && first <= 0x9b) || (first >= 0xa0 && first <= 0xbb) || first === 0x9f || first === 0xbf;
  const candidates: Guess[] = [];
  if (msgpackContainer) {
    const m = tryRead('msgpack', bytes, spec);
    if (m && 'value' in m) candidates.push({ kind: 'msgpack', confidence: isRecordWithTextKeys(m.value) ? 0.9 : 0.6, reading: m });
  }
  if (cborContainer) {
    const c = tryRead('cbor', bytes, spec);
    if (c && 'value' in c) candidates.push({ kind: 'cbor', confidence: isRecordWithTextKeys(c.value) ? 0.9 : 0.6, reading: c });
  }
  if (candidates.length > 0 && !(text !== null && looksLikeText(text))) {
    candidates.sort((a, b) => b.confidence - a.confidence);
    const best = candidates[0];
    // Both read the bytes as plausibly: say so in the confidence.
    if (candidates.length > 1 && candidates[1].confidence === best.confidence) best.confidence -= 0.2;
    return best;
  }
  if (text !== null) return { kind: 'text', confidence: looksLikeText(text) ? 0.8 : 0.5, reading: { text } };
  return { kind: 'hex', confidence: 0.3, reading: readFormat('hex', bytes, spec) };
}

// ---- decoding a value ----

function carried(decoder: string, confidence: number, reading: Reading): DecodedValue {
  if ('text' in reading) {
    if (reading.text.length > VALUE_PREVIEW_BYTES)
      return {
        decoder,
        confidence,
        text: reading.text.slice(0, VALUE_PREVIEW_BYTES),
        note: `decoded text of ${reading.text.length} characters: the first ${VALUE_PREVIEW_BYTES} are shown`,
      };
    return { decoder, confidence, text: reading.text };
  }
  const json = JSON.stringify(reading.value) ?? 'null';
  if (json.length > VALUE_PREVIEW_BYTES)
    return {
      decoder,
      confidence,
      text: json.slice(0, VALUE_PREVIEW_BYTES),
      note: `decoded value of ${formatBytes(json.length)} as JSON: the first ${formatBytes(VALUE_PREVIEW_BYTES)} are shown as text`,
    };
  return { decoder, confidence, value: reading.value };
}

export interface DecodeOptions {
  /** Carry the decoded value within the page's preview budget (default true); false returns it whole. */
  preview?: boolean;
}

/** The value as read by the decoder and how sure that is; a value that cannot be read says why in `error`. */
export function decodeValue(bytes: Uint8Array, spec: DecoderSpec | null | undefined, opts: DecodeOptions = {}): DecodedValue {
  const chosen: DecoderSpec = spec ?? { kind: 'auto' };
  const label = chosen.kind === 'auto' ? 'auto' : chosen.kind;
  if (bytes.length > DECODE_LIMIT_BYTES)
    return {
      decoder: label,
      confidence: 0,
      error: `value of ${formatBytes(bytes.length)} is not decoded (over ${formatBytes(DECODE_LIMIT_BYTES)})`,
    };
  const finish = (decoder: string, confidence: number, reading: Reading): DecodedValue =>
    opts.preview === false ? { decoder, confidence, ...reading } : carried(decoder, confidence, reading);
  try {
    const compressed =
      chosen.kind === 'gzip' || chosen.kind === 'zstd'
        ? chosen.kind
        : chosen.kind === 'auto'
          ? startsWith(bytes, GZIP_MAGIC)
            ? 'gzip'
            : startsWith(bytes, ZSTD_MAGIC)
              ? 'zstd'
              : null
          : null;
    let body = bytes;
    let prefix = '';
    let confidence = 1;
    let innerKind: InnerDecoderKind = chosen.kind === 'auto' ? 'auto' : (chosen.kind as InnerDecoderKind);
    if (compressed) {
      try {
        body = compressed === 'gzip' ? gunzip(bytes) : unzstd(bytes);
      } catch (error) {
        // Auto-detection saw the magic bytes only: anything else is read as if it had none.
        if (chosen.kind !== 'auto' || /decompresses to more/.test((error as Error).message)) throw error;
        body = bytes;
      }
      if (body !== bytes) {
        prefix = `${compressed}+`;
        innerKind = chosen.kind === 'auto' ? 'auto' : (chosen.inner ?? 'auto');
        confidence = chosen.kind === 'auto' ? 0.99 : 1;
      }
    }
    if (innerKind === 'auto') {
      const guess = detect(body, chosen);
      return finish(`${prefix}${guess.kind}`, Math.min(confidence, guess.confidence), guess.reading);
    }
    return finish(`${prefix}${innerKind}`, confidence, readFormat(innerKind, body, chosen));
  } catch (error) {
    if (error instanceof ContractError) return { decoder: label, confidence: 0, error: error.message };
    return { decoder: label, confidence: 0, error: `not ${label} (${(error as Error).message})` };
  }
}

/**
 * A value typed as JSON → the bytes the decoder reads back as it (publishing with a stream's
 * decoder). invalid_args naming what does not fit the format or the schema.
 */
export function encodeValue(json: unknown, spec: DecoderSpec): Buffer {
  const encodeAs = (kind: InnerDecoderKind): Buffer => {
    switch (kind) {
      case 'auto':
      case 'json':
        return Buffer.from(JSON.stringify(json));
      case 'msgpack':
        return Buffer.from(msgpackEncode(json));
      case 'cbor':
        return Buffer.from(cborEncode(json));
      case 'protobuf': {
        const type = protoType(spec);
        if (json === null || typeof json !== 'object' || Array.isArray(json))
          throw new ContractError('invalid_args', `a ${spec.messageType} message is written from a JSON object`);
        let message: protobuf.Message;
        try {
          // fromObject takes JSON's forms: 64-bit integers as strings, bytes as base64, enums by name.
          message = type.fromObject(json);
        } catch (error) {
          throw new ContractError('invalid_args', `the value does not fit ${spec.messageType}: ${(error as Error).message}`);
        }
        const problem = type.verify(message);
        if (problem) throw new ContractError('invalid_args', `the value does not fit ${spec.messageType}: ${problem}`);
        return Buffer.from(type.encode(message).finish());
      }
      case 'avro': {
        const type = avroType(spec);
        const problems: string[] = [];
        type.isValid(json, { errorHook: (path) => problems.push(path.join('.') || '(the value)') });
        if (problems.length > 0)
          throw new ContractError('invalid_args', `the value does not fit the Avro schema at ${problems.slice(0, 5).join(', ')}`);
        return type.toBuffer(json);
      }
      case 'text':
        if (typeof json !== 'string') throw new ContractError('invalid_args', 'the text decoder writes a JSON string: give one');
        return Buffer.from(json);
      case 'hex':
        if (typeof json !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(json))
          throw new ContractError('invalid_args', 'the hex decoder writes a JSON string of hex digit pairs: give one');
        return Buffer.from(json, 'hex');
    }
  };
  switch (spec.kind) {
    case 'gzip':
      return gzipSync(encodeAs(spec.inner ?? 'json'));
    case 'zstd':
      throw new ContractError('invalid_args', 'zstd values can be read but not written here (the zstd library used only decompresses)');
    default:
      return encodeAs(spec.kind);
  }
}
