// The dead-letter stream `<stream>.dead-letter`: entries that failed maxDeliveries times or could
// not be decoded, with every original field byte for byte (so a replay restores the entry exactly)
// and enough context to understand them.
import { isCluster, sameSlot, type RedisClient } from './cluster';
import { deadLetterStream } from './keys';
import type { DeadLetterRecord } from './types';
import { MESSAGE_FIELD } from './wire';

/** A stream value as the engine holds it: text as read, or the exact bytes. */
export type FieldValue = string | Buffer;

export interface DeadLetterInput {
  stream: string;
  originalId: string;
  group: string;
  consumer: string;
  deliveries: number;
  error: string;
  /** The original entry's fields, flat [name, value, …], byte-exact when given as Buffers. */
  fields: readonly FieldValue[];
}

/** Last field of every dead letter written by this engine: how many fields before it are the original entry's. */
const ORIGINAL_FIELDS = 'originalFields';
const META = ['originalId', 'stream', 'group', 'consumer', 'deliveries', 'error', 'deadAt'] as const;

/**
 * Arguments for XADD of one dead letter (so callers can pipeline it together with the XACK): the
 * original entry's fields first, exactly as they were (a UCloud entry's `msg` stays first), then
 * the context, then `originalFields <n>` saying where the original fields end.
 */
export function deadLetterArgs(d: DeadLetterInput, deadAt = Date.now()): [string, ...FieldValue[]] {
  return [
    deadLetterStream(d.stream),
    '*',
    ...d.fields,
    'originalId',
    d.originalId,
    'stream',
    d.stream,
    'group',
    d.group,
    'consumer',
    d.consumer,
    'deliveries',
    String(d.deliveries),
    'error',
    d.error,
    'deadAt',
    String(deadAt),
    ORIGINAL_FIELDS,
    String(d.fields.length >> 1),
  ];
}

function toRecord(id: Buffer, flat: Buffer[]): DeadLetterRecord {
  let original: Buffer[];
  let meta: Buffer[];
  const n =
    flat.length >= 2 && flat[flat.length - 2].toString() === ORIGINAL_FIELDS ? Number(flat[flat.length - 1].toString()) : Number.NaN;
  if (Number.isInteger(n) && n >= 0 && 2 * n <= flat.length - 2) {
    original = flat.slice(0, 2 * n);
    meta = flat.slice(2 * n, flat.length - 2);
  } else {
    // Written before the original fields were kept: only the first field's value, as `msg`.
    meta = flat;
    const at = flat.findIndex((b, i) => i % 2 === 0 && b.toString() === MESSAGE_FIELD);
    original = at >= 0 && at + 1 < flat.length ? [flat[at], flat[at + 1]] : [];
  }
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < meta.length; i += 2) {
    const name = meta[i].toString();
    if ((META as readonly string[]).includes(name)) f[name] = meta[i + 1].toString();
  }
  const fields: Array<[Buffer, Buffer]> = [];
  for (let i = 0; i + 1 < original.length; i += 2) fields.push([original[i], original[i + 1]]);
  return {
    id: id.toString(),
    originalId: f.originalId ?? '',
    stream: f.stream ?? '',
    group: f.group ?? '',
    consumer: f.consumer ?? '',
    deliveries: Number(f.deliveries ?? 0),
    error: f.error ?? '',
    deadAt: Number(f.deadAt ?? 0),
    fields,
    payload: fields[0]?.[1].toString() ?? '',
  };
}

/** The dead letter `id` of `stream`, or null. */
async function readOne(redis: RedisClient, key: string, id: string): Promise<DeadLetterRecord | null> {
  const rows = await redis.xrangeBuffer(key, id, id);
  return rows.length === 0 ? null : toRecord(rows[0][0], rows[0][1]);
}

/** Page through the dead letters of `stream`, oldest first; `from` is exclusive. */
export async function readDeadLetters(
  redis: RedisClient,
  stream: string,
  opts: { from?: string; count?: number } = {},
): Promise<{ entries: DeadLetterRecord[]; next: string | null; length: number }> {
  const count = opts.count ?? 100;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const key = deadLetterStream(stream);
  const start = opts.from ? `(${opts.from}` : '-';
  const [rows, length] = await Promise.all([redis.xrangeBuffer(key, start, '+', 'COUNT', count), redis.xlen(key)]);
  const entries = rows.map(([id, flat]) => toRecord(id, flat));
  return { entries, next: entries.length === count ? entries[entries.length - 1].id : null, length };
}

/**
 * Re-produce dead letters onto their original stream (a new id) with the original entry's fields,
 * byte for byte, optionally deleting them from the dead-letter stream. Ids not found are reported
 * in `missing`.
 */
export async function replayDeadLetters(
  redis: RedisClient,
  stream: string,
  ids: string[],
  opts: { remove?: boolean } = {},
): Promise<{ replayed: number; newIds: string[]; missing: string[] }> {
  const key = deadLetterStream(stream);
  const newIds: string[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const rec = await readOne(redis, key, id);
    if (!rec || rec.fields.length === 0) {
      missing.push(id);
      continue;
    }
    const target = rec.stream || stream;
    const fields = rec.fields.flat();
    if (!opts.remove || !isCluster(redis) || sameSlot(target, key)) {
      const pipe = redis.multi().xadd(target, '*', ...fields);
      if (opts.remove) pipe.xdel(key, id);
      const res = await pipe.exec();
      if (!res) throw new Error(`replay of dead letter ${id} was aborted`);
      for (const [err] of res) if (err) throw err;
      newIds.push(res[0][1] as string);
    } else {
      // Different cluster slots: no transaction can span them. Add first, then delete, so a
      // failure in between leaves the dead letter in place (replayed twice), never lost.
      newIds.push((await redis.xadd(target, '*', ...fields)) as string);
      await redis.xdel(key, id);
    }
  }
  return { replayed: newIds.length, newIds, missing };
}
