// Export and import of stream entries as jobs (the same job runner as publish): an export reads a
// selection in byte-bounded chunks (with a filter, only the entries it matches, scanned as a filter
// scan scans: filter-scan.ts) and its bytes are pulled with transfer.read (or, in the desktop
// app, saved to a file the user picks); an import is fed NDJSON with transfer.write and writes or
// dry-runs it. Progress is pushed as transfer.progress; a job nobody reads or feeds is cancelled.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { RedisKey } from 'ioredis';
import type { DecoderSpec } from '../../shared/decoding';
import type { ExportJob, ImportJob, TransferJob, TransferLimits } from '../../shared/dto';
import { displayKeyName, keyNameFromBytes } from '../../shared/key-name';
import { ContractError } from '../../shared/reply';
import type { Args } from '../../shared/schemas';
import { valueFromBytes, valueToBytes } from '../../shared/value-bytes';
import type { RedisClient } from '../engine';
import type { Area, ConsoleContext } from './context';
import { Jobs, snapshot, type JobControl } from './jobs';
import { freshScan, matchingBatches, prepareFilter, type PreparedFilter } from './filter-scan';
import type { StreamSettings } from './stream-settings';
import { follow, formatter, openSource, type BufferEntry, type ExportSource } from './transfer-export';
import { ImportWriter } from './transfer-import';
import { exportFileName, MAX_LINE_BYTES } from '../../shared/transfer-format';
import { WRITE_CHUNK_BYTES } from '../../shared/transfer-client';

export const MAX_RUNNING_TRANSFERS = 8;
/** How long a cancelled export's already formatted output waits for its reader before it is dropped. */
const CANCEL_DRAIN_GRACE_MS = 10_000;

/** Bytes one transfer.read returns at most (and what the UI and CLI send per transfer.write). */
export const TRANSFER_CHUNK_BYTES = WRITE_CHUNK_BYTES;
export const DEFAULT_TRANSFER_IDLE_MS = 120_000;

export interface TransferOptions {
  /**
   * Asks the user where to save an export (the desktop app's save dialog); resolves to the path,
   * or null when they cancel. Without it, `destination: 'file'` is refused.
   */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
  /** Cancel a job nobody has read from or written to for this long (default 2 minutes; null: never). */
  idleTimeoutMs?: number | null;
}

interface Pull {
  stream: PassThrough;
  ended: boolean;
}

/** A key that must hold a stream: not_found when there is none, invalid_args when it is something else. */
async function streamLastId(redis: RedisClient, key: RedisKey, name: string, mayBeMissing: boolean): Promise<string | null> {
  const type = await redis.type(key);
  if (type === 'none') {
    if (mayBeMissing) return null;
    throw new ContractError('not_found', `stream ${JSON.stringify(displayKeyName(name))} does not exist`);
  }
  if (type !== 'stream')
    throw new ContractError('invalid_args', `key ${JSON.stringify(displayKeyName(name))} holds a ${type}, not a stream`);
  const info = (await redis.call('XINFO', 'STREAM', key)) as unknown[];
  const at = info.indexOf('last-generated-id');
  return at >= 0 ? String(info[at + 1]) : null;
}

