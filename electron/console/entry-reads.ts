// Reading entries from Redis with their exact bytes (the *Buffer commands) in batches sized by the
// bytes the previous batch held, so a stream of 5 MB entries is never asked for 200 of them at
// once while a stream of small entries still reads a page in one or two round trips.
import type { RedisKey } from 'ioredis';
import type { RedisClient } from '../engine';
import { rawEntrySize, type BinaryEntry } from './entry-format';

/** Bytes one read from Redis aims to stay under (one entry larger than this is still read whole). */
export const READ_BUDGET_BYTES = 8 * 1024 * 1024;
/** Entries asked for by the first read, before anything is known about their size. */
const FIRST_READ = 10;
/** A read asks for at most this many times the previous one, so sizes are learnt before a big read. */
const GROWTH = 8;

/** How many entries to ask Redis for next, learnt from the bytes of the previous reads. */
export class AdaptiveCount {
  private count: number;
  constructor(private readonly max: number) {
    this.count = Math.min(FIRST_READ, max);
  }

  next(): number {
    return this.count;
  }

  observe(batch: BinaryEntry[]): void {
    if (batch.length === 0) return;
    let bytes = 0;
    for (const entry of batch) bytes += rawEntrySize(entry);
    const perEntry = Math.max(1, bytes / batch.length);
    const fits = Math.max(1, Math.floor(READ_BUDGET_BYTES / perEntry));
    this.count = Math.max(1, Math.min(this.max, fits, this.count * GROWTH));
  }
}

/** XRANGE (forward) or XREVRANGE (backward) from `bound` to the stream's end in that direction. */
export async function readRange(
  redis: RedisClient,
  key: RedisKey,
  direction: 'forward' | 'backward',
  bound: string,
  count: number,
): Promise<BinaryEntry[]> {
  return direction === 'forward'
    ? redis.xrangeBuffer(key, bound, '+', 'COUNT', count)
    : redis.xrevrangeBuffer(key, bound, '-', 'COUNT', count);
}
