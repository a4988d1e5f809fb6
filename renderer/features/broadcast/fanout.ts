// Fan-out rows: one per distinct message on a channel, recording which of the console's subscribers
// (over every subscription that covers the channel) got it. The same message reaches each subscriber
// connection separately, so copies are matched by channel and payload among the most recent rows.
// A subscriber whose subscription started after the message arrived elsewhere cannot have got it:
// that cell is "joined later", not "missed".
import type { BroadcastMessage } from '../../../shared';

/** One console subscriber: subscription id and its 0-based subscriber index. */
export type Slot = `${string}#${number}`;
export const slotOf = (subscriptionId: string, subscriber: number): Slot => `${subscriptionId}#${subscriber}`;

export interface FanoutRow {
  key: string;
  channel: string;
  payload: string;
  /** When the first copy arrived (main-process clock). */
  receivedAt: number;
  /** Slots that received it, in arrival order. */
  got: Slot[];
}

/** What the fan-out view needs to know about a subscription. */
export interface FanoutSubscription {
  id: string;
  channel: string;
  isPattern: boolean;
  sharded?: boolean;
  subscribers: number;
  /** When the console's subscribers were confirmed subscribed (renderer clock, same machine). */
  startedAt: number;
}

export type CellState = 'got' | 'missed' | 'joined-later' | 'not-covered';

export const FANOUT_CAPACITY = 200;
/** How far back a copy may be matched: copies of one message arrive close together. */
const MATCH_WINDOW = 64;

let seq = 0;

/** Newest-first rows with `messages` (oldest first) folded in; bounded to `capacity`. */
export function foldFanout(rows: readonly FanoutRow[], messages: readonly BroadcastMessage[], capacity = FANOUT_CAPACITY): FanoutRow[] {
  const out = rows.slice();
  for (const m of messages) {
    const slot = slotOf(m.subscriptionId, m.subscriber);
    const limit = Math.min(out.length, MATCH_WINDOW);
    let hit = -1;
    for (let i = 0; i < limit; i++) {
      const r = out[i];
      if (r.channel === m.channel && r.payload === m.payload && !r.got.includes(slot)) {
        hit = i;
        break;
      }
    }
    if (hit >= 0) out[hit] = { ...out[hit], receivedAt: Math.min(out[hit].receivedAt, m.receivedAt), got: [...out[hit].got, slot] };
    else out.unshift({ key: `f${++seq}`, channel: m.channel, payload: m.payload, receivedAt: m.receivedAt, got: [slot] });
  }
  return out.length > capacity ? out.slice(0, capacity) : out;
}

/** Redis glob (PSUBSCRIBE): * ? [abc] [^a] [a-z] and \x escapes. */
export function globMatches(pattern: string, channel: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('^')) body = `^${body.slice(1).replace(/[\]\\]/g, '\\$&')}`;
        else body = body.replace(/[\]\\^]/g, '\\$&');
        re += `[${body}]`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`).test(channel);
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

export function covers(sub: FanoutSubscription, channel: string): boolean {
  return sub.isPattern ? globMatches(sub.channel, channel) : sub.channel === channel;
}

/** The columns of the view: every subscriber of every subscription, in subscription order. */
export function fanoutColumns(subscriptions: readonly FanoutSubscription[]): Array<{ slot: Slot; sub: FanoutSubscription; index: number }> {
  return subscriptions.flatMap((sub) =>
    Array.from({ length: sub.subscribers }, (_, index) => ({ slot: slotOf(sub.id, index), sub, index })),
  );
}

export function cellState(row: FanoutRow, sub: FanoutSubscription, index: number): CellState {
  if (row.got.includes(slotOf(sub.id, index))) return 'got';
  if (!covers(sub, row.channel)) return 'not-covered';
  // A sibling in the same subscription got it: the subscription was live, whatever the clocks say.
  const siblingGot = row.got.some((s) => s.startsWith(`${sub.id}#`));
  return !siblingGot && sub.startedAt > row.receivedAt ? 'joined-later' : 'missed';
}

/**
 * What each subscription is called on screen: "channel orders" or "pattern orders.*", so a direct
 * and a pattern subscription never read alike; a second one to the same target gets "(2)".
 */
export function subscriptionLabels(subscriptions: readonly FanoutSubscription[]): Map<string, string> {
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const sub of subscriptions) {
    const base = `${sub.isPattern ? 'pattern' : sub.sharded ? 'sharded channel' : 'channel'} ${sub.channel}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.set(sub.id, n === 1 ? base : `${base} (${n})`);
  }
  return out;
}

/** One subscriber of a subscription: the subscription's label, and which of its subscribers when it has several. */
export function subscriberLabel(labels: ReadonlyMap<string, string>, sub: FanoutSubscription, index: number): string {
  const name = labels.get(sub.id) ?? `${sub.isPattern ? 'pattern' : sub.sharded ? 'sharded channel' : 'channel'} ${sub.channel}`;
  return sub.subscribers > 1 ? `${name}, subscriber ${index + 1} of ${sub.subscribers}` : name;
}
