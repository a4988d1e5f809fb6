// Large replies (a page of entries) are taken out of the array ioredis resolved the command with,
// and that array is emptied. Why: ioredis creates each command's `reject` as a function literal
// assigned to a property (`this.reject = (err) => …` in Command's initPromise), and V8 allocates
// such closures straight in the old generation. That closure holds the command, so the command's
// settled promise and the reply it was resolved with, reachable from old space until the next full
// collection. Every young-generation collection in between treats it as live, copies the reply
// twice and promotes it: on a 100,000-entry drain with COUNT 100, 200–300 bytes per entry
// promoted and ~60 ms of scavenges, against 4 bytes and ~6 ms once the reply array is emptied
// (bench/profile/reply-survival.ts measures it).

/** An XREAD/XREADGROUP reply as ioredis gives it (text), null when the read timed out. */
export type StreamReadReply<Fields = string[]> = Array<[string, Array<[string, Fields]>]> | null;

/** The items of a reply array, in a fresh array; the reply itself is left empty (see above). */
export function detachReply<T>(reply: T[] | null | undefined): T[] {
  if (!reply) return [];
  const items = reply.slice();
  reply.length = 0;
  return items;
}

/** The entries an XREAD/XREADGROUP reply holds for its one stream; the reply is left empty. */
export function detachStreamEntries<E>(reply: Array<[unknown, E[]]> | null | undefined): E[] {
  const entries = reply?.[0]?.[1] ?? [];
  if (reply) reply.length = 0;
  return entries;
}

type Bytes = string | Buffer;
/** An XREAD/XREADGROUP reply as text or as ioredis's *Buffer variants give it (null fields: an entry deleted while pending). */
export type StreamReadBytesReply = Array<[Bytes, Array<[Bytes, Bytes[] | null]>]> | null;

/**
 * The entries of a reply read with the *Buffer variant, as text (UTF-8, as ioredis's own text
 * commands decode), written into the arrays the parser made; the reply is left empty (see above).
 * ioredis's text commands copy every nested array of a reply while decoding it, two per stream
 * entry: ~130 bytes per entry a read loop allocates for nothing (bench/profile/drain-one.ts).
 */
export function streamEntriesAsText(reply: StreamReadBytesReply | undefined): Array<[string, string[] | null]> {
  const entries = reply?.[0]?.[1] ?? [];
  if (reply) reply.length = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    // Ids are ASCII digits and '-': latin1 is the cheapest exact decoding.
    entry[0] = textOf(entry[0], 'latin1');
    const fields = entry[1];
    if (fields) for (let j = 0; j < fields.length; j++) fields[j] = textOf(fields[j], 'utf8');
  }
  return entries as Array<[string, string[] | null]>;
}

function textOf(value: Bytes, encoding: 'latin1' | 'utf8'): string {
  return typeof value === 'string' ? value : value.toString(encoding);
}
