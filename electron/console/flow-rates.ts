// Rates of one followed stream between two of its samples: produced/s from the stream's
// entries-added counter, and each group's delivered/s from its entries-read counter (Redis 7).
import { numberOrNull } from './entry-format';
import { nameFromReply } from './redis-key';

/** The counters a stream's previous sample left, to compute the next sample's rates from. */
export interface RateCounters {
  lastAdded: number | null;
  lastAt: number;
  /** Each group's entries-read at the last sample (its delivered/s when instances are not read). */
  lastRead: Map<string, number | null>;
}

/** Produced/s since the previous sample of this stream (0 for the first). */
export function producedRate(t: RateCounters, info: Record<string, unknown>, now: number): number {
  const added = numberOrNull(info['entries-added']);
  const rate = added != null && t.lastAdded != null && now > t.lastAt ? Math.max(0, ((added - t.lastAdded) * 1000) / (now - t.lastAt)) : 0;
  t.lastAdded = added;
  t.lastAt = now;
  return rate;
}

/** Each group's delivered/s from its entries-read counter (Redis 7), remembering the counters. */
export function readRates(
  t: RateCounters,
  groups: Array<Record<string, unknown>>,
  added: number | null,
  elapsedMs: number,
): Map<string, number> {
  const rates = new Map<string, number>();
  const next = new Map<string, number | null>();
  for (const g of groups) {
    const name = nameFromReply(g.name);
    // A group that has not read since it was created reports no entries-read, but its lag says it.
    const lag = numberOrNull(g.lag);
    const read = numberOrNull(g['entries-read']) ?? (added != null && lag != null ? added - lag : null);
    const before = t.lastRead.get(name);
    if (read != null && before != null && elapsedMs > 0) rates.set(name, Math.max(0, ((read - before) * 1000) / elapsedMs));
    next.set(name, read);
  }
  t.lastRead = next;
  return rates;
}
