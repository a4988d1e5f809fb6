// What the command line prints: tables on a terminal, JSON/NDJSON in pipes, and the values people
// type (times, durations, counts) read with errors that name the option.
import type { Writable } from 'node:stream';
import { displayKeyName } from '../../shared/key-name';
import type { ExportedEntry } from '../../shared/transfer-format';
import { CliError, EXIT } from './exit-codes';

/** Columns padded to their widest cell; the last column is not padded. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** Writes and waits for the stream to take it (so a slow pipe slows us instead of filling memory). */
export function writeTo(out: Writable, data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    out.once('error', onError);
    const settle = () => {
      out.off('error', onError);
      resolve();
    };
    if (out.write(data)) settle();
    else out.once('drain', settle);
  });
}

const time = (id: string) => {
  const ms = Number(id.split('-')[0]);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'unknown';
};

/** One exported entry as a terminal row: id, time from the id, `name=value` pairs cut to `width`. */
export function entryRow(entry: ExportedEntry, width: number): string {
  const fields = entry.fields
    .map(
      ({ name, value }) =>
        `${displayKeyName(name)}=${value.text !== undefined ? JSON.stringify(value.text) : `<${value.size} bytes, not UTF-8>`}`,
    )
    .join(' ');
  const row = `${entry.id.padEnd(20)}  ${time(entry.id)}  ${fields}`;
  return row.length > width ? `${row.slice(0, Math.max(0, width - 1))}…` : row;
}

/** A whole number ≥ min for `--option`. */
export function count(option: string, min = 1): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min)
      throw new CliError(`${option} must be a whole number ≥ ${min}, got ${JSON.stringify(text)}`, EXIT.usage);
    return n;
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration: milliseconds, or a number with a unit (ms, s, m, h, d), e.g. 90s, 15m, 7d. */
export function duration(option: string): (text: string) => number {
  return (text) => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
    if (!match)
      throw new CliError(`${option} must be a duration like 90s, 15m, 12h or 7d (or ms), got ${JSON.stringify(text)}`, EXIT.usage);
    return Math.round(Number(match[1]) * UNITS[match[2] ?? 'ms']);
  };
}

/** A point in time: epoch ms, an ISO date-time ("2026-11-27T10:15", local unless it says Z), or a duration ago ("15m"). */
export function when(option: string, now = Date.now): (text: string) => number {
  return (text) => {
    const t = text.trim();
    if (/^\d+$/.test(t)) return Number(t);
    const ago = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(t);
    if (ago) return now() - Math.round(Number(ago[1]) * UNITS[ago[2]]);
    const ms = Date.parse(t.includes('T') ? t : t.replace(' ', 'T'));
    if (Number.isNaN(ms) || ms < 0)
      throw new CliError(
        `${option} must be epoch ms, a date-time like 2026-11-27T10:15, or a time ago like 15m, got ${JSON.stringify(text)}`,
        EXIT.usage,
      );
    return ms;
  };
}
