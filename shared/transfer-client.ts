// The caller's side of transfers over any Bridge (the UI, the command line, tests): pull an
// export's bytes until it is done, and feed an import from a source of bytes in chunks the
// transports carry. Browser-safe.
import type { Bridge } from './bridge';
import type { ExportJob, ImportJob } from './dto';
import type { ReplyError } from './reply';
import { valueFromBytes, valueToBytes } from './value-bytes';

/** Bytes one transfer.write carries: JSON escaping can double text, and a WebSocket frame takes 2 MiB. */
export const WRITE_CHUNK_BYTES = 512 * 1024;

/** A contract error reply, thrown by the helpers below with its code. */
export class TransferFailed extends Error {
  constructor(readonly error: ReplyError) {
    super(error.message);
    this.name = 'TransferFailed';
  }
}

/**
 * Reads the export `jobId` to its end, handing each chunk of bytes to `sink` (awaited, so a slow
 * sink slows the export, not the memory). Resolves to the job as it ended.
 */
export async function readExport(bridge: Bridge, jobId: string, sink: (bytes: Uint8Array) => unknown): Promise<ExportJob> {
  for (;;) {
    const reply = await bridge.invoke('transfer.read', { jobId, waitMs: 1000 });
    if (!reply.ok) throw new TransferFailed(reply.error);
    if (reply.value.data) await sink(valueToBytes(reply.value.data));
    if (reply.value.done) return reply.value.job;
  }
}

/** Feeds the import `jobId` from `source` (any chunk sizes) and ends it; resolves to the job as it ended. */
export async function feedImport(
  bridge: Bridge,
  jobId: string,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<ImportJob> {
  const send = async (bytes: Uint8Array, end: boolean) => {
    const reply = await bridge.invoke('transfer.write', { jobId, data: valueFromBytes(bytes), end });
    if (!reply.ok) throw new TransferFailed(reply.error);
    return reply.value;
  };
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += WRITE_CHUNK_BYTES) {
      const job = await send(chunk.subarray(at, at + WRITE_CHUNK_BYTES), false);
      if (job.state !== 'running') return job;
    }
  }
  return send(new Uint8Array(0), true);
}
