// The renderer's formatters, one per kind of value: counts, rates, bytes, times of day and dates,
// durations and counted nouns (those two shared with the console's own words).
export { formatDuration, plural } from '../../shared/human';

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-US');
}

export function formatRate(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(1);
}

/** Decimal units, as the 1 MB payload limit is meant: "512 B", "12.3 KB", "1 MB". */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const [value, unit] = n < 1_000_000 ? [n / 1000, 'KB'] : [n / 1_000_000, 'MB'];
  return `${Number(value.toFixed(value < 10 ? 2 : 1))} ${unit}`;
}

const pad = (x: number, w = 2) => String(x).padStart(w, '0');

/** Time of day in the viewer's time zone, 24-hour: "13:02:07.123" (or to the second, or the minute). */
export function formatClock(ms: number, precision: 'ms' | 's' | 'min' = 'ms'): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (precision === 'min') return hm;
  const hms = `${hm}:${pad(d.getSeconds())}`;
  return precision === 's' ? hms : `${hms}.${pad(d.getMilliseconds(), 3)}`;
}

/** Date and time of day: "2026-12-04 13:02:07.123". */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(ms)}`;
}
