// UCloud's wire format: one field `msg` holding the event as JSON; `msg=stream-init` marks a stream
// created empty. On read the first field's value counts, whatever its name.
import type { EntryFormat } from './types';

export const STREAM_INIT = 'stream-init';
/** UCloud caps every stream with `XADD … MAXLEN ~ 1000000`. */
export const DEFAULT_MAXLEN = 1_000_000;
export const MESSAGE_FIELD = 'msg';

export interface DecodedEntry {
  format: EntryFormat;
  value?: unknown;
  /** The text the format was decided on (the first field's value, or all fields joined). */
  text: string;
}

export function encodeUcloud(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`cannot encode ${typeof value} as a UCloud event: JSON.stringify gave nothing`);
  return text;
}

function looksLikeJson(text: string): boolean {
  const c = text.charCodeAt(0);
  // { [ " digit - t f n: cheap pre-check so plain text never pays for a thrown SyntaxError.
  return c === 123 || c === 91 || c === 34 || (c >= 48 && c <= 57) || c === 45 || c === 116 || c === 102 || c === 110;
}

/** Parse JSON text; `ok: false` instead of throwing so the hot path stays exception-free. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!looksLikeJson(text)) return { ok: false, error: 'not JSON: does not start like a JSON value' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
}

/** What decodeJson returns for text that is not JSON (parseJson says why). */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/** The consumer's per-event parse: the value or NOT_JSON, without a result object per event. */
export function decodeJson(text: string): unknown {
  if (!looksLikeJson(text)) return NOT_JSON;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** Decode a flat [field, value, field, value, …] list (as ioredis returns it) or pairs. */
export function decodeEntry(fields: string[] | Array<[string, string]>): DecodedEntry {
  const flat: string[] = fields.length > 0 && Array.isArray(fields[0]) ? (fields as Array<[string, string]>).flat() : (fields as string[]);
  if (flat.length < 2) return { format: 'raw', text: flat.join(' ') };
  const first = flat[1];
  if (first === STREAM_INIT) return { format: 'sentinel', text: first };
  const parsed = parseJson(first);
  if (parsed.ok) {
    const ucloud = flat.length === 2 && flat[0] === MESSAGE_FIELD;
    return { format: ucloud ? 'ucloud' : 'json', value: parsed.value, text: first };
  }
  // Some other field may hold JSON (non-UCloud producers with several fields).
  for (let i = 3; i < flat.length; i += 2) {
    const other = parseJson(flat[i]);
    if (other.ok) return { format: 'json', value: other.value, text: flat[i] };
  }
  return { format: 'raw', text: first };
}

/** Milliseconds part of a stream entry id ("1700000000000-3" → 1700000000000). */
export function idTime(id: string): number {
  // Digit by digit (exact up to 2^53, far past any clock), without the slice's string per call.
  let ms = 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c === 45) return ms; // '-'
    if (c < 48 || c > 57) return Number.NaN;
    ms = ms * 10 + (c - 48);
  }
  return ms;
}

export { compareIds } from './stream-id';
