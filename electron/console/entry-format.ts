// Stream entries as Redis holds them (Buffers from the *Buffer commands, so every byte is kept)
// → what the contract carries: every field with its exact bytes, large values as previews within
// the entry's byte budget, the format (UCloud `msg` JSON, one JSON field, several fields, the
// `stream-init` sentinel, raw) and the decoded JSON where it is small and shallow enough to carry.
// Also the text filter over raw entries, their sizes, and small helpers for Redis's flat replies.
import type { EntryField, StreamEntry } from '../../shared/dto';
import {
  ENTRY_BUDGET_BYTES,
  FIELD_NAME_PREVIEW_BYTES,
  jsonDeeperThan,
  MAX_FIELDS_CARRIED,
  MAX_JSON_DEPTH,
  VALUE_PREVIEW_BYTES,
} from '../../shared/entry-budget';
import { textFilterMatches } from '../../shared/entry-filter';
import { keyNameFromBytes } from '../../shared/key-name';
import { isUtf8 } from 'node:buffer';
import { valueFromBytes, type ValueBytes } from '../../shared/value-bytes';
import type { DecodedValue, DecoderSpec } from '../../shared/decoding';
import { idTime, MESSAGE_FIELD, STREAM_INIT } from '../engine';
import { decodeValue, formatBytes, strictText } from './decoders';

/** What ioredis's *Buffer commands return for one entry: [id, [field, value, field, value, …]]. */
export type BinaryEntry = [Buffer | string, Array<Buffer | string>];
/** The same from the text commands (values decoded as UTF-8 by ioredis: only for ids and known-text fields). */
export type RawEntry = [string, string[]];

export { MESSAGE_FIELD as UCLOUD_FIELD } from '../engine';

/** JSON is decoded (to decide the format) up to this size; larger values are shown as previews only. */
export const JSON_DECODE_LIMIT = 1024 * 1024;

export const asBuffer = (part: Buffer | string): Buffer => (typeof part === 'string' ? Buffer.from(part) : part);
const sentinelBytes = Buffer.from(STREAM_INIT);

/** Bytes the entry holds in Redis (names and values). */
export function rawEntrySize([, flat]: BinaryEntry): number {
  let n = 0;
  for (const part of flat) n += typeof part === 'string' ? Buffer.byteLength(part) : part.length;
  return n;
}

type Decision = Pick<StreamEntry, 'format' | 'value' | 'note'>;

