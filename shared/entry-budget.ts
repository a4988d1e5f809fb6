// Byte budgets for entries crossing the contract, and the JSON depth bound. Redis holds values of
// any size and shape; a reply or a feed batch must stay small enough to serialize, send and render,
// so large values travel as previews and are fetched in chunks on demand (entries.value).

/** Serialized size (JSON, in bytes) one reply or one feed batch may carry; at least one entry always goes. */
export const REPLY_BUDGET_BYTES = 4 * 1024 * 1024;
/** A value longer than this travels as its first bytes (cut at a character boundary when text). */
export const VALUE_PREVIEW_BYTES = 64 * 1024;
/**
 * Bytes of names, values and decoded values one entry carries at most; values past it travel as
 * empty previews. A value that travels decoded counts its decoded JSON, not its bytes (not carried).
 */
export const ENTRY_BUDGET_BYTES = 512 * 1024;
/** Fields one entry carries at most; the rest are counted in `omittedFields`. */
export const MAX_FIELDS_CARRIED = 1000;
/** A field name longer than this travels cut, with its full size in `nameSize`. */
export const FIELD_NAME_PREVIEW_BYTES = 1024;
/** Largest chunk entries.value returns at once. */
export const VALUE_CHUNK_BYTES = 1024 * 1024;
/** JSON nested deeper than this is shown as text: deeper values cannot be serialized or rendered safely. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when the JSON text nests arrays/objects deeper than `limit` (brackets inside strings do not
 * count). One pass without parsing, so a hostile value costs no recursion.
 */
export function jsonDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
