// The threshold that flags an old pending entry in the Overview, and its age format (state/format.ts).

/** Pending entries older than this are highlighted: a consumer is probably stuck or gone. */
export const STALE_PENDING_MS = 60_000;

export { formatAge } from '../../state/format';
