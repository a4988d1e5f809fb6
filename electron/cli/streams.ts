// tail, export, import and publish: entries in and out of streams. Entries go out in the export
// format (NDJSON, shared/transfer-format.ts) in pipes and as rows on a terminal.
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { Api } from '../../shared/api';
import type { FilterScan, FilterStop } from '../../shared/decoding';
import type { ExportFormat, ImportJob, TransferSelection } from '../../shared/dto';
import { feedImport, readExport } from '../../shared/transfer-client';
import type { ExportedEntry } from '../../shared/transfer-format';
import { CliError, EXIT } from './exit-codes';
import { entryRow, table, writeTo } from './format';
import { stoppable } from './interrupt';
import type { Session } from './session';

type ExportArgs = Api['transfer.export']['args'];

export interface Output {
  /** JSON/NDJSON rather than tables (a pipe, or --json). */
  json: boolean;
  stdout: Writable & { columns?: number };
  stderr: Writable & { isTTY?: boolean };
}

/** Cuts NDJSON bytes into whole lines, whatever the chunk boundaries. */
function lines(onLine: (line: string) => Promise<void> | void): (bytes: Uint8Array) => Promise<void> {
  let rest = '';
  const decoder = new TextDecoder();
  return async (bytes) => {
    const text = rest + decoder.decode(bytes, { stream: true });
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) if (line) await onLine(line);
  };
}

/** An export's bytes to `out` as they are, or (on a terminal) as one row per entry. */
async function runExport(
  session: Session,
  args: ExportArgs,
  sink: (bytes: Uint8Array) => Promise<void>,
  interruptedIsOk: boolean,
  progress?: (entries: number) => void,
) {
  const job = await session.call('transfer.export', args);
  const cancel = () => session.bridge.invoke('transfer.cancel', { jobId: job.jobId });
  const off = progress ? session.bridge.on('transfer.progress', (j) => j.jobId === job.jobId && progress(j.entries)) : () => undefined;
  try {
    const { value: ended, interrupted } = await stoppable(cancel, () =>
      readExport(session.bridge, job.jobId, (bytes) =>
        sink(bytes).catch(async (error: NodeJS.ErrnoException) => {
          // The reader went away (`| head`): stop the export; that is not a failure.
          if (error.code !== 'EPIPE') throw error;
          await cancel();
        }),
      ),
    );
    if (ended.state === 'failed') throw new CliError(ended.error ?? 'the export failed', EXIT.failed);
    if (interrupted && !interruptedIsOk) throw new CliError(`interrupted after ${ended.entries} entries`, EXIT.interrupted);
    return ended;
  } finally {
    off();
  }
}

export async function tail(session: Session, out: Output, stream: string, opts: { count: number; follow: boolean }): Promise<void> {
  const width = out.stdout.columns ?? 160;
  let header = !out.json;
  const sink = out.json
    ? (bytes: Uint8Array) => writeTo(out.stdout, bytes)
    : lines(async (line) => {
        if (header) await writeTo(out.stdout, `${'ID'.padEnd(20)}  ${'TIME'.padEnd(24)}  FIELDS\n`);
        header = false;
        await writeTo(out.stdout, entryRow(JSON.parse(line) as ExportedEntry, width) + '\n');
      });
  await runExport(session, { stream, selection: { kind: 'last', count: opts.count }, format: 'ndjson', follow: opts.follow }, sink, true);
}

export interface ExportOptions {
  format: ExportFormat;
  from?: string;
  to?: string;
  since?: number;
  until?: number;
  ids?: string;
  last?: number;
  limit?: number;
  output?: string;
  filter?: string;
  scanEntries?: number;
  scanTime?: number;
}

/** The export's filter (`--filter` with its scan budget), or none; a budget without a filter is a usage error. */
function filterOf(opts: ExportOptions): ExportArgs['filter'] {
  if (opts.filter === undefined) {
    if (opts.scanEntries !== undefined || opts.scanTime !== undefined)
      throw new CliError('--scan-entries and --scan-time bound a --filter scan: add --filter', EXIT.usage);
    return undefined;
  }
  return {
    expression: opts.filter,
    ...(opts.scanEntries !== undefined ? { maxEntries: opts.scanEntries } : {}),
    ...(opts.scanTime !== undefined ? { maxMs: opts.scanTime } : {}),
  };
}

const CUT_SHORT: Partial<Record<FilterStop, string>> = {
  entries: 'the entry budget ran out (raise it with --scan-entries)',
  time: 'the time budget ran out (raise it with --scan-time)',
};

/** One line about a filter scan: what it read and matched, and whether a budget cut it short. */
function scanReport(scan: FilterScan): string {
  const cut = scan.stoppedBy ? CUT_SHORT[scan.stoppedBy] : undefined;
  return (
    `filter: ${scan.matched} of ${scan.scanned} entries scanned matched` +
    (scan.failed ? ` (${scan.failed} could not be evaluated)` : '') +
    (cut ? `; the scan stopped early, after ${scan.lastId}: ${cut}` : '') +
    '\n'
  );
}

