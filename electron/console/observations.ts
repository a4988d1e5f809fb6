// What the console has seen its hosted instances (and presence changes) do, kept in bounded
// memory: per-entry journey steps, the membership timeline per stream, and where the console
// created or moved groups. Written by the instances, flow and groups areas, read by
// entries.journey, flow.timeline and the flow feed.
import type { JourneyStep, MembershipEvent } from '../../shared/dto';
import { Coalescer } from './coalescer';
import type { ConsoleContext } from './context';

const MAX_JOURNEY_IDS = 20_000;
const MAX_STEPS_PER_ID = 50;
const MAX_MEMBERSHIP_PER_STREAM = 500;
const MAX_POSITIONED_GROUPS = 5_000;
const MAX_POSITIONS_PER_GROUP = 20;

/** Where this console created or moved a group: the id Redis resolved the request (`$`, `0`, an id) to. */
export interface GroupPosition {
  at: number;
  position: string;
  how: 'created' | 'moved';
  requested: string;
  /** For a move: the group's last-delivered id just before it. */
  from?: string;
}

/** The list kept under `key`, created if needed; the oldest key is forgotten beyond `maxKeys`. */
function listFor<T>(map: Map<string, T[]>, key: string, maxKeys: number): T[] {
  let list = map.get(key);
  if (!list) {
    if (map.size >= maxKeys) map.delete(map.keys().next().value as string);
    map.set(key, (list = []));
  }
  return list;
}

export class Observations {
  /** `${stream}\n${id}` → steps, in insertion order so the oldest ids are forgotten first. */
  private readonly journeys = new Map<string, JourneyStep[]>();
  private readonly membership = new Map<string, MembershipEvent[]>();
  private readonly membershipFeed: Coalescer<MembershipEvent>;
  /** `${stream}\n${group}` → positions this console set, oldest first. */
  private readonly positions = new Map<string, GroupPosition[]>();

  constructor(ctx: ConsoleContext) {
    this.membershipFeed = new Coalescer<MembershipEvent>({
      flush: (events) => ctx.emit('membership.changed', events),
      maxItems: 200,
      maxBuffered: 2000,
    });
  }

  step(stream: string, id: string, step: JourneyStep): void {
    const steps = listFor(this.journeys, `${stream}\n${id}`, MAX_JOURNEY_IDS);
    if (steps.length < MAX_STEPS_PER_ID) steps.push(step);
  }

  journey(stream: string, id: string): JourneyStep[] {
    return [...(this.journeys.get(`${stream}\n${id}`) ?? [])];
  }

  member(event: MembershipEvent): void {
    let list = this.membership.get(event.stream);
    if (!list) this.membership.set(event.stream, (list = []));
    list.push(event);
    if (list.length > MAX_MEMBERSHIP_PER_STREAM) list.splice(0, list.length - MAX_MEMBERSHIP_PER_STREAM);
    this.membershipFeed.push(event);
  }

  groupPosition(stream: string, group: string, position: GroupPosition): void {
    const list = listFor(this.positions, `${stream}\n${group}`, MAX_POSITIONED_GROUPS);
    list.push(position);
    if (list.length > MAX_POSITIONS_PER_GROUP) list.splice(0, list.length - MAX_POSITIONS_PER_GROUP);
  }

  groupPositions(stream: string, group: string): GroupPosition[] {
    return [...(this.positions.get(`${stream}\n${group}`) ?? [])];
  }

  timeline(stream: string): MembershipEvent[] {
    return [...(this.membership.get(stream) ?? [])];
  }

  close(): void {
    this.membershipFeed.close();
  }
}
