// A Redis value (a stream field's value, a payload) as it crosses the contract with its exact bytes:
// text when the bytes are well-formed UTF-8, base64 otherwise, and the whole value's size so a
// preview of a large value says what it leaves out. Never U+FFFD: what is written back from a
// ValueBytes is the bytes Redis held. Browser-safe (no Buffer needed): the renderer decodes these
// for display and copy.

export interface ValueBytes {
  /** The carried bytes as text, when they are well-formed UTF-8. Exactly one of text/base64 is set. */
  text?: string;
  /** The carried bytes as base64, when they are not well-formed UTF-8. */
  base64?: string;
  /** Size of the whole value in Redis, in bytes (larger than the carried bytes when `truncated`). */
  size: number;
  /** True when only the first bytes of the value are carried (a preview). */
  truncated?: true;
}

let fatalDecoder: TextDecoder | null = null;
let encoder: TextEncoder | null = null;
// ignoreBOM: a leading U+FEFF is part of the value, not a byte-order mark. Made on first use: the
// sandboxed preload may bundle this module and must load where TextDecoder is missing.
const strictUtf8 = () => (fatalDecoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }));
const utf8Encoder = () => (encoder ??= new TextEncoder());

type BufferLike = { from(b: ArrayBufferView | string, enc?: string): Uint8Array & { toString(enc: string): string } };
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer)
    return NodeBuffer.from(bytes.buffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(base64: string): Uint8Array {
  if (NodeBuffer) return new Uint8Array(NodeBuffer.from(base64, 'base64'));
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Start of a trailing UTF-8 sequence cut short at the end of `bytes`, or bytes.length if none is. */
function completeUtf8Length(bytes: Uint8Array): number {
  // A sequence is at most 4 bytes: look back at most 3 bytes for its lead byte.
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

function decodeStrict(bytes: Uint8Array): string | null {
  try {
    return strictUtf8().decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Bytes as Redis holds them → the contract's ValueBytes. With `previewBytes`, a longer value is cut
 * to at most that many bytes (at a character boundary when it is text) and marked `truncated`.
 */
export function valueFromBytes(bytes: Uint8Array, previewBytes = Infinity): ValueBytes {
  const size = bytes.length;
  if (size <= previewBytes) {
    const text = decodeStrict(bytes);
    return text !== null ? { text, size } : { base64: toBase64(bytes), size };
  }
  const head = bytes.subarray(0, previewBytes);
  const text = decodeStrict(head.subarray(0, completeUtf8Length(head)));
  return text !== null ? { text, size, truncated: true } : { base64: toBase64(head), size, truncated: true };
}

/** ValueBytes → the bytes it carries (the whole value unless `truncated`). */
export function valueToBytes(value: Pick<ValueBytes, 'text' | 'base64'>): Uint8Array {
  if (value.text !== undefined) return utf8Encoder().encode(value.text);
  return fromBase64(value.base64 ?? '');
}

/** A text value (what a user typed) as ValueBytes. */
export function textValue(text: string): ValueBytes {
  return { text, size: utf8Encoder().encode(text).length };
}

/** The carried bytes as lowercase hex pairs separated by spaces (for a hex view and copy). */
export function valueHex(value: ValueBytes): string {
  const bytes = valueToBytes(value);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i ? ' ' : '') + bytes[i].toString(16).padStart(2, '0');
  return out;
}
