// Decoders and filters as contract methods: a stream's remembered decoder (decoders.get/set),
// encoding a JSON value with it for publishing (decoders.encode), and filter scans: a CEL
// expression over decoded values, run as a job over an id and time range under a budget of
// entries, time and matches, with progress pushed as filters.progress and cancel. Saved filters
// are kept per stream with the decoder (stream-settings.ts).
import type { DecoderSpec, FilterJob, SavedFilter } from '../../shared/decoding';
import type { StreamEntry } from '../../shared/dto';
import { REPLY_BUDGET_BYTES } from '../../shared/entry-budget';
import { ContractError } from '../../shared/reply';
import { valueFromBytes } from '../../shared/value-bytes';
import { compareIds } from '../engine';
import type { Area, ConsoleContext } from './context';
import { checkSpec, decodeValue, encodeValue } from './decoders';
import { asBuffer, decodeEntry, entryWireSize, type BinaryEntry } from './entry-format';
import { compileFilterStrict, type FilterInput } from './filter-language';
import { Jobs, type JobControl } from './jobs';
import { MAX_SAVED_FILTERS, type StreamSettings } from './stream-settings';

export const MAX_RUNNING_FILTERS = 4;
/** Entries one XRANGE of a scan asks for. */
const SCAN_READ = 2000;
/** Finished scans whose matches stay readable with filters.results. */
const KEEP_RESULTS = 20;

interface ScanResult {
  entries: StreamEntry[];
  bytes: number;
}

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

/** The later of two range starts / the earlier of two range ends, as XRANGE bounds. */
const later = (a: string, b: string) => (a === '-' ? b : b === '-' ? a : compareIds(a, b) >= 0 ? a : b);
const earlier = (a: string, b: string) => (a === '+' ? b : b === '+' ? a : compareIds(a, b) <= 0 ? a : b);

interface ScanSource {
  /** Up to `count` entries from `from` (inclusive, or exclusive with a leading '(') to the scan's end. */
  read: (from: string, count: number) => Promise<BinaryEntry[]>;
  start: string;
  evaluate: ReturnType<typeof compileFilterStrict>;
  spec: DecoderSpec;
}

/**
 * One filter scan: reads the range in batches (the next asked for while this one is evaluated),
 * keeps the matches that fit a reply, and stops at the end of the range or at the job's budget of
 * entries, time or matches, or when cancelled; `stoppedBy` says which.
 */
async function runScan(job: FilterJob, control: JobControl, range: ScanSource, result: ScanResult): Promise<void> {
  const { read } = range;
  const began = performance.now();
  let bound = range.start;
  // The next batch is asked for while this one is evaluated.
  let asked = Math.min(SCAN_READ, job.maxEntries);
  let next: Promise<BinaryEntry[]> | null = read(bound, asked);
  let lastReport = began;
  scan: while (next !== null) {
    const batch = await next;
    const batchAsked = asked;
    next = null;
    const remaining = job.maxEntries - job.scanned - batch.length;
    if (batch.length === batchAsked && remaining > 0) {
      bound = `(${asBuffer(batch[batch.length - 1][0]).toString()}`;
      asked = Math.min(SCAN_READ, remaining);
      next = read(bound, asked);
    }
    for (const raw of batch) {
      job.scanned++;
      job.lastId = asBuffer(raw[0]).toString();
      const verdict = range.evaluate(filterInput(raw, range.spec));
      if (verdict instanceof Error) job.failed++;
      else if (verdict) {
        job.matched++;
        const entry = decodeEntry(raw, range.spec);
        const size = entryWireSize(entry);
        if (result.entries.length === 0 || result.bytes + size <= REPLY_BUDGET_BYTES) {
          result.entries.push(entry);
          result.bytes += size;
        }
        if (job.matched >= job.maxMatches) {
          job.stoppedBy = 'matches';
          break scan;
        }
      }
    }
    const now = performance.now();
    job.elapsedMs = Math.round(now - began);
    if (control.signal.aborted) {
      job.stoppedBy = 'cancelled';
      break;
    }
    if (!next) {
      job.stoppedBy = batch.length < batchAsked ? 'end' : 'entries';
      break;
    }
    if (now - began >= job.maxMs) {
      job.stoppedBy = 'time';
      break;
    }
    if (now - lastReport >= 100) {
      lastReport = now;
      control.report();
    }
  }
  if (next) await next.catch(() => undefined);
  job.elapsedMs = Math.round(performance.now() - began);
  job.stoppedBy ??= 'end';
}

