// The dead-letter stream `<stream>.dead-letter`: entries that failed maxDeliveries times or could
// not be decoded, with enough context to understand and replay them.
import { isCluster, sameSlot, type RedisClient } from './cluster';
import { deadLetterStream } from './keys';
import type { DeadLetterRecord } from './types';
import { MESSAGE_FIELD } from './wire';

export interface DeadLetterInput {
  stream: string;
  originalId: string;
  group: string;
  consumer: string;
  deliveries: number;
  error: string;
  /** The original message text (first field's value). */
  msg: string;
}

/** Arguments for XADD of one dead letter (so callers can pipeline it together with the XACK). */
export function deadLetterArgs(d: DeadLetterInput, deadAt = Date.now()): Array<string | number> {
  return [
    deadLetterStream(d.stream), '*',
    'msg', d.msg,
    'originalId', d.originalId,
    'stream', d.stream,
    'group', d.group,
    'consumer', d.consumer,
    'deliveries', d.deliveries,
    'error', d.error,
    'deadAt', deadAt,
  ];
}

function toRecord(id: string, flat: string[]): DeadLetterRecord {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]] = flat[i + 1];
  return {
    id,
    originalId: f.originalId ?? '',
    stream: f.stream ?? '',
    group: f.group ?? '',
    consumer: f.consumer ?? '',
    deliveries: Number(f.deliveries ?? 0),
    error: f.error ?? '',
    payload: f.msg ?? '',
    deadAt: Number(f.deadAt ?? 0),
  };
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
  const [rows, length] = await Promise.all([redis.xrange(key, start, '+', 'COUNT', count), redis.xlen(key)]);
  const entries = rows.map(([id, flat]) => toRecord(id, flat));
  return { entries, next: entries.length === count ? entries[entries.length - 1].id : null, length };
}

/**
 * Re-produce dead letters onto their original stream in UCloud format (a new id), optionally
 * deleting them from the dead-letter stream. Ids not found are reported in `missing`.
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
    const rows = await redis.xrange(key, id, id);
    if (rows.length === 0) {
      missing.push(id);
      continue;
    }
    const rec = toRecord(rows[0][0], rows[0][1]);
    const target = rec.stream || stream;
    if (!opts.remove || !isCluster(redis) || sameSlot(target, key)) {
      const pipe = redis.multi().xadd(target, '*', MESSAGE_FIELD, rec.payload);
      if (opts.remove) pipe.xdel(key, id);
      const res = await pipe.exec();
      if (!res) throw new Error(`replay of dead letter ${id} was aborted`);
      for (const [err] of res) if (err) throw err;
      newIds.push(res[0][1] as string);
    } else {
      // Different cluster slots: no transaction can span them. Add first, then delete, so a
      // failure in between leaves the dead letter in place (replayed twice), never lost.
      newIds.push((await redis.xadd(target, '*', MESSAGE_FIELD, rec.payload)) as string);
      await redis.xdel(key, id);
    }
  }
  return { replayed: newIds.length, newIds, missing };
}
