// Fan-out rows: one per distinct message, recording which of the console's N subscribers got it.
// The same message reaches each subscriber connection separately, so copies are matched by
// subscription, channel and payload among the most recent rows.
import type { BroadcastMessage } from '../../../shared';

export interface FanoutRow {
  key: string;
  subscriptionId: string;
  channel: string;
  payload: string;
  receivedAt: number;
  /** Subscriber indexes (0-based) that received it. */
  got: number[];
}

export const FANOUT_CAPACITY = 200;
/** How far back a copy may be matched: copies of one message arrive close together. */
const MATCH_WINDOW = 64;

let seq = 0;

/** Newest-first rows with `messages` (oldest first) folded in; bounded to `capacity`. */
export function foldFanout(rows: readonly FanoutRow[], messages: readonly BroadcastMessage[], capacity = FANOUT_CAPACITY): FanoutRow[] {
  const out = rows.slice();
  for (const m of messages) {
    const limit = Math.min(out.length, MATCH_WINDOW);
    let hit = -1;
    for (let i = 0; i < limit; i++) {
      const r = out[i];
      if (r.subscriptionId === m.subscriptionId && r.channel === m.channel && r.payload === m.payload && !r.got.includes(m.subscriber)) {
        hit = i;
        break;
      }
    }
    if (hit >= 0) out[hit] = { ...out[hit], got: [...out[hit].got, m.subscriber].sort((a, b) => a - b) };
    else out.unshift({ key: `f${++seq}`, subscriptionId: m.subscriptionId, channel: m.channel, payload: m.payload, receivedAt: m.receivedAt, got: [m.subscriber] });
  }
  return out.length > capacity ? out.slice(0, capacity) : out;
}
