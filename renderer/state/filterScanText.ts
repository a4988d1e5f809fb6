// A filter scan in words, the same for the scan's own status and for an export of its matches:
// what it read and matched, why it stopped, and the budget that may stop it before the range ends.
import type { FilterScan, FilterStop } from '../../shared/decoding';
import { formatCount } from './format';

const STOPPED: Record<FilterStop, string> = {
  end: 'the range ended',
  entries: 'the entry budget ran out',
  time: 'the time budget ran out',
  matches: 'enough matches were found',
  cancelled: 'it was cancelled',
};

/** "2,000 entries scanned, 12 matched, 1 could not be evaluated in 0.4 s; stopped because the range ended." */
export function scanSummary(scan: FilterScan): string {
  return (
    `${formatCount(scan.scanned)} entries scanned, ${formatCount(scan.matched)} matched` +
    (scan.failed > 0 ? `, ${formatCount(scan.failed)} could not be evaluated` : '') +
    ` in ${(scan.elapsedMs / 1000).toFixed(1)} s` +
    (scan.stoppedBy ? `; stopped because ${STOPPED[scan.stoppedBy]}` : '') +
    '.'
  );
}

/** The budget a scan runs under, and that it may end the scan before the range does. */
export function scanBudgetText(scan: Pick<FilterScan, 'maxEntries' | 'maxMs' | 'maxMatches'>): string {
  const matches = scan.maxMatches !== null ? `, ${formatCount(scan.maxMatches)} matches` : '';
  return `Budget: ${formatCount(scan.maxEntries)} entries, ${formatCount(scan.maxMs / 1000)} s${matches}; the scan stops at whichever runs out first, so it may not reach the end of the range.`;
}

/** True when a budget (not the range's end or a cancel) ended the scan. */
export const cutByBudget = (scan: FilterScan) => scan.stoppedBy === 'entries' || scan.stoppedBy === 'time' || scan.stoppedBy === 'matches';
