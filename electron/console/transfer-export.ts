// The export side of transfers: read a selection of a stream with Buffer replies in chunks sized
// by the bytes seen so far (so memory stays bounded on streams of large entries), optionally keep
// following new entries, and turn each chunk into NDJSON lines, CSV rows or raw values.
import type { RedisKey } from 'ioredis';
import type { ExportFormat, ExportJob, TransferSelection } from '../../shared/dto';
import { keyNameFromBytes, displayKeyName } from '../../shared/key-name';
import { entryLine } from '../../shared/transfer-format';
import { valueFromBytes } from '../../shared/value-bytes';
import { detachReply, detachStreamEntries, type RedisClient } from '../engine';

/** One entry as a Buffer reply holds it: [id, [field, value, field, value, …]]. */
export type BufferEntry = [Buffer, Buffer[]];

/** Aim for about this many bytes per XRANGE reply. */
export const READ_BUDGET_BYTES = 4 * 1024 * 1024;
/** Entries asked for in the first read, before any entry size is known; at most MAX_COUNT later. */
const FIRST_COUNT = 10;
const MAX_COUNT = 1000;
/** Block this long per XREAD while following, so a cancel is seen soon. */
const FOLLOW_BLOCK_MS = 1000;

const entryBytes = ([id, flat]: BufferEntry) => flat.reduce((n, b) => n + b.length, id.length);

/** The next COUNT: what fits the byte budget at the average entry size seen so far, grown at most 10× a step. */
function nextCount(previous: number, entries: BufferEntry[]): number {
  if (entries.length === 0) return previous;
  const average = Math.max(1, entries.reduce((n, e) => n + entryBytes(e), 0) / entries.length);
  return Math.max(1, Math.min(MAX_COUNT, previous * 10, Math.floor(READ_BUDGET_BYTES / average)));
}

export interface ExportSource {
  /** Entries the selection holds, when known up front. */
  total: number | null;
  /** The entries in chunks, oldest first; counts missing listed ids into `onMissing`. */
  chunks(signal: AbortSignal): AsyncGenerator<BufferEntry[]>;
  /** Where following goes on from once the selection is read. */
  endId: string;
}

const idText = (id: Buffer | string) => (typeof id === 'string' ? id : id.toString('latin1'));

async function* readRange(
  redis: RedisClient,
  key: RedisKey,
  start: string,
  end: string,
  limit: number,
  signal: AbortSignal,
): AsyncGenerator<BufferEntry[]> {
  let bound = start;
  let count = FIRST_COUNT;
  let left = limit;
  while (left > 0 && !signal.aborted) {
    const asked = Math.min(count, left);
    const batch = detachReply((await redis.xrangeBuffer(key, bound, end, 'COUNT', asked)) as BufferEntry[]);
    if (batch.length > 0) yield batch;
    if (batch.length < asked) return;
    left -= batch.length;
    bound = `(${idText(batch[batch.length - 1][0])}`;
    count = nextCount(count, batch);
  }
}

/** Id of the newest entry (or null for an empty stream). */
async function newestId(redis: RedisClient, key: RedisKey): Promise<string | null> {
  const [newest] = (await redis.xrevrangeBuffer(key, '+', '-', 'COUNT', 1)) as BufferEntry[];
  return newest ? idText(newest[0]) : null;
}

/** Id of the oldest of the newest `count` entries, walking back in byte-bounded chunks. */
async function startOfLast(redis: RedisClient, key: RedisKey, count: number, end: string, signal: AbortSignal): Promise<string | null> {
  let bound = end;
  let seen = 0;
  let chunk = FIRST_COUNT;
  let oldest: string | null = null;
  while (seen < count && !signal.aborted) {
    const asked = Math.min(chunk, count - seen);
    const batch = detachReply((await redis.xrevrangeBuffer(key, bound, '-', 'COUNT', asked)) as BufferEntry[]);
    if (batch.length === 0) break;
    seen += batch.length;
    oldest = idText(batch[batch.length - 1][0]);
    if (batch.length < asked) break;
    bound = `(${oldest}`;
    chunk = nextCount(chunk, batch);
  }
  return oldest;
}

/**
 * What a selection reads. Ranges that end at '+' end at the newest entry when the export starts,
 * so an export of a busy stream finishes (following picks up from there).
 */
