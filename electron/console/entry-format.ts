// Raw stream entries as the console shows them (format decided by the engine's wire decoder:
// UCloud `msg` JSON, the `stream-init` sentinel, other JSON fields, raw), the text filter, and
// small helpers for Redis's flat replies.
import type { StreamEntry } from '../../shared/dto';
import { decodeEntry as decodeWire, idTime } from '../engine';

/** What ioredis returns for one entry of XRANGE/XREAD: [id, [field, value, field, value, …]]. */
export type RawEntry = [string, string[]];

export { MESSAGE_FIELD as UCLOUD_FIELD } from '../engine';

/** Raw entry → display DTO, using the engine's wire-format decoder (never throws). */
export function decodeEntry([id, flat]: RawEntry): StreamEntry {
  const fields: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) fields.push([flat[i], flat[i + 1]]);
  const decoded = decodeWire(flat);
  return {
    id,
    timestamp: idTime(id),
    fields,
    format: decoded.format,
    ...(decoded.value !== undefined ? { value: decoded.value } : {}),
  };
}

/** Case-insensitive match over field names and values (the server-side text filter). */
export function entryMatches(flat: string[], needle: string): boolean {
  const lower = needle.toLowerCase();
  return flat.some((part) => part.toLowerCase().includes(lower));
}

/** Flat [k, v, k, v] replies (XINFO) as a record. */
export function pairs(flat: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(flat)) return out;
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}

export const numberOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : v == null ? null : Number.isFinite(Number(v)) ? Number(v) : null);