function selectionOf(opts: ExportOptions): TransferSelection {
  const kinds = [
    opts.ids !== undefined && '--ids',
    opts.last !== undefined && '--last',
    (opts.since !== undefined || opts.until !== undefined) && '--since/--until',
    (opts.from !== undefined || opts.to !== undefined) && '--from/--to',
  ].filter(Boolean);
  if (kinds.length > 1) throw new CliError(`choose one selection: ${kinds.join(' or ')}`, EXIT.usage);
  if (opts.ids !== undefined)
    return {
      kind: 'ids',
      ids: opts.ids
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    };
  if (opts.last !== undefined) return { kind: 'last', count: opts.last };
  if (opts.since !== undefined || opts.until !== undefined) return { kind: 'time', fromMs: opts.since, toMs: opts.until };
  return { kind: 'range', start: opts.from ?? '-', end: opts.to ?? '+' };
}

export async function exportStream(session: Session, out: Output, stream: string, opts: ExportOptions): Promise<void> {
  const file = opts.output ? createWriteStream(opts.output) : null;
  const target = file ?? out.stdout;
  const showProgress = out.stderr.isTTY === true && (file !== null || !('isTTY' in out.stdout && out.stdout.isTTY));
  const progress = showProgress ? (n: number) => void out.stderr.write(`\rexported ${n} entries`) : undefined;
  try {
    const ended = await runExport(
      session,
      { stream, selection: selectionOf(opts), format: opts.format, limit: opts.limit, follow: false, filter: filterOf(opts) },
      (bytes) => writeTo(target, bytes),
      false,
      progress,
    );
    if (showProgress)
      out.stderr.write(
        `\rexported ${ended.entries} entries (${ended.bytes} bytes)${ended.missing ? `; ${ended.missing} listed ids are not in the stream` : ''}\n`,
      );
    // A scan a budget cut short is said even in a pipe: the output holds fewer matches than the range has.
    if (ended.filter && (showProgress || (ended.filter.stoppedBy && ended.filter.stoppedBy in CUT_SHORT)))
      out.stderr.write(scanReport(ended.filter));
  } finally {
    if (file) await new Promise((resolve) => file.end(resolve));
  }
}

export async function importStream(
  session: Session,
  out: Output,
  stream: string,
  file: string | undefined,
  opts: { keepIds: boolean; rate?: number; dryRun: boolean },
  stdin: Readable,
): Promise<void> {
  const input = file ? createReadStream(file) : stdin;
  const job = await session.call('transfer.import', {
    stream,
    ids: opts.keepIds ? 'keep' : 'new',
    ratePerSec: opts.rate,
    dryRun: opts.dryRun,
  });
  const cancel = () => session.bridge.invoke('transfer.cancel', { jobId: job.jobId });
  const { value: ended, interrupted } = await stoppable(cancel, () =>
    feedImport(session.bridge, job.jobId, input as AsyncIterable<Uint8Array>),
  );
  input.destroy();
  await writeTo(out.stdout, out.json ? JSON.stringify(ended) + '\n' : importReport(ended));
  if (interrupted) throw new CliError(`interrupted after ${ended.entries} entries`, EXIT.interrupted);
  if (ended.invalid > 0)
    throw new CliError(
      ended.dryRun ? `${ended.invalid} of ${ended.lines} lines cannot be written` : (ended.error ?? 'the import stopped at a bad line'),
      EXIT.badInput,
    );
  if (ended.state === 'failed') throw new CliError(ended.error ?? 'the import failed', EXIT.failed);
}

function importReport(job: ImportJob): string {
  const verb = job.dryRun ? 'would write' : 'wrote';
  const ids = job.firstId ? `, ids ${job.firstId} to ${job.lastId}` : job.ids === 'new' ? ', with new ids' : '';
  let text = `${verb} ${job.entries} entries (${job.fields} fields, ${job.valueBytes} value bytes) to ${job.stream}${ids}; ${job.lines} lines read\n`;
  if (job.problems.length > 0) {
    text += table(
      ['LINE', 'PROBLEM'],
      job.problems.map((p) => [String(p.line), p.message]),
    );
    if (job.invalid > job.problems.length) text += `… and ${job.invalid - job.problems.length} more lines with problems\n`;
  }
  return text;
}

export async function publish(
  session: Session,
  out: Output,
  target: string,
  payload: string | undefined,
  opts: { ndjson: boolean; broadcast: boolean },
  stdin: Readable,
): Promise<void> {
  const send = async (json: string, line?: number) => {
    const reply = opts.broadcast
      ? await session.bridge.invoke('publish.broadcast', { channel: target, json })
      : await session.bridge.invoke('publish.event', { stream: target, json });
    if (!reply.ok) {
      if (line === undefined) throw new CliError(reply.error.message, reply.error.code === 'invalid_args' ? EXIT.usage : EXIT.failed);
      throw new CliError(`line ${line}: ${reply.error.message}`, reply.error.code === 'invalid_args' ? EXIT.badInput : EXIT.failed);
    }
    const result = reply.value as { id?: string; receivers?: number };
    const text = out.json ? JSON.stringify(result) : result.id !== undefined ? result.id : `${result.receivers} receivers`;
    await writeTo(out.stdout, text + '\n');
  };
  if (payload !== undefined) return send(payload);
  if (!opts.ndjson) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return send(Buffer.concat(chunks).toString('utf8').trim());
  }
  let number = 0;
  let stop = false;
  await stoppable(
    () => (stop = true),
    async () => {
      for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
        number++;
        if (stop) break;
        if (line.trim() !== '') await send(line, number);
      }
    },
  ).then(({ interrupted }) => {
    if (interrupted) throw new CliError(`interrupted at line ${number}`, EXIT.interrupted);
  });
}
