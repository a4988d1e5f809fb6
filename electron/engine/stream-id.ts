// Stream id order, a plain module of its own: the engine, the console and (through shared/) the
// renderer compare ids with this one function.

/**
 * Compare two stream ids ("ms-seq", or "ms" alone meaning seq 0) numerically, exact for 64-bit
 * parts: negative when a < b. Compared as digit strings, without a substring or BigInt per call
 * (the Overview compares ids of every group of every stream it lists).
 */
export function compareIds(a: string, b: string): number {
  const aDash = a.indexOf('-');
  const bDash = b.indexOf('-');
  const aMs = aDash < 0 ? a.length : aDash;
  const bMs = bDash < 0 ? b.length : bDash;
  return (
    compareDigits(a, 0, aMs, b, 0, bMs) || compareDigits(a, Math.min(aMs + 1, a.length), a.length, b, Math.min(bMs + 1, b.length), b.length)
  );
}

/** Two unsigned decimal numbers, a[from, to) and b[from, to): leading zeros and an empty part are 0. */
function compareDigits(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  while (aFrom < aTo && a.charCodeAt(aFrom) === 48) aFrom++;
  while (bFrom < bTo && b.charCodeAt(bFrom) === 48) bFrom++;
  const length = aTo - aFrom;
  if (length !== bTo - bFrom) return length < bTo - bFrom ? -1 : 1;
  for (let i = 0; i < length; i++) {
    const d = a.charCodeAt(aFrom + i) - b.charCodeAt(bFrom + i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
