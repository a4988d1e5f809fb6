// Series and channel colours that read well on the dark background.
export const PALETTE = ['#4aa3ff', '#3ccf8e', '#f5b84a', '#b48cff', '#ff7eb6', '#2dd4bf', '#ff8a4c', '#a3e635'];

/** What the stream's producers wrote: not a group, so a colour no group gets. */
export const PRODUCED_COLOUR = '#c9d1d9';

/** A group's preferred palette slot, from its name alone (FNV-1a over its UTF-16 units). */
export function preferredSlot(group: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) hash = Math.imul(hash ^ group.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % PALETTE.length;
}

/**
 * Colours for the groups shown together, in the order they first appeared: each takes its preferred
 * slot unless an earlier group holds it, else the next free one, so up to PALETTE.length groups
 * never share a colour. A group keeps its colour as later ones appear (earlier choices never look
 * at later names), and every chart drawn from the same groups gets the same colours.
 * Past PALETTE.length groups, the extra ones reuse their preferred colour.
 */
export function groupColours(groups: readonly string[]): string[] {
  const taken = new Set<number>();
  return groups.map((group) => {
    const preferred = preferredSlot(group);
    let slot = preferred;
    if (taken.size < PALETTE.length) {
      while (taken.has(slot)) slot = (slot + 1) % PALETTE.length;
      taken.add(slot);
    }
    return PALETTE[slot];
  });
}
