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
 * the item of `base` with the same name. Linear, so a long list is kept in order without re-sorting it.
 */
export function mergeByName<T extends { name: string }>(base: readonly T[], fresh: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < base.length && j < fresh.length) {
    const order = compareNames(base[i].name, fresh[j].name);
    if (order < 0) out.push(base[i++]);
    else if (order > 0) out.push(fresh[j++]);
    else {
      out.push(fresh[j++]);
      i++;
    }
  }
  while (i < base.length) out.push(base[i++]);
  while (j < fresh.length) out.push(fresh[j++]);
  return out;
}
