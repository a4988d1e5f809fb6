// Durations and counted nouns as people read them, the same in the console's words (journey
// details, membership events) and on screen.

/** "850 ms", "4.3 s", "42 s", "3 min 12 s", "2 h 5 min", "4 d 3 h"; '—' when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 10_000) return `${sign}${(Math.floor(abs / 100) / 10).toFixed(1)} s`;
  const s = Math.floor(abs / 1000);
  if (s < 60) return `${sign}${s} s`;
  const two = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    `${sign}${big} ${bigUnit}${small ? ` ${small} ${smallUnit}` : ''}`;
  if (s < 3600) return two(Math.floor(s / 60), 'min', s % 60, 's');
  const min = Math.floor(s / 60);
  if (min < 48 * 60) return two(Math.floor(min / 60), 'h', min % 60, 'min');
  const h = Math.floor(min / 60);
  return two(Math.floor(h / 24), 'd', h % 24, 'h');
}

/** "1 entry", "2 entries", "1,024 messages": the count grouped, the noun agreeing with it. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
