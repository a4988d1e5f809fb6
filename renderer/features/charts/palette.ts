// Series and channel colours that read well on the dark background.
export const PALETTE = ['#4aa3ff', '#3ccf8e', '#f5b84a', '#b48cff', '#ff7eb6', '#2dd4bf', '#ff8a4c', '#a3e635'];

/** What the stream's producers wrote: not a group, so a colour no group gets. */
export const PRODUCED_COLOUR = '#c9d1d9';

/**
 * A group's colour, from its name alone (FNV-1a over its UTF-16 units): the same group is drawn in
 * the same colour in every chart, on every stream, whatever other groups exist.
 */
export function groupColour(group: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) hash = Math.imul(hash ^ group.charCodeAt(i), 0x01000193);
  return PALETTE[(hash >>> 0) % PALETTE.length];
}
