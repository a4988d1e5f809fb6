// Stream id arithmetic in the renderer, exact for 64-bit parts; the order is the engine's own (shared/stream-id.ts).
export { compareIds } from '../../shared/stream-id';

/** The id right after `id`: an exclusive bound that still includes `id` when paging backward. */
export function nextId(id: string): string {
  const [ms, seq = '0'] = id.split('-');
  return `${ms}-${(BigInt(seq) + 1n).toString()}`;
}
