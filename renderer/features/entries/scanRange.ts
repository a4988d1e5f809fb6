// The id range and time range a filter scan covers, as typed in the form: blank means unbounded.
// Checked here so a wrong bound is named next to its input before a scan starts. Times are read
// as the Entries view's seek reads them.
import { idBound, type ScanRange } from '../../../shared/scan-range';
import { parseTime } from '../../state/parseTime';

export type { ScanRange };

export interface ScanRangeText {
  startId: string;
  endId: string;
  fromTime: string;
  toTime: string;
}

export const EMPTY_RANGE: ScanRangeText = { startId: '', endId: '', fromTime: '', toTime: '' };

export function parseScanRange(text: ScanRangeText): { range: ScanRange } | { error: string } {
  const range: ScanRange = {};
  const startId = text.startId.trim();
  const endId = text.endId.trim();
  const fromTime = text.fromTime.trim();
  const toTime = text.toTime.trim();
  let start: [bigint, bigint] | null = null;
  let end: [bigint, bigint] | null = null;
  if (startId) {
    start = idBound(startId, 'start');
    if (!start) return { error: `Start id "${startId}" is not a stream id like 1700000000000-0 (or 1700000000000).` };
    range.start = startId;
  }
  if (endId) {
    end = idBound(endId, 'end');
    if (!end) return { error: `End id "${endId}" is not a stream id like 1700000000000-0 (or 1700000000000).` };
    range.end = endId;
  }
  if (start && end && (start[0] > end[0] || (start[0] === end[0] && start[1] > end[1])))
    return { error: `Start id ${startId} comes after end id ${endId}.` };
  if (fromTime) {
    const parsed = parseTime(fromTime);
    if ('problem' in parsed) return { error: `From time: ${parsed.problem}` };
    range.fromMs = parsed.ms;
  }
  if (toTime) {
    const parsed = parseTime(toTime);
    if ('problem' in parsed) return { error: `To time: ${parsed.problem}` };
    range.toMs = parsed.ms;
  }
  if (range.fromMs !== undefined && range.toMs !== undefined && range.fromMs > range.toMs)
    return { error: `From time ${fromTime} comes after to time ${toTime}.` };
  return { range };
}