/** Streams the source's entries, formatted, into the sink (then follows new ones if asked). */
async function exportEntries(
  ctx: ConsoleContext,
  job: ExportJob,
  args: Args<'transfer.export'>,
  key: RedisKey,
  source: ExportSource,
  filter: PreparedFilter | null,
  sink: Writable,
  control: JobControl,
): Promise<void> {
  const { signal, report } = control;
  const format = formatter(args.format, job);
  let connection: RedisClient | null = null;
  const release = () => {
    if (connection) ctx.release(connection);
    connection = null;
  };
  // A cancel closes the follow connection, which ends a blocked XREAD at once.
  signal.addEventListener('abort', release, { once: true });
  const out = (batch: BufferEntry[]) => {
    const bytes = format(batch);
    job.entries += batch.length;
    job.bytes += bytes.length;
    job.lastId = batch[batch.length - 1][0].toString('latin1');
    report();
    return bytes;
  };
  const chunks = () =>
    filter && job.filter ? matchingBatches(source.chunks(signal), filter, job.filter, signal, report) : source.chunks(signal);
  async function* output() {
    try {
      for await (const batch of chunks()) yield out(batch);
      if (!args.follow || signal.aborted) return;
      connection = ctx.duplicate(`streamscope:export:${job.jobId}`);
      for await (const batch of follow(connection, key, job.lastId ?? source.endId, signal)) yield out(batch);
    } catch (error) {
      if (!signal.aborted) throw error; // a cancel ending the follow read is the way out, not a failure
    } finally {
      release();
    }
  }
  // A cancel stops producing and ends the sink rather than destroying it: what is already
  // formatted is whole entries, so a reader still pulling gets output that ends at an entry
  // boundary. A sink nobody drains is destroyed after a grace, so a cancel always finishes.
  let grace: NodeJS.Timeout | undefined;
  const destroyUndrained = () => {
    grace = setTimeout(() => sink.destroy(), CANCEL_DRAIN_GRACE_MS);
    grace.unref();
  };
  signal.addEventListener('abort', destroyUndrained, { once: true });
  try {
    await pipeline(output(), sink);
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    clearTimeout(grace);
    signal.removeEventListener('abort', destroyUndrained);
  }
}

/** The file the user picks for an export (the job is cancelled when they pick none). */
async function saveTarget(
  job: ExportJob,
  choose: NonNullable<TransferOptions['chooseSavePath']>,
  report: () => void,
): Promise<Writable | null> {
  const path = await choose(exportFileName(displayKeyName(job.stream), job.format));
  if (!path) {
    job.state = 'cancelled';
    job.error = 'no file was chosen';
    return null;
  }
  job.savedTo = path;
  report();
  return createWriteStream(path);
}

/**
 * The idle clock of each job nobody reads or feeds: when it runs out the job is cancelled, saying
 * why. Null `idleMs`: never.
 */
class IdleClock {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly idleMs: number | null,
    private readonly cancel: (jobId: string, why: string) => void,
  ) {}

  /** Starts (or restarts) the job's clock; `what` is how the job is used ('read from', 'written to'). */
  touch(jobId: string, what: string): void {
    if (this.idleMs === null) return;
    const timer = this.timers.get(jobId);
    if (timer) return void timer.refresh();
    const idleMs = this.idleMs;
    const next = setTimeout(() => this.cancel(jobId, `nothing ${what} this job for ${idleMs / 1000} s, so it was stopped`), idleMs);
    next.unref();
    this.timers.set(jobId, next);
  }

  stop(jobId: string): void {
    clearTimeout(this.timers.get(jobId));
    this.timers.delete(jobId);
  }

  jobs(): string[] {
    return [...this.timers.keys()];
  }
}

/** The next bytes of a pulled export: what is buffered now, else what arrives within `waitMs`. */
async function nextChunk(pull: Pull, waitMs: number): Promise<Buffer | null> {
  const take = () =>
    pull.stream.readableLength > 0 ? (pull.stream.read(Math.min(pull.stream.readableLength, TRANSFER_CHUNK_BYTES)) as Buffer | null) : null;
  const chunk = take();
  if (chunk || pull.ended || waitMs <= 0) return chunk;
  const stop = new AbortController();
  await Promise.race([once(pull.stream, 'readable', { signal: stop.signal }), delay(waitMs, undefined, { signal: stop.signal })]).catch(
    () => undefined,
  );
  stop.abort();
  return take();
}

/** One entry with every field name and value as bytes (for re-publishing it exactly). */
async function entryWithFields(ctx: ConsoleContext, stream: string, id: string) {
  const [entry] = (await ctx.redis().xrangeBuffer(ctx.key(stream), id, id)) as BufferEntry[];
  if (!entry) throw new ContractError('not_found', `entry ${id} not found in stream ${JSON.stringify(displayKeyName(stream))}`);
  const fields = [];
  for (let i = 0; i + 1 < entry[1].length; i += 2)
    fields.push({ name: keyNameFromBytes(entry[1][i]), value: valueFromBytes(entry[1][i + 1]) });
  return { id: entry[0].toString('latin1'), fields };
}

