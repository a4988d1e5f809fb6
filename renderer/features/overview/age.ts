// Human ages for the Overview ("850 ms", "12 s", "3 min", "2 h", "4 d") and the threshold that flags one.

/** Pending entries older than this are highlighted: a consumer is probably stuck or gone. */
export const STALE_PENDING_MS = 60_000;

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
