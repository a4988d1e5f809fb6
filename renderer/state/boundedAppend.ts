// Live feeds must not grow without bound: keep the newest `capacity` items and count the rest.
export interface Bounded<T> {
  items: T[];
  dropped: number;
}

/** Prepend `incoming` (oldest first) to a newest-first list, keeping at most `capacity` items. */
export function prependNewest<T>(current: Bounded<T>, incoming: readonly T[], capacity: number): Bounded<T> {
  if (incoming.length === 0) return current;
  const newestFirst = incoming.slice().reverse();
  const all =
    newestFirst.length >= capacity
      ? newestFirst.slice(0, capacity)
      : newestFirst.concat(current.items.slice(0, capacity - newestFirst.length));
  const dropped = current.dropped + current.items.length + incoming.length - all.length;
  return { items: all, dropped };
}

/** Append values to a fixed-length history (oldest dropped first). */
export function pushHistory(history: readonly number[] | undefined, value: number, length: number): number[] {
  const next = (history ?? []).concat(value);
  return next.length > length ? next.slice(next.length - length) : next;
}
