// Limits the contract enforces that a user should see before hitting them.

/** A payload (an event's or a broadcast's JSON, a publish template): at most 1 MB of UTF-8. */
export const MAX_JSON_BYTES = 1_000_000;

/** Bytes of `text` as UTF-8 (what Redis stores), counted without encoding it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair is one code point of four bytes
      i++;
    } else bytes += 3; // a lone surrogate is written as U+FFFD, three bytes
  }
  return bytes;
}

/**
 * What an engine subscription uses when a setting is left blank, shown next to those fields (the
 * engine's SUBSCRIBE_DEFAULTS; a test keeps the two equal).
 */
export const SUBSCRIPTION_DEFAULTS = { claimIdleMs: 30_000, maxDeliveries: 5 } as const;
