// How a group's lag reads: Redis's number as is, the console's count marked, a lower bound with
// "≥", and "unknown" rather than a dash or a zero when nobody could tell.
import type { LagSource } from '../../shared';
import { formatCount } from './format';

/** The bound the console counts to (electron/console/group-lag.ts LAG_LIMITS.exactUpTo). */
export const LAG_COUNT_BOUND = 100_000;

export function lagText(lag: number | null | undefined, source: LagSource | undefined): string {
  if (lag == null) return 'unknown';
  return source === 'at-least' ? `≥ ${formatCount(lag)}` : formatCount(lag);
}

/** Where the number comes from, in words, for a tooltip. */
export function lagExplanation(source: LagSource | undefined, note: string | undefined, countedAt?: number, now = Date.now()): string {
  const why = note ? ` ${note}.` : '';
  const when = countedAt !== undefined && now - countedAt >= 2000 ? ` Counted ${Math.round((now - countedAt) / 1000)} s ago.` : '';
  switch (source) {
    case 'computed':
      return `Counted by the console: the entries after the group's last-delivered id.${why}${when}`;
    case 'at-least':
      return `At least this many: the console counts exactly up to ${formatCount(LAG_COUNT_BOUND)} entries.${why}${when}`;
    case 'unknown':
      return `Unknown.${why}`;
    default:
      return "Redis's own lag (XINFO GROUPS).";
  }
}
