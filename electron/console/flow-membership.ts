// Membership changes of a watched stream's instances, from one sample to the next: joined, stale,
// returned, idle and left go on the stream's timeline (hosted instances report their own joins and
// leaves from engine events).
import type { Presence } from '../../shared/dto';
import type { Observations } from './observations';

/** A live consumer idle longer than this is reported as idle in the membership timeline. */
export const IDLE_AFTER_MS = 30_000;

/** `${group}\n${instance}` → last known presence, and whether it was idle. */
export type Members = Map<string, { presence: Presence; idle: boolean }>;

export interface MemberRow {
  instance: string;
  presence: Presence;
  idleMs: number;
  hosted: boolean;
}

/**
 * Compares one group's rows with `members` (the previous sample), records the changes on the
 * timeline and updates `members`. A `baseline` sample (the first of a watch) records nothing.
 */
export function trackMembership(
  observations: Observations,
  stream: string,
  group: string,
  rows: MemberRow[],
  members: Members,
  baseline: boolean,
  at: number,
): void {
  const seen = new Set<string>();
  for (const r of rows) {
    const id = `${group}\n${r.instance}`;
    seen.add(id);
    const idle = r.presence === 'live' && r.idleMs > IDLE_AFTER_MS;
    const before = members.get(id);
    members.set(id, { presence: r.presence, idle });
    if (baseline || r.hosted) continue;
    const emit = (kind: 'joined' | 'stale' | 'returned' | 'idle', detail?: string) =>
      observations.member({ at, stream, group, instance: r.instance, kind, ...(detail ? { detail } : {}) });
    if (!before && r.presence === 'live') emit('joined');
    else if (before?.presence === 'live' && r.presence === 'stale') emit('stale', 'presence heartbeat expired');
    else if (before && before.presence !== 'live' && r.presence === 'live') emit('returned');
    if (before && !before.idle && idle) emit('idle', `idle ${Math.round(r.idleMs / 1000)} s`);
    else if (before?.idle && !idle && r.presence === 'live') emit('returned', 'reading again');
  }
  for (const [id, before] of members) {
    if (!id.startsWith(`${group}\n`) || seen.has(id)) continue;
    members.delete(id);
    if (!baseline && before.presence !== 'unknown')
      observations.member({ at, stream, group, instance: id.slice(group.length + 1), kind: 'left', detail: 'no longer listed' });
  }
}
