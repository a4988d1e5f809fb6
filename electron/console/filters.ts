// Decoders and filters as contract methods: a stream's remembered decoder (decoders.get/set),
// encoding a JSON value with it for publishing (decoders.encode), and filter scans: a CEL
// expression over decoded values, run as a job over an id and time range under a budget of
// entries, time and matches, with progress pushed as filters.progress and cancel. Saved filters
// are kept per stream with the decoder (stream-settings.ts).
import type { FilterJob, SavedFilter } from '../../shared/decoding';
import type { StreamEntry } from '../../shared/dto';
import { REPLY_BUDGET_BYTES } from '../../shared/entry-budget';
import { ContractError } from '../../shared/reply';
import { scanBounds } from '../../shared/scan-range';
import { valueFromBytes } from '../../shared/value-bytes';
import type { Area, ConsoleContext } from './context';
import { checkSpec, encodeValue } from './decoders';
import { decodeEntry, entryWireSize } from './entry-format';
import { compileFilterStrict } from './filter-language';
import { checkStreamKey, freshScan, matchingBatches, prepareFilter, scanReads } from './filter-scan';
import { Jobs } from './jobs';
import { MAX_SAVED_FILTERS, type StreamSettings } from './stream-settings';

export const MAX_RUNNING_FILTERS = 4;
/** Finished scans whose matches stay readable with filters.results. */
const KEEP_RESULTS = 20;

interface ScanResult {
  entries: StreamEntry[];
  bytes: number;
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
        const filter = prepareFilter(args.expression, args.decoder ?? (await settings.decoder(args.stream)) ?? { kind: 'auto' });
        const { start, end } = scanBounds(args);
        const key = ctx.key(args.stream);
        const redis = ctx.redis();
        await checkStreamKey(redis, key, args.stream);
        const { maxEntries, maxMs, maxMatches } = args;
        const job = jobs.start<FilterJob>(
          { stream: args.stream, ...freshScan(args.expression, { maxEntries, maxMs, maxMatches }), maxMatches },
          async (job, { signal, report }) => {
            const result: ScanResult = { entries: [], bytes: 0 };
            keepResult(job.jobId, result);
            const reads = scanReads(redis, key, start, end, job.maxEntries);
            for await (const matches of matchingBatches(reads, filter, job, signal, report)) {
              for (const raw of matches) {
                const entry = decodeEntry(raw, filter.spec);
                const size = entryWireSize(entry);
                if (result.entries.length === 0 || result.bytes + size <= REPLY_BUDGET_BYTES) {
                  result.entries.push(entry);
                  result.bytes += size;
                }
              }
            }
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
