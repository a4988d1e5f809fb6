// The bulk actions on selected pending entries (ack, claim, auto-claim, ack those whose entry was
// deleted), each summed up in words once Redis has answered.
import type { Bridge, Reply } from '../../../shared';
import type { PendingState } from './pendingStore';
import { plural } from '../../../shared/human';

type Get = () => PendingState;
/** Runs one bulk call: on success says what it did (`say`), clears the selection and reloads the page. */
export type Bulk = <T>(reply: Promise<Reply<T>>, say: (v: T) => string) => Promise<boolean>;

export function pendingActions(bridge: Bridge, get: Get, bulk: Bulk): Pick<PendingState, 'ack' | 'ackDeleted' | 'claim' | 'autoClaim'> {
  const ctx = () => {
    const { stream, group } = get();
    return stream && group ? { stream, group } : null;
  };
  return {
    ack() {
      const c = ctx();
      const ids = [...get().selected];
      if (!c || !ids.length) return Promise.resolve(false);
      return bulk(
        bridge.invoke('pending.ack', { ...c, ids }),
        (v) => `Acknowledged ${v.acked} of ${plural(ids.length, 'entry', 'entries')}.`,
      );
    },
    ackDeleted() {
      const c = ctx();
      if (!c) return Promise.resolve(false);
      const { consumer } = get();
      return bulk(
        bridge.invoke('pending.ackDeleted', { ...c, ...(consumer ? { consumer } : {}) }),
        (v) =>
          `Acknowledged ${plural(v.acked, 'pending entry', 'pending entries')} whose entry was deleted${v.complete ? '' : ` (checked the first ${v.scanned.toLocaleString('en-US')} pending; run it again for the rest)`}.`,
      );
    },
    claim(toConsumer, minIdleMs) {
      const c = ctx();
      const ids = [...get().selected];
      if (!c || !ids.length) return Promise.resolve(false);
      return bulk(
        bridge.invoke('pending.claim', { ...c, ids, consumer: toConsumer, minIdleMs }),
        (v) => `Claimed ${v.claimed.length} of ${plural(ids.length, 'entry', 'entries')} to ${toConsumer}.`,
      );
    },
    autoClaim(toConsumer, minIdleMs) {
      const c = ctx();
      if (!c) return Promise.resolve(false);
      return bulk(
        bridge.invoke('pending.autoClaim', { ...c, consumer: toConsumer, minIdleMs }),
        (v) =>
          `Auto-claimed ${v.claimed.length} entries idle ≥ ${minIdleMs} ms to ${toConsumer}${v.deleted.length ? `; ${v.deleted.length} were already deleted from the stream` : ''}.`,
      );
    },
  };
}
