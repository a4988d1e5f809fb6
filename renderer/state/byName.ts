// The order lists of streams and channels are shown in: by name as the user's locale sorts text.
// (String.localeCompare: in V8 it is faster than a reused Intl.Collator's compare.)

/** A total order: locale order, and names the locale calls equal (canonically equivalent Unicode) by code units. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function sortByName<T extends { name: string }>(items: readonly T[]): T[] {
  return items.slice().sort((a, b) => compareNames(a.name, b.name));
}

/**
 * One list in name order from two that are (each name once in each): an item of `fresh` replaces
 * the item of `base` with the same name. Each fresh item finds its place by galloping from the
 * last one's (doubling steps, then halving), so a step's few streams merged into a list of
 * thousands cost a few comparisons each, while two lists of similar length still merge in linear time.
 */
export function mergeByName<T extends { name: string }>(base: readonly T[], fresh: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  for (const item of fresh) {
    const at = placeOf(base, item.name, i);
    while (i < at) out.push(base[i++]);
    if (i < base.length && compareNames(base[i].name, item.name) === 0) i++;
    out.push(item);
  }
  while (i < base.length) out.push(base[i++]);
  return out;
}

/** The first index at or after `from` whose name does not sort before `name` (base is in name order). */
function placeOf<T extends { name: string }>(base: readonly T[], name: string, from: number): number {
  // Gallop: find a bound `hi` with base[hi] not before `name`, doubling the step from `from`.
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < base.length && compareNames(base[hi].name, name) < 0) {
    lo = hi + 1;
    hi = from + step;
    step *= 2;
  }
  if (hi > base.length) hi = base.length;
  // Binary search in [lo, hi): everything before lo sorts before `name`, base[hi] (if any) does not.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareNames(base[mid].name, name) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
