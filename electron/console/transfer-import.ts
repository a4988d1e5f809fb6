// The import side of transfers: NDJSON bytes arrive in chunks of any size; they are cut into
// lines (bounded), each line is checked (JSON, the entry format, ids growing past the stream's
// last id when ids are kept) and reported by its line number, and valid entries are written with
// pipelined XADDs, at a rate when one is asked for. A dry run checks and counts but writes nothing.
import type { RedisKey } from 'ioredis';
import type { ImportJob } from '../../shared/dto';
import { keyNameToBytes } from '../../shared/key-name';
import { MAX_LINE_BYTES, parseEntryLine, type ParsedLine } from '../../shared/transfer-format';
import { compareIds, type RedisClient } from '../engine';
import { pace, sleepUnless } from './jobs';

/** Problems kept in the job for the report; the rest are only counted. */
export const MAX_PROBLEMS = 100;
/** A pipeline of XADDs goes out at this many entries or value bytes, whichever comes first. */
const BATCH_ENTRIES = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

const NEWLINE = 0x0a;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Cuts bytes into lines (without the newline); a line over `maxBytes` comes out as `null`, its bytes dropped. */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private tooLong = false;

  constructor(private readonly maxBytes = MAX_LINE_BYTES) {}

  *push(chunk: Buffer): Generator<Buffer | null> {
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at >= 0; at = chunk.indexOf(NEWLINE, start)) {
      yield this.take(chunk.subarray(start, at));
      start = at + 1;
    }
    this.keep(chunk.subarray(start));
  }

  /** The last line, when the input did not end with a newline. */
  *end(): Generator<Buffer | null> {
    if (this.size > 0 || this.tooLong) yield this.take(Buffer.alloc(0));
  }

  private keep(part: Buffer): void {
    if (part.length === 0 || this.tooLong) return;
    if (this.size + part.length > this.maxBytes) {
      this.tooLong = true;
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(part);
    this.size += part.length;
  }

  private take(tail: Buffer): Buffer | null {
    this.keep(tail);
    const line = this.tooLong ? null : this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    this.tooLong = false;
    return line;
  }
}

export class ImportError extends Error {}

/** Writes (or, in a dry run, checks) the lines of one import into one stream. */
export class ImportWriter {
  private readonly splitter = new LineSplitter();
  private batch: Array<{ line: number; entry: ParsedLine }> = [];
  private batchBytes = 0;
  /** The id the next kept id must be greater than, and where it came from. */
  private floor: { id: string; from: string } | null;
  private readonly due: ((total: number) => number) | null;

  constructor(
    private readonly job: ImportJob,
    private readonly redis: () => RedisClient,
    private readonly key: RedisKey,
    private readonly signal: AbortSignal,
  ) {
    this.floor = job.targetLastId ? { id: job.targetLastId, from: "the stream's last id" } : null;
    this.due = job.ratePerSec && !job.dryRun ? pace(job.ratePerSec) : null;
  }

  /** Takes the next input bytes; resolves when their complete lines are written (or checked). */
  async write(bytes: Buffer, end: boolean): Promise<void> {
    this.job.bytes += bytes.length;
    for (const line of this.splitter.push(bytes)) await this.line(line);
    if (end) for (const line of this.splitter.end()) await this.line(line);
    await this.flush();
  }

  private async line(bytes: Buffer | null): Promise<void> {
    if (this.signal.aborted) return;
    const number = ++this.job.lines;
    const problem = this.check(number, bytes);
    if (typeof problem === 'string') {
      this.job.invalid++;
      if (this.job.problems.length < MAX_PROBLEMS) this.job.problems.push({ line: number, message: problem });
      if (this.job.dryRun) return;
      // What came before the bad line is written, as if the lines went one by one.
      await this.flush();
      throw new ImportError(`line ${number}: ${problem}; ${this.written()} before it`);
    }
    if (!problem) return;
    const entry = problem;
    if (this.job.dryRun) return this.count(entry, entry.id ?? null);
    while (this.due && this.due(Number.POSITIVE_INFINITY) <= this.job.entries + this.batch.length) {
      if (this.batch.length > 0) await this.flush();
      else await sleepUnless(10, this.signal);
      if (this.signal.aborted) return;
    }
    this.batch.push({ line: number, entry });
    this.batchBytes += entry.valueBytes;
    if (this.batch.length >= BATCH_ENTRIES || this.batchBytes >= BATCH_BYTES) await this.flush();
  }

  /** The line's entry, null for a blank line, or what is wrong with it. */
  private check(number: number, bytes: Buffer | null): ParsedLine | null | string {
    if (bytes === null) return `longer than ${MAX_LINE_BYTES} bytes`;
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      return 'not UTF-8 text';
    }
    if (text.trim() === '') return null;
    const parsed = parseEntryLine(text);
    if ('problem' in parsed) return parsed.problem;
    const { entry } = parsed;
    if (this.job.ids === 'keep') {
      if (entry.id === undefined) return 'no id, which an import that keeps ids needs (import with new ids instead)';
      if (compareIds(entry.id, '0-0') <= 0) return `id ${entry.id}: Redis needs ids greater than 0-0`;
      if (this.floor && compareIds(entry.id, this.floor.id) <= 0)
        return `id ${entry.id} is not greater than ${this.floor.id} (${this.floor.from}); ids must grow`;
      this.floor = { id: entry.id, from: `the id on line ${number}` };
    }
    return entry;
  }

  private count(entry: ParsedLine, id: string | null): void {
    this.job.entries++;
    this.job.fields += entry.fields.length;
    this.job.valueBytes += entry.valueBytes;
    if (id) {
      this.job.firstId ??= id;
      this.job.lastId = id;
    }
  }

  private written(): string {
    return this.job.entries === 1 ? '1 entry was written' : `${this.job.entries} entries were written`;
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    const pipeline = this.redis().pipeline();
    for (const { entry } of batch) {
      const args: Buffer[] = [];
      for (const field of entry.fields) args.push(asBuffer(keyNameToBytes(field.name)), asBuffer(field.value));
      pipeline.xadd(this.key, entry.id ?? '*', ...args);
    }
    const results = (await pipeline.exec()) ?? [];
    for (const [i, [error, id]] of results.entries()) {
      if (error) {
        this.job.invalid++;
        this.job.problems.push({ line: batch[i].line, message: `Redis refused the entry: ${error.message}` });
        throw new ImportError(`line ${batch[i].line}: Redis refused the entry (${error.message}); ${this.written()} before it`);
      }
      this.count(batch[i].entry, String(id));
    }
  }
}
