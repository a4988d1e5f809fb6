// A large value, fetched whole in chunks (entries.value) with progress, and saved to a file. The
// bytes are exactly Redis's: chunks are joined as bytes and decoded only for display.
import { VALUE_CHUNK_BYTES, valueToBytes, type Bridge, type ReplyError } from '../../shared';

export interface ValueAddress {
  stream: string;
  id: string;
  /** 0-based field number in Redis's order. */
  field: number;
}

export type LoadResult = { ok: true; bytes: Uint8Array } | { ok: false; error: ReplyError };

/** Loads the whole value chunk by chunk; `onProgress(loaded, size)` after each; null once `cancelled()`. */
export async function loadFullValue(
  bridge: Bridge,
  at: ValueAddress,
  onProgress: (loaded: number, size: number) => void,
  cancelled: () => boolean = () => false,
): Promise<LoadResult | null> {
  const parts: Uint8Array[] = [];
  let offset = 0;
  let size = Infinity;
  while (offset < size) {
    if (cancelled()) return null;
    const reply = await bridge.invoke('entries.value', { ...at, offset, length: VALUE_CHUNK_BYTES });
    if (!reply.ok) return reply;
    const bytes = valueToBytes(reply.value.chunk);
    size = reply.value.size;
    parts.push(bytes);
    offset += bytes.length;
    onProgress(offset, size);
    if (bytes.length === 0) break;
  }
  const all = new Uint8Array(offset);
  let filled = 0;
  for (const p of parts) {
    all.set(p, filled);
    filled += p.length;
  }
  return { ok: true, bytes: all };
}

/** Offers the bytes as a download named `fileName`. */
export function saveBytes(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Strict UTF-8 text of the bytes, or null when they are not UTF-8. */
export function bytesText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
