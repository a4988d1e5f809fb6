// What the Export/Import dialog runs over the bridge, outside React: an export pulled into parts
// and handed back as a Blob (web mode) or saved by the desktop app, an import fed from a File in
// slices (so a large file is never read whole), and an entry as a redis-cli command.
import type { Api, Bridge, ExportJob, ImportJob, TransferLimits } from '../../../shared';
import { redisCliXadd } from '../../../shared/redis-cli';
import { feedImport, readExport, TransferFailed, WRITE_CHUNK_BYTES } from '../../../shared/transfer-client';

export type ExportArgs = Api['transfer.export']['args'];
export type ImportArgs = Api['transfer.import']['args'];

async function call<T>(reply: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await reply;
  if (!r.ok) throw new TransferFailed(r.error as TransferFailed['error']);
  return r.value;
}

export const loadLimits = (bridge: Bridge): Promise<TransferLimits> => call(bridge.invoke('transfer.limits', {}));

/** Starts an export; `onStarted` gets the job at once (for cancel and progress). Resolves to the ended job and, when pulled, the bytes. */
export async function runExport(
  bridge: Bridge,
  args: ExportArgs,
  onStarted: (job: ExportJob) => void,
): Promise<{ job: ExportJob; blob: Blob | null }> {
  const job = await call(bridge.invoke('transfer.export', args));
  onStarted(job);
  if (args.destination === 'file') return { job, blob: null };
  const parts: BlobPart[] = [];
  const ended = await readExport(bridge, job.jobId, (bytes) => parts.push(bytes as Uint8Array<ArrayBuffer>));
  return { job: ended, blob: ended.state === 'done' ? new Blob(parts) : null };
}

/** Feeds `file` to a new import in slices of what one write carries. */
export async function runImport(bridge: Bridge, args: ImportArgs, file: Blob, onStarted: (job: ImportJob) => void): Promise<ImportJob> {
  const job = await call(bridge.invoke('transfer.import', args));
  onStarted(job);
  async function* slices() {
    for (let at = 0; at < file.size; at += WRITE_CHUNK_BYTES)
      yield new Uint8Array(await file.slice(at, at + WRITE_CHUNK_BYTES).arrayBuffer());
  }
  return feedImport(bridge, job.jobId, slices());
}

/** The `redis-cli … XADD` line that writes entry `id` again with its exact bytes ('*': a new id). */
export async function entryAsRedisCli(bridge: Bridge, stream: string, id: string, newId = '*'): Promise<string> {
  const entry = await call(bridge.invoke('transfer.entry', { stream, id }));
  return redisCliXadd(stream, newId, entry.fields);
}

/** Hands a Blob to the browser as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
