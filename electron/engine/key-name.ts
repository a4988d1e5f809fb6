// Key names whose bytes are not valid UTF-8, carried as strings (PEP 383 "surrogateescape"): bytes
// are decoded as UTF-8 where they form a well-formed sequence, and every other byte 0x80–0xFF
// becomes the lone surrogate U+DC80–U+DCFF. Well-formed UTF-8 never decodes to a lone surrogate,
// so the mapping is reversible and a plain UTF-8 name is its own string. JSON escapes lone
// surrogates (\udcff) and structured clone keeps them, so such names cross both transports.
// Browser-safe (no Buffer): the renderer imports it to display names.

const ESCAPE_BASE = 0xdc00;
const isEscape = (unit: number) => unit >= 0xdc80 && unit <= 0xdcff;
const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** Whether b[j] exists and lies in lo–hi (a continuation byte, 0x80–0xBF unless narrowed). */
function continues(b: Uint8Array, j: number, lo: number, hi: number): boolean {
  return j < b.length && b[j] >= lo && b[j] <= hi;
}

/** Length of the well-formed UTF-8 sequence at `i` (Unicode Table 3-7), or 0 if there is none. */
function sequenceLength(b: Uint8Array, i: number): number {
  const b0 = b[i];
  if (b0 < 0x80) return 1;
  if (b0 >= 0xc2 && b0 <= 0xdf) return continues(b, i + 1, 0x80, 0xbf) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // E0: no overlongs; ED: no UTF-16 surrogates.
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return continues(b, i + 1, lo, hi) && continues(b, i + 2, 0x80, 0xbf) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    // F0: no overlongs; F4: nothing above U+10FFFF.
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return continues(b, i + 1, lo, hi) && continues(b, i + 2, 0x80, 0xbf) && continues(b, i + 3, 0x80, 0xbf) ? 4 : 0;
  }
  return 0;
}

// ignoreBOM: a name may start with U+FEFF, which is part of the key, not a byte-order mark.
// Made on first use: the preload bundles this module (via the schemas) and must load in a sandbox
// that may lack TextDecoder; only the console ever decodes key bytes.
let decoder: TextDecoder | null = null;
const utf8 = () => (decoder ??= new TextDecoder('utf-8', { ignoreBOM: true }));

/** Key bytes (as Redis holds them) → the name the contract carries. */
export function keyNameFromBytes(bytes: Uint8Array): string {
  let out = '';
  let start = 0; // start of the current run of well-formed bytes
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += utf8().decode(bytes.subarray(start, i)) + String.fromCharCode(ESCAPE_BASE + bytes[i]);
    i += 1;
    start = i;
  }
  // Well-formed throughout (nearly every key): one decode, no view to make.
  return start === 0 ? utf8().decode(bytes) : out + utf8().decode(bytes.subarray(start));
}

/** True when the name is well-formed Unicode (no lone surrogate): Redis gets it as plain UTF-8. */
export function isTextKeyName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const u = name.charCodeAt(i);
    if (isHigh(u) && i + 1 < name.length && isLow(name.charCodeAt(i + 1))) i++;
    else if (isHigh(u) || isLow(u)) return false;
  }
  return true;
}

/**
 * Name → key bytes. Throws a RangeError naming the offending character when the name holds a lone
 * surrogate outside U+DC80–U+DCFF (it stands for no byte); see `keyNameProblem`.
 */
export function keyNameToBytes(name: string): Uint8Array {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < name.length; i++) {
    const u = name.charCodeAt(i);
    if (isHigh(u) && i + 1 < name.length && isLow(name.charCodeAt(i + 1))) {
      bytes.push(...encoder.encode(name.slice(i, i + 2)));
      i++;
    } else if (isEscape(u)) bytes.push(u - ESCAPE_BASE);
    else if (isHigh(u) || isLow(u))
      throw new RangeError(
        `lone surrogate U+${u.toString(16).toUpperCase()} at index ${i}, which stands for no byte (escaped bytes are U+DC80–U+DCFF)`,
      );
    else if (u < 0x80) bytes.push(u);
    else bytes.push(...encoder.encode(name[i]));
  }
  return Uint8Array.from(bytes);
}

/**
 * Why `name` cannot address a key, or null. Besides stray surrogates, escaped bytes that together
 * spell well-formed UTF-8 are refused: that key is listed under the decoded characters, and one
 * key must have one name.
 */
export function keyNameProblem(name: string): string | null {
  if (isTextKeyName(name)) return null;
  let bytes: Uint8Array;
  try {
    bytes = keyNameToBytes(name);
  } catch (error) {
    return `has a ${(error as Error).message}`;
  }
  if (keyNameFromBytes(bytes) !== name) return 'has escaped bytes (U+DC80–U+DCFF) that spell valid UTF-8; use the characters themselves';
  return null;
}

/** For display: each escaped byte as `\xNN` (e.g. "bin-\xFF\xFE"); other characters unchanged. */
export function displayKeyName(name: string): string {
  if (isTextKeyName(name)) return name;
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const u = name.charCodeAt(i);
    if (isHigh(u) && i + 1 < name.length && isLow(name.charCodeAt(i + 1))) {
      out += name.slice(i, i + 2);
      i++;
    } else if (isEscape(u)) out += `\\x${(u - ESCAPE_BASE).toString(16).toUpperCase().padStart(2, '0')}`;
    else if (isHigh(u) || isLow(u)) out += '\uFFFD';
    else out += name[i];
  }
  return out;
}
