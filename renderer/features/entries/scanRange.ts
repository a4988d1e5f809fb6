// The id range and time range a filter scan covers, as typed in the form: blank means unbounded.
// Checked here so a wrong bound is named next to its input before a scan starts. Times are read
// as the Entries view's seek reads them.
import { parseTime } from '../../state/parseTime';

export interface ScanRangeText {
  startId: string;
  endId: string;
  fromTime: string;
  toTime: string;
}

export interface ScanRange {
  start?: string;
  end?: string;
  fromMs?: number;
  toMs?: number;
}

export const EMPTY_RANGE: ScanRangeText = { startId: '', endId: '', fromTime: '', toTime: '' };

const ID = /^(\d{1,20})(?:-(\d{1,20}))?$/;
const MAX_U64 = 18446744073709551615n;

/** An id's (ms, seq) bounds: `5` as a start is `5-0`, as an end `5-<max seq>`, as XRANGE reads it. */
function idBound(text: string, edge: 'start' | 'end'): [bigint, bigint] | null {
  const m = ID.exec(text);
  if (!m) return null;
  const ms = BigInt(m[1]);
  const seq = m[2] !== undefined ? BigInt(m[2]) : edge === 'start' ? 0n : MAX_U64;
  return ms > MAX_U64 || seq > MAX_U64 ? null : [ms, seq];
}

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
