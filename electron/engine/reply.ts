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
