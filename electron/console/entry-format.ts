// Decoding raw stream entries for display: UCloud's wire format (one `msg` field with JSON), the
// `stream-init` sentinel, other JSON-bearing fields, and anything else shown raw. Never throws.
import type { StreamEntry } from '../../shared/dto';

/** What ioredis returns for one entry of XRANGE/XREAD: [id, [field, value, field, value, …]]. */
export type RawEntry = [string, string[]];

export const UCLOUD_FIELD = 'msg';
export const SENTINEL = 'stream-init';

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const first = text.trimStart()[0];
  // Only structured text counts as JSON here: a bare number or word is shown raw.
  if (first !== '{' && first !== '[' && first !== '"') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function idTimestamp(id: string): number {
  return Number(id.split('-')[0]);
}

export function decodeEntry([id, flat]: RawEntry): StreamEntry {
  const fields: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) fields.push([flat[i], flat[i + 1]]);
  const base = { id, timestamp: idTimestamp(id), fields };
  if (fields.length === 1 && fields[0][0] === UCLOUD_FIELD) {
    if (fields[0][1] === SENTINEL) return { ...base, format: 'sentinel' };
    const parsed = parseJson(fields[0][1]);
    if (parsed.ok) return { ...base, format: 'ucloud', value: parsed.value };
  }
  for (const [, value] of fields) {
    const parsed = parseJson(value);
    if (parsed.ok) return { ...base, format: 'json', value: parsed.value };
  }
  return { ...base, format: 'raw' };
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