/** A new export job's counters, before the job runner gives it an id and a state. */
function newExport(args: Args<'transfer.export'>, total: number | null, scan: ExportJob['filter'] | null) {
  return {
    kind: 'export' as const,
    stream: args.stream,
    format: args.format,
    selection: args.selection,
    follow: args.follow,
    entries: 0,
    bytes: 0,
    total,
    lastId: null,
    missing: 0,
    binaryValues: 0,
    ...(scan ? { filter: scan, total: null } : {}),
  };
}

/** A new import job's counters; `targetLastId` is the stream's last id before anything is written. */
function newImport(args: Args<'transfer.import'>, targetLastId: string | null) {
  return {
    kind: 'import' as const,
    stream: args.stream,
    ids: args.ids,
    dryRun: args.dryRun,
    ratePerSec: args.ratePerSec ?? null,
    lines: 0,
    entries: 0,
    fields: 0,
    valueBytes: 0,
    bytes: 0,
    invalid: 0,
    problems: [],
    firstId: null,
    lastId: null,
    targetLastId,
  };
}

/** The smaller of two optional caps; null when neither is set. */
const smaller = (a: number | undefined, b: number | undefined): number | null =>
  a === undefined ? (b ?? null) : b === undefined ? a : Math.min(a, b);

export function createTransferArea(ctx: ConsoleContext, options: TransferOptions = {}, settings?: StreamSettings): Area {
  const idleMs = options.idleTimeoutMs === undefined ? DEFAULT_TRANSFER_IDLE_MS : options.idleTimeoutMs;
  const jobs = new Jobs<TransferJob>({
    what: 'transfer job',
    maxRunning: MAX_RUNNING_TRANSFERS,
    emit: (job) => ctx.emit('transfer.progress', job),
  });
  const pulls = new Map<string, Pull>();
  const writers = new Map<string, { writer: ImportWriter; busy: boolean; finish: () => void; fail: (e: Error) => void }>();
  const idle = new IdleClock(idleMs, (jobId, why) => void jobs.cancel(jobId, why).catch(() => undefined));
  const touch = (jobId: string, what: string) => idle.touch(jobId, what);
  const forget = (jobId: string) => {
    idle.stop(jobId);
    pulls.delete(jobId);
    writers.delete(jobId);
  };

  /** The decoder an export's filter reads values with: the one asked for, else the stream's remembered one, else auto. */
  const filterDecoder = async (args: Args<'transfer.export'>): Promise<DecoderSpec> =>
    args.filter?.decoder ?? (await settings?.decoder(args.stream)) ?? { kind: 'auto' };

  const startExport = async (args: Args<'transfer.export'>): Promise<ExportJob> => {
    const key = ctx.key(args.stream);
    // A filter that does not compile is refused before the job starts, naming what is wrong.
    const filter = args.filter ? prepareFilter(args.filter.expression, await filterDecoder(args)) : null;
    await streamLastId(ctx.redis(), key, args.stream, false);
    const choose = options.chooseSavePath;
    if (args.destination === 'file' && !choose)
      throw new ContractError('invalid_args', 'destination "file" is offered by the desktop app only; read the export with transfer.read');
    let running: ExportJob | null = null;
    // With a filter, `limit` caps the matches written, not the entries read.
    const source = await openSource(ctx.redis(), key, args.selection, args.filter ? undefined : args.limit, () => {
      if (running) running.missing++;
    });
    const scan = args.filter
      ? freshScan(args.filter.expression, {
          maxEntries: args.filter.maxEntries,
          maxMs: args.filter.maxMs,
          maxMatches: smaller(args.filter.maxMatches, args.limit),
        })
      : null;
    const pull: Pull | null =
      choose && args.destination === 'file' ? null : { stream: new PassThrough({ highWaterMark: TRANSFER_CHUNK_BYTES }), ended: false };
    const job = jobs.start<ExportJob>(newExport(args, source.total, scan), async (job, control) => {
      running = job;
      const sink = pull ? pull.stream : choose ? await saveTarget(job, choose, control.report) : null;
      if (sink) await exportEntries(ctx, job, args, key, source, filter, sink, control);
    });
    if (pull) {
      pulls.set(job.jobId, pull);
      touch(job.jobId, 'read from');
    }
    void jobs.ended(job.jobId).then(() => {
      if (!pull) return forget(job.jobId);
      pull.ended = true;
      pull.stream.emit('readable'); // wake a read waiting for bytes that will not come
      idle.stop(job.jobId);
    });
    return job;
  };

  /** The next bytes of a pulled export: what is buffered now, else what arrives within `waitMs`. */
  const read = async (jobId: string, waitMs: number) => {
    const job = jobs.get(jobId);
    const pull = pulls.get(jobId);
    if (job.kind !== 'export' || !pull)
      throw new ContractError('invalid_args', `transfer job ${jobId} is not an export read with transfer.read`);
    touch(jobId, 'read from');
    const chunk = await nextChunk(pull, waitMs);
    const done = pull.ended && (pull.stream.destroyed || pull.stream.readableLength === 0);
    if (done) forget(jobId);
    return { data: chunk ? valueFromBytes(chunk) : null, done, job: snapshot(job) };
  };

  const startImport = async (args: Args<'transfer.import'>): Promise<ImportJob> => {
    const key = ctx.key(args.stream);
    const targetLastId = await streamLastId(ctx.redis(), key, args.stream, true);
    const job = jobs.start<ImportJob>(newImport(args, targetLastId), (job, { signal }) => {
      const ended = new Promise<void>((finish, fail) => {
        writers.set(job.jobId, { writer: new ImportWriter(job, () => ctx.redis(), key, signal), busy: false, finish, fail });
        signal.addEventListener('abort', () => finish(), { once: true });
      });
      return ended;
    });
    touch(job.jobId, 'written to');
    void jobs.ended(job.jobId).then(() => forget(job.jobId));
    return job;
  };

  const write = async ({ jobId, data, end }: Args<'transfer.write'>): Promise<ImportJob> => {
    const job = jobs.get(jobId);
    if (job.kind !== 'import') throw new ContractError('invalid_args', `transfer job ${jobId} is an export; transfer.write feeds imports`);
    const feed = writers.get(jobId);
    if (!feed || job.state !== 'running') return snapshot(job);
    if (feed.busy)
      throw new ContractError('conflict', `transfer job ${jobId} is still writing the previous chunk; send the next one after its reply`);
    const bytes = Buffer.from(valueToBytes(data));
    if (data.size !== undefined && data.size !== bytes.length)
      throw new ContractError('invalid_args', `data: size says ${data.size} bytes but it carries ${bytes.length}`);
    feed.busy = true;
    touch(jobId, 'written to');
    let ending = end;
    try {
      await feed.writer.write(bytes, end);
    } catch (error) {
      feed.fail(error as Error);
      ending = true;
    } finally {
      feed.busy = false;
    }
    if (ending) {
      feed.finish();
      await jobs.ended(jobId);
    }
    return snapshot(job);
  };

  return {
    handlers: {
      'transfer.export': startExport,
      'transfer.read': ({ jobId, waitMs }) => read(jobId, waitMs),
      'transfer.import': startImport,
      'transfer.write': write,
      'transfer.cancel': async ({ jobId }) => jobs.cancel(jobId),
      'transfer.jobs': async () => jobs.list(),
      'transfer.entry': ({ stream, id }) => entryWithFields(ctx, stream, id),
      'transfer.limits': async (): Promise<TransferLimits> => ({
        saveToFile: options.chooseSavePath !== undefined,
        chunkBytes: TRANSFER_CHUNK_BYTES,
        maxLineBytes: MAX_LINE_BYTES,
        idleTimeoutMs: idleMs,
        maxRunning: MAX_RUNNING_TRANSFERS,
      }),
    },
    close: async () => {
      await jobs.close();
      for (const jobId of [...idle.jobs(), ...pulls.keys()]) forget(jobId);
    },
  };
}
