// "Copy as redis-cli command": an entry as one `redis-cli --quoted-input XADD …` line that a POSIX
// shell passes through unchanged and redis-cli (7.0+) turns back into the exact bytes. Each
// argument is a redis-cli quoted string ("…" with \xNN, \n, \", \\) wrapped in shell single
// quotes; a single quote inside is written \x27, so the shell quoting never needs escaping.
// Browser-safe: the renderer builds the line for the clipboard.
import { keyNameFromBytes, keyNameToBytes } from './key-name';
import { valueToBytes, type ValueBytes } from './value-bytes';

/** Arguments that need no quoting at all, for redis-cli or for the shell (no glob, no quote). */
const PLAIN = /^[A-Za-z0-9._:/@%+=,-]+$/;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\', "'": '\\x27' };
const hex = (byte: number) => `\\x${byte.toString(16).padStart(2, '0')}`;

/** One argument's bytes as the shell word redis-cli --quoted-input reads back as those bytes. */
export function redisCliArg(bytes: Uint8Array): string {
  // Well-formed UTF-8 stays readable; every other byte comes out as an escape U+DC80–U+DCFF.
  const text = keyNameFromBytes(bytes);
  if (PLAIN.test(text)) return text;
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (NAMED[char]) out += NAMED[char];
    else if (code >= 0xdc80 && code <= 0xdcff) out += hex(code - 0xdc00);
    else if (code < 0x20 || code === 0x7f) out += hex(code);
    else out += char;
  }
  return `'"${out}"'`;
}

/**
 * `redis-cli --quoted-input XADD <stream> <id> <field> <value> …` for one entry; `id` '*' lets
 * Redis choose a new one. Names are key-name strings (shared/key-name.ts), values ValueBytes.
 */
export function redisCliXadd(stream: string, id: string, fields: ReadonlyArray<{ name: string; value: ValueBytes }>): string {
  const utf8 = new TextEncoder();
  const args = [keyNameToBytes(stream), utf8.encode(id)];
  for (const field of fields) args.push(keyNameToBytes(field.name), valueToBytes(field.value));
  return ['redis-cli --quoted-input XADD', ...args.map(redisCliArg)].join(' ');
}
