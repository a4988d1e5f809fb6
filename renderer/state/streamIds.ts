// Stream id arithmetic in the renderer, exact for 64-bit parts (compared as digit strings, so no
// BigInt work per live entry).

function cmpDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareIds(a: string, b: string): number {
  const [am, as = '0'] = a.split('-');
  const [bm, bs = '0'] = b.split('-');
  return cmpDigits(am, bm) || cmpDigits(as, bs);
}

/** The id right after `id`: an exclusive bound that still includes `id` when paging backward. */
export function nextId(id: string): string {
  const [ms, seq = '0'] = id.split('-');
  return `${ms}-${(BigInt(seq) + 1n).toString()}`;
}