export function createFiltersArea(ctx: ConsoleContext, settings: StreamSettings): Area {
  const jobs = new Jobs<FilterJob>({
    what: 'filter scan',
    maxRunning: MAX_RUNNING_FILTERS,
    emit: (job) => ctx.emit('filters.progress', job),
  });
  const results = new Map<string, ScanResult>();

  const keepResult = (jobId: string, result: ScanResult) => {
    if (results.size >= KEEP_RESULTS) results.delete(results.keys().next().value as string);
    results.set(jobId, result);
  };

  const setting = async (stream: string) => ({ stream, decoder: await settings.decoder(stream), remembered: settings.remembered() });

  return {
    handlers: {
      'decoders.get': async ({ stream }) => setting(stream),

      'decoders.set': async ({ stream, decoder }) => {
        if (decoder) checkSpec(decoder);
        await settings.update(stream, (current) => {
          const next = { ...current };
          if (decoder) next.decoder = decoder;
          else delete next.decoder;
          return next;
        });
        return setting(stream);
      },

      'decoders.encode': async ({ stream, decoder, json }) => {
        const spec = decoder ?? (stream !== undefined ? await settings.decoder(stream) : null) ?? { kind: 'json' };
        checkSpec(spec);
        let parsed: unknown;
        try {
          parsed = JSON.parse(json);
        } catch (error) {
          throw new ContractError('invalid_args', `json: the value is not JSON (${(error as Error).message})`);
        }
        const bytes = encodeValue(parsed, spec.kind === 'auto' ? { kind: 'json' } : spec);
        return { value: valueFromBytes(bytes), decoder: spec.kind === 'auto' ? 'json' : spec.kind };
      },

      'filters.list': async ({ stream }) => settings.filters(stream),

      'filters.save': async ({ stream, name, expression }) => {
        compileFilterStrict(expression);
        const saved = await settings.update(stream, (current) => {
          const filters: SavedFilter[] = (current.filters ?? []).filter((f) => f.name !== name);
          if (filters.length >= MAX_SAVED_FILTERS)
            throw new ContractError(
              'conflict',
              `stream ${JSON.stringify(stream)} already keeps ${MAX_SAVED_FILTERS} saved filters; delete one first`,
            );
          filters.push({ name, expression });
          return { ...current, filters };
        });
        return saved.filters ?? [];
      },

      'filters.delete': async ({ stream, name }) => {
        let deleted = false;
        await settings.update(stream, (current) => {
          const filters = (current.filters ?? []).filter((f) => f.name !== name);
          deleted = filters.length !== (current.filters ?? []).length;
          return { ...current, filters };
        });
        return { deleted };
      },

      'filters.start': async (args) => {
        const evaluate = compileFilterStrict(args.expression);
        const spec = args.decoder ?? (await settings.decoder(args.stream)) ?? { kind: 'auto' };
        checkSpec(spec);
        let start = args.start;
        let end = args.end;
        if (args.fromMs !== undefined) start = later(start, `${args.fromMs}-0`);
        if (args.toMs !== undefined) end = earlier(end, `${args.toMs}-18446744073709551615`);
        const key = ctx.key(args.stream);
        const redis = ctx.redis();
        const type = await redis.type(key);
        if (type !== 'stream' && type !== 'none')
          throw new ContractError('invalid_args', `key ${JSON.stringify(args.stream)} holds a ${type}, not a stream`);

        const job = jobs.start<FilterJob>(
          {
            stream: args.stream,
            expression: args.expression,
            scanned: 0,
            matched: 0,
            failed: 0,
            elapsedMs: 0,
            lastId: null,
            maxEntries: args.maxEntries,
            maxMs: args.maxMs,
            maxMatches: args.maxMatches,
          },
          async (job, control) => {
            const result: ScanResult = { entries: [], bytes: 0 };
            keepResult(job.jobId, result);
            const read = (from: string, count: number) => redis.xrangeBuffer(key, from, end, 'COUNT', count) as Promise<BinaryEntry[]>;
            await runScan(job, control, { read, start, evaluate, spec }, result);
          },
        );
        return job;
      },

      'filters.cancel': async ({ jobId }) => jobs.cancel(jobId),

      'filters.results': async ({ jobId }) => {
        const job = { ...jobs.get(jobId) };
        const result = results.get(jobId);
        if (!result) throw new ContractError('not_found', `the matches of filter scan ${jobId} are no longer kept; run it again`);
        return { job, entries: result.entries };
      },
    },
    close: () => jobs.close(),
  };
}
