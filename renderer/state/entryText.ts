// How an entry reads in one line, and the client-side twin of the server's text filter (applied
// to live-tail entries, which arrive unfiltered).
import type { StreamEntry } from '../../shared';

export function entryMatches(entry: StreamEntry, filter: string): boolean {
  const needle = filter.toLowerCase();
  return entry.fields.some(([k, v]) => k.toLowerCase().includes(needle) || v.toLowerCase().includes(needle));
}

export function entryPreview(entry: StreamEntry, max = 300): string {
  const text =
    entry.format === 'ucloud' || entry.format === 'json'
      ? JSON.stringify(entry.value)
      : entry.fields.map(([k, v]) => `${k}=${v}`).join(' ');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The selected entry as the JSON view shows and copies it. */
export function entryJson(entry: StreamEntry): string {
  if (entry.format === 'ucloud' || entry.format === 'json') return JSON.stringify(entry.value, null, 2);
  return JSON.stringify(Object.fromEntries(entry.fields), null, 2);
}
