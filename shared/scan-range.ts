// The entries a filter scan covers: an id range intersected with a time range. A time range is an
// id range (ids start with their ms), so the two fold into one pair of XRANGE bounds; the console's
// filter scan and the Entries view's "Export matches" fold them here, the same way. Browser-safe.

export interface ScanRange {
  /** Inclusive ids; absent: the stream's start / end. `5` as a start is `5-0`, as an end `5-<max seq>`. */
  start?: string;
  end?: string;
  /** Inclusive, ms since epoch. */
  fromMs?: number;
  toMs?: number;
}

export const MAX_ID_SEQ = 18446744073709551615n;
const ID = /^(\d{1,20})(?:-(\d{1,20}))?$/;

/** An id's (ms, seq) as XRANGE reads it at that edge; null when it is not a stream id. */
export function idBound(text: string, edge: 'start' | 'end'): [bigint, bigint] | null {
  const m = ID.exec(text);
  if (!m) return null;
  const ms = BigInt(m[1]);
  const seq = m[2] !== undefined ? BigInt(m[2]) : edge === 'start' ? 0n : MAX_ID_SEQ;
  return ms > MAX_ID_SEQ || seq > MAX_ID_SEQ ? null : [ms, seq];
}

const before = (a: [bigint, bigint], b: [bigint, bigint]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** The XRANGE bounds of the range: the later start and the earlier end of its id and time bounds. */
export function scanBounds(range: ScanRange): { start: string; end: string } {
  let start = range.start ?? '-';
  let end = range.end ?? '+';
  if (range.fromMs !== undefined) {
    const fromTime: [bigint, bigint] = [BigInt(range.fromMs), 0n];
    const id = start === '-' ? null : idBound(start, 'start');
    if (start === '-' || (id && before(id, fromTime))) start = `${range.fromMs}-0`;
  }
  if (range.toMs !== undefined) {
    const toTime: [bigint, bigint] = [BigInt(range.toMs), MAX_ID_SEQ];
    const id = end === '+' ? null : idBound(end, 'end');
    if (end === '+' || (id && before(toTime, id))) end = `${range.toMs}-${MAX_ID_SEQ}`;
  }
  return { start, end };
}