export async function openSource(
  redis: RedisClient,
  key: RedisKey,
  selection: TransferSelection,
  limit: number | undefined,
  onMissing: (id: string) => void,
): Promise<ExportSource> {
  const max = limit ?? Number.POSITIVE_INFINITY;
  const capped = (n: number) => Math.min(n, max);
  const newest = await newestId(redis, key);
  const endOfStream = newest ?? '0-0';
  if (selection.kind === 'ids') {
    const ids = selection.ids.slice(0, Number.isFinite(max) ? max : undefined);
    return {
      total: ids.length,
      endId: endOfStream,
      chunks: async function* (signal) {
        let at = 0;
        let count = FIRST_COUNT;
        while (at < ids.length && !signal.aborted) {
          const group = ids.slice(at, at + count);
          at += group.length;
          const pipeline = redis.pipeline();
          for (const id of group) pipeline.xrangeBuffer(key, id, id);
          const replies = (await pipeline.exec()) ?? [];
          const found: BufferEntry[] = [];
          replies.forEach(([error, reply], i) => {
            if (error) throw error;
            const [entry] = reply as BufferEntry[];
            if (entry) found.push(entry);
            else onMissing(group[i]);
          });
          if (found.length > 0) yield found;
          count = nextCount(count, found);
        }
      },
    };
  }
  if (selection.kind === 'last') {
    const want = capped(selection.count);
    const length = Number(await redis.xlen(key));
    return {
      total: Math.min(want, length),
      endId: endOfStream,
      chunks: async function* (signal) {
        if (!newest) return;
        const start = want >= length ? '-' : await startOfLast(redis, key, want, newest, signal);
        if (start) yield* readRange(redis, key, start, newest, want, signal);
      },
    };
  }
  const [start, end] =
    selection.kind === 'range'
      ? [selection.start, selection.end === '+' ? endOfStream : selection.end]
      : [
          selection.fromMs === undefined ? '-' : String(selection.fromMs),
          selection.toMs === undefined ? endOfStream : String(selection.toMs),
        ];
  const whole = start === '-' && selection.kind === 'range' && selection.end === '+';
  return {
    total: whole ? capped(Number(await redis.xlen(key))) : null,
    endId: endOfStream,
    chunks: (signal) => readRange(redis, key, start, end, newest ? max : 0, signal),
  };
}

/** New entries after `fromId`, read with blocking XREAD on `connection` until `signal` fires. */
export async function* follow(connection: RedisClient, key: RedisKey, fromId: string, signal: AbortSignal): AsyncGenerator<BufferEntry[]> {
  let lastId = fromId;
  let count = FIRST_COUNT;
  while (!signal.aborted) {
    const batch = detachStreamEntries(await connection.xreadBuffer('COUNT', count, 'BLOCK', FOLLOW_BLOCK_MS, 'STREAMS', key, lastId));
    if (batch.length === 0) continue;
    lastId = idText(batch[batch.length - 1][0]);
    count = nextCount(count, batch);
    yield batch;
  }
}

export type Formatter = (entries: BufferEntry[]) => Buffer;

const pairsOf = (flat: Buffer[]) => {
  const out: Array<[Buffer, Buffer]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
};

/** RFC 4180: a cell with a comma, quote or line break goes in quotes, its quotes doubled. */
const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * The formatter for `format`; it updates `job` (binaryValues for CSV) and throws, naming the entry,
 * when an entry does not fit the format (CSV: other fields than the first entry; raw: not one field).
 */
export function formatter(format: ExportFormat, job: ExportJob): Formatter {
  if (format === 'ndjson') {
    return (entries) =>
      Buffer.from(
        entries
          .map(([id, flat]) =>
            entryLine({
              id: idText(id),
              fields: pairsOf(flat).map(([name, value]) => ({ name: keyNameFromBytes(name), value: valueFromBytes(value) })),
            }),
          )
          .join(''),
      );
  }
  if (format === 'raw') {
    return (entries) => {
      const parts: Buffer[] = [];
      for (const [id, flat] of entries) {
        if (flat.length !== 2)
          throw new Error(
            `entry ${idText(id)} has ${flat.length / 2} fields; raw export writes one value per entry (single-field streams): export it as NDJSON`,
          );
        parts.push(flat[1], NEWLINE);
      }
      return Buffer.concat(parts);
    };
  }
  let columns: string[] | null = null;
  return (entries) => {
    let out = '';
    for (const [rawId, flat] of entries) {
      const id = idText(rawId);
      const byName = new Map<string, Buffer>();
      for (const [name, value] of pairsOf(flat)) {
        const key = keyNameFromBytes(name);
        if (byName.has(key))
          throw new Error(
            `entry ${id} has the field ${JSON.stringify(displayKeyName(key))} twice, which a CSV row cannot hold: export it as NDJSON`,
          );
        byName.set(key, value);
      }
      if (!columns) {
        columns = [...byName.keys()];
        out += ['id', ...columns.map((c) => csvCell(displayKeyName(c)))].join(',') + '\r\n';
      }
      const header = columns;
      if (byName.size !== header.length || header.some((c) => !byName.has(c))) {
        const list = (names: string[]) => names.map(displayKeyName).join(', ');
        throw new Error(
          `entry ${id} has the fields [${list([...byName.keys()])}] but the CSV columns (from the first entry) are [${list(header)}]: export it as NDJSON`,
        );
      }
      const cells = header.map((c) => {
        const value = valueFromBytes(byName.get(c) as Buffer);
        if (value.text !== undefined) return csvCell(value.text);
        job.binaryValues++;
        return `base64:${value.base64}`;
      });
      out += [id, ...cells].join(',') + '\r\n';
    }
    return Buffer.from(out);
  };
}

const NEWLINE = Buffer.from('\n');