/** Format of the whole entry, decided on the full bytes (before any preview cut). */
function decide(flat: Buffer[]): Decision {
  const fieldCount = flat.length >> 1;
  if (fieldCount === 0) return { format: 'raw' };
  const first = flat[1];
  // As the engine's readers do: an entry whose first value is the sentinel is skipped.
  if (first.equals(sentinelBytes)) return { format: 'sentinel' };
  if (fieldCount > 1) return { format: 'fields' };
  const jsonFormat = asBuffer(flat[0]).toString() === MESSAGE_FIELD ? 'ucloud' : 'json';
  if (first.length > JSON_DECODE_LIMIT)
    return {
      format: 'raw',
      note: `value of ${formatBytes(first.length)} is not decoded here (over ${formatBytes(JSON_DECODE_LIMIT)}): preview shown`,
    };
  const text = strictText(first);
  if (text === null || !/^\s*[[{"\d\-tfn]/.test(text)) return { format: 'raw' };
  if (jsonDeeperThan(text)) return { format: 'raw', note: `JSON nested deeper than ${MAX_JSON_DEPTH} levels: shown as text` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { format: 'raw' };
  }
  if (first.length > VALUE_PREVIEW_BYTES)
    return { format: jsonFormat, note: `JSON of ${formatBytes(first.length)}: preview shown; load the full value to see it whole` };
  return { format: jsonFormat, value };
}

/** A decoded object or array: what travels instead of the bytes (a scalar is as small as its bytes, which are exact). */
const isStructure = (value: unknown) => value !== null && typeof value === 'object';

/** A value that travels decoded: no bytes, only its size and whether they are UTF-8 text (entries.value loads them). */
function bytesLeftOut(bytes: Buffer): ValueBytes {
  return isUtf8(bytes) ? { text: '', size: bytes.length, truncated: true } : { base64: '', size: bytes.length, truncated: true };
}

/**
 * Raw entry → contract DTO. Never throws on content: any bytes become text or base64. The entry
 * carries at most ENTRY_BUDGET_BYTES of names and values (each value at most VALUE_PREVIEW_BYTES)
 * and MAX_FIELDS_CARRIED fields; what does not fit is marked truncated or counted as omitted.
 * With a `decoder`, each carried field also gets its value as that decoder reads it, counted in
 * the same byte budget; a value the decoder read into an object or array (JSON, MessagePack, …)
 * travels only decoded, its raw bytes left out (`rawLeftOut`) for entries.value to load when asked.
 */
export function decodeEntry(raw: BinaryEntry, decoder?: DecoderSpec | null): StreamEntry {
  const id = asBuffer(raw[0]).toString();
  const flat = raw[1].map(asBuffer);
  const decision = decide(flat);
  const fields: EntryField[] = [];
  let budget = ENTRY_BUDGET_BYTES;
  let omitted = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const nameBytes = flat[i];
    const nameCarried = Math.min(nameBytes.length, FIELD_NAME_PREVIEW_BYTES);
    if (fields.length >= MAX_FIELDS_CARRIED || nameCarried > budget) {
      omitted++;
      continue;
    }
    budget -= nameCarried;
    const bytes = flat[i + 1];
    const name = keyNameFromBytes(nameBytes.subarray(0, nameCarried));
    const field: EntryField = { name, value: bytesLeftOut(bytes) };
    if (nameCarried < nameBytes.length) field.nameSize = nameBytes.length;
    const decoded = decoder ? decodeValue(bytes, decoder) : undefined;
    const decodedBytes = decoded ? decodedSize(decoded) : 0;
    if (decoded && isStructure(decoded.value) && decodedBytes <= budget) {
      budget -= decodedBytes;
      field.decoded = decoded;
      field.rawLeftOut = true;
      fields.push(field);
      continue;
    }
    const carried = Math.min(bytes.length, VALUE_PREVIEW_BYTES, budget);
    field.value = valueFromBytes(bytes, Math.min(VALUE_PREVIEW_BYTES, budget));
    budget -= carried;
    if (decoded) {
      if (decodedBytes <= budget) {
        budget -= decodedBytes;
        field.decoded = decoded;
      } else
        field.decoded = {
          decoder: decoded.decoder,
          confidence: decoded.confidence,
          note: "decoded value left out: the entry's byte budget is spent",
        };
    }
    fields.push(field);
  }
  const entry: StreamEntry = { id, timestamp: idTime(id), fields, format: decision.format };
  if (omitted > 0) entry.omittedFields = omitted;
  if (decision.value !== undefined) entry.value = decision.value;
  if (decision.note) entry.note = decision.note;
  return entry;
}

const decodedSize = (d: DecodedValue) => (d.text?.length ?? 0) + (d.value !== undefined ? JSON.stringify(d.value).length : 0);

/** Bytes the entry takes serialized as JSON (what a reply or a feed batch carries). */
export function entryWireSize(entry: StreamEntry): number {
  return Buffer.byteLength(JSON.stringify(entry));
}

/** Case-insensitive match over field names and values (the server-side text filter), on the full bytes. */
export function entryMatches(flat: Array<Buffer | string>, needle: string): boolean {
  return textFilterMatches(
    flat.map((part) => part.toString()),
    needle,
  );
}

/** Flat [k, v, k, v] replies (XINFO) as a record; Buffer keys (from callBuffer) become text. */
export function pairs(flat: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(flat)) return out;
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}

/** A reply value as text (ids and names come as strings, or as Buffers from callBuffer); `fallback` when absent. */
export function replyText(v: unknown, fallback = ''): string {
  if (v == null) return fallback;
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export const numberOrNull = (v: unknown): number | null =>
  typeof v === 'number' ? v : v == null ? null : Number.isFinite(Number(v)) ? Number(v) : null;
