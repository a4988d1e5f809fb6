// A filter scan, one way for every caller: batches of raw entries in (a scan's prefetching XRANGE
// reads, or an export's selection), the entries a CEL filter matches out, counted into a FilterScan
// (scanned, matched, failed, last id) and stopped by its budget of entries, time and matches, or a
// cancel. filters.start keeps the matches to show; transfer.export writes them out.
import type { RedisKey } from 'ioredis';
import type { DecoderSpec, FilterScan } from '../../shared/decoding';
import { ContractError } from '../../shared/reply';
import { detachReply, type RedisClient } from '../engine';
import { checkSpec, decodeValue } from './decoders';
import { asBuffer, type BinaryEntry } from './entry-format';
import { compileFilterStrict, type FilterInput } from './filter-language';

/** Entries one XRANGE of a scan asks for. */
const SCAN_READ = 2000;
/** How often a running scan reports its progress. */
const REPORT_EVERY_MS = 100;

/** Values read as JSON straight away when they look like it (the common case, and the fast one). */
function decodedForFilter(bytes: Buffer, spec: DecoderSpec): unknown {
  if (spec.kind === 'json' || spec.kind === 'auto') {
    const first = bytes[0];
    if (first === 0x7b || first === 0x5b) {
      try {
        return JSON.parse(bytes.toString());
      } catch {
        if (spec.kind === 'json') return null;
      }
    }
  }
  const decoded = decodeValue(bytes, spec, { preview: false });
  return decoded.value !== undefined ? decoded.value : (decoded.text ?? null);
}

/** One raw entry → what its filter sees. */
export function filterInput(raw: BinaryEntry, spec: DecoderSpec): FilterInput {
  const id = asBuffer(raw[0]).toString();
  const flat = raw[1];
  const fields: Record<string, string> = {};
  let value: unknown;
  if (flat.length === 2) {
    const v = asBuffer(flat[1]);
    fields[flat[0].toString()] = v.toString();
    value = decodedForFilter(v, spec);
  } else {
    const decoded: Record<string, unknown> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const name = flat[i].toString();
      const v = asBuffer(flat[i + 1]);
      fields[name] = v.toString();
      decoded[name] = decodedForFilter(v, spec);
    }
    value = decoded;
  }
  const dash = id.indexOf('-');
  return { id, timestamp: BigInt(dash >= 0 ? id.slice(0, dash) : id), fields, value };
}

/** A compiled filter and the decoder its values are read with. */
export interface PreparedFilter {
  evaluate: (input: FilterInput) => boolean | Error;
  spec: DecoderSpec;
}

/** Compiles the expression and checks the decoder; invalid_args naming what is wrong with either. */
export function prepareFilter(expression: string, spec: DecoderSpec): PreparedFilter {
  const evaluate = compileFilterStrict(expression);
  checkSpec(spec);
  return { evaluate, spec };
}

/** A scan's counts before it starts. */
export function freshScan(expression: string, budget: Pick<FilterScan, 'maxEntries' | 'maxMs' | 'maxMatches'>): FilterScan {
  return { expression, scanned: 0, matched: 0, failed: 0, elapsedMs: 0, lastId: null, ...budget };
}

/** Refuses a key that holds something other than a stream (a missing key scans as empty). */
export async function checkStreamKey(redis: RedisClient, key: RedisKey, name: string): Promise<void> {
  const type = await redis.type(key);
  if (type !== 'stream' && type !== 'none')
    throw new ContractError('invalid_args', `key ${JSON.stringify(name)} holds a ${type}, not a stream`);
}

/**
 * XRANGE reads from `start` to `end` (inclusive), at most `maxEntries` in all, the next read in
 * flight while the caller evaluates the current batch.
 */
export async function* scanReads(
  redis: RedisClient,
  key: RedisKey,
  start: string,
  end: string,
  maxEntries: number,
): AsyncGenerator<BinaryEntry[]> {
  const read = async (from: string, count: number) =>
    detachReply((await redis.xrangeBuffer(key, from, end, 'COUNT', count)) as BinaryEntry[]);
  let asked = Math.min(SCAN_READ, maxEntries);
  let left = maxEntries;
  let next: Promise<BinaryEntry[]> | null = read(start, asked);
  try {
    while (next) {
      const batch = await next;
      const batchAsked = asked;
      left -= batch.length;
      next = null;
      if (batch.length === batchAsked && left > 0) {
        asked = Math.min(SCAN_READ, left);
        next = read(`(${asBuffer(batch[batch.length - 1][0]).toString()}`, asked);
      }
      if (batch.length > 0) yield batch;
    }
  } finally {
    // A scan stopped early leaves one read in flight: let it settle unobserved.
    if (next) await next.catch(() => undefined);
  }
}

/**
 * The entries of `batches` the filter matches, batch by batch, counted into `scan`. Stops when the
 * batches end ('end'), after `maxEntries` entries ('entries'), after `maxMs` ('time', checked after
 * each batch), at the `maxMatches`th match ('matches', that match included) or on `signal`
 * ('cancelled'); `report` is called about every 100 ms while it runs.
 */
export async function* matchingBatches<E extends BinaryEntry>(
  batches: AsyncIterable<E[]>,
  filter: PreparedFilter,
  scan: FilterScan,
  signal: AbortSignal,
  report: () => void,
): AsyncGenerator<E[]> {
  const began = performance.now();
  let lastReport = began;
  const elapsed = () => (scan.elapsedMs = Math.round(performance.now() - began));
  try {
    for await (const batch of batches) {
      const matches: E[] = [];
      for (const raw of batch) {
        if (scan.scanned >= scan.maxEntries) break;
        scan.scanned++;
        scan.lastId = asBuffer(raw[0]).toString();
        const verdict = filter.evaluate(filterInput(raw, filter.spec));
        if (verdict instanceof Error) scan.failed++;
        else if (verdict) {
          scan.matched++;
          matches.push(raw);
          if (scan.maxMatches !== null && scan.matched >= scan.maxMatches) {
            scan.stoppedBy = 'matches';
            break;
          }
        }
      }
      elapsed();
      if (matches.length > 0) yield matches;
      if (scan.stoppedBy) return;
      if (signal.aborted) return void (scan.stoppedBy = 'cancelled');
      if (scan.scanned >= scan.maxEntries) return void (scan.stoppedBy = 'entries');
      const now = performance.now();
      if (now - began >= scan.maxMs) return void (scan.stoppedBy = 'time');
      if (now - lastReport >= REPORT_EVERY_MS) {
        lastReport = now;
        report();
      }
    }
    scan.stoppedBy = signal.aborted ? 'cancelled' : 'end';
  } finally {
    elapsed();
    // A consumer that stops pulling (an export cancelled while its reader waits) ends the scan here.
    if (!scan.stoppedBy && signal.aborted) scan.stoppedBy = 'cancelled';
  }
}
