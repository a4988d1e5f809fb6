// Columns for entries that share field names (as RedisInsight lays out a stream: one column per
// field name), so `user | action | ip` read down a column instead of along a line. UCloud entries
// (one `msg` JSON) and the sentinel keep the single payload column.

/** At most this many field columns; other fields stay in the payload column as name=value. */
export const MAX_FIELD_COLUMNS = 6;
/** Rows looked at to choose the columns (the newest ones shown). */
const SAMPLE = 500;

interface HasFields {
  format: string;
  fields: Array<{ name: string }>;
}

/**
 * Field names shared by at least half of the sampled entries that have fields of their own,
 * most common first (ties in first-seen order); empty when no name is shared.
 */
export function fieldColumns(rows: Iterable<HasFields>, max = MAX_FIELD_COLUMNS): string[] {
  const counts = new Map<string, number>();
  let withFields = 0;
  let seen = 0;
  for (const row of rows) {
    if (++seen > SAMPLE) break;
    if (row.format === 'ucloud' || row.format === 'sentinel') continue;
    withFields++;
    const names = new Set(row.fields.map((f) => f.name));
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  if (withFields < 2) return [];
  return [...counts.entries()]
    .filter(([, n]) => n * 2 >= withFields)
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([name]) => name);
}
