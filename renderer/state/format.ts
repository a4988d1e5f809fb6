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

/**
 * A byte count. Decimal units by default, as the 1 MB payload limit is meant ("512 B", "12.3 KB",
 * "1 MB"); binary units for sizes the console budgets in powers of two ("64.0 KiB", "4.0 MiB").
 */
export function formatBytes(n: number, units: 'decimal' | 'binary' = 'decimal'): string {
  if (units === 'binary') {
    if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
    if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
    if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
    return `${n} B`;
  }
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

/** Date and time of day: "2026-12-04 13:02:07.123" (or to the second, or the minute). */
export function formatTime(ms: number, precision: 'ms' | 's' | 'min' = 'ms'): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(ms, precision)}`;
}

/** Human ages ("850 ms", "12 s", "3 min", "2 h", "4 d"); '—' for none. */
export function formatAge(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}
