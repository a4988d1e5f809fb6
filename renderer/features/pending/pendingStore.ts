// Pending entries of one group (optionally one consumer) with multi-select bulk ACK / claim /
// auto-claim, and the stream's dead letters with multi-select replay.
import { createStore } from 'zustand/vanilla';
import { plural } from '../../../shared/human';
import type { Bridge, DeadLetter, PendingPage, Presence, Reply, ReplyError } from '../../../shared';

export const PAGE_SIZE = 100;

/** The claim target offered first: a live consumer other than the one being looked at. */
export function defaultClaimTarget(consumers: PendingState['consumers'], viewing: string): string {
  const others = consumers.filter((c) => c.name !== viewing);
  return (others.find((c) => c.presence === 'live') ?? others[0] ?? consumers[0])?.name ?? '';
}

export interface PendingState {
  stream: string | null;
  groups: string[];
  group: string | null;
  /** Consumers of the chosen group: the filter and the claim targets. */
  consumers: Array<{ name: string; presence: Presence }>;
  /** '' = every consumer. */
  consumer: string;
  poisonThreshold: number;
  page: PendingPage | null;
  selected: ReadonlySet<string>;
  loading: boolean;
  loadError: ReplyError | null;
  actionError: ReplyError | null;
  /** What the last bulk action did, in words. */
  notice: string | null;

  deadLetters: DeadLetter[];
  deadLetterTotal: number;
  deadSelected: ReadonlySet<string>;
  deadError: ReplyError | null;
  deadNotice: string | null;

  open(stream: string): Promise<void>;
  chooseGroup(group: string): Promise<void>;
  chooseConsumer(consumer: string): Promise<void>;
  setPoisonThreshold(n: number): Promise<void>;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  toggle(id: string): void;
  selectAll(on: boolean): void;
  ack(): Promise<boolean>;
  claim(toConsumer: string, minIdleMs: number): Promise<boolean>;
  /** Acknowledge every pending id (of the chosen consumer, or all) whose entry is gone from the stream. */
  ackDeleted(): Promise<boolean>;
  autoClaim(toConsumer: string, minIdleMs: number): Promise<boolean>;

  loadDeadLetters(): Promise<void>;
  toggleDead(id: string): void;
  selectAllDead(on: boolean): void;
  replay(): Promise<boolean>;
}

const none: ReadonlySet<string> = new Set();

export function createPendingStore(bridge: Bridge) {
  return createStore<PendingState>()((set, get) => {
    const ctx = () => {
      const { stream, group } = get();
      return stream && group ? { stream, group } : null;
    };

    const fetchPage = async (from?: string) => {
      const c = ctx();
      if (!c) return null;
      const { consumer, poisonThreshold } = get();
      return bridge.invoke('pending.list', {
        ...c,
        ...(consumer ? { consumer } : {}),
        ...(from ? { from } : {}),
        count: PAGE_SIZE,
        poisonThreshold,
      });
    };

    const bulk = async <T>(reply: Promise<Reply<T>>, say: (v: T) => string) => {
      const r = await reply;
      if (!r.ok) {
        set({ actionError: r.error, notice: null });
        return false;
      }
      set({ actionError: null, notice: say(r.value), selected: none });
      await get().reload();
      return true;
    };

    return {
      stream: null,
      groups: [],
      group: null,
      consumers: [],
      consumer: '',
      poisonThreshold: 5,
      page: null,
      selected: none,
      loading: false,
      loadError: null,
      actionError: null,
      notice: null,
      deadLetters: [],
      deadLetterTotal: 0,
      deadSelected: none,
      deadError: null,
      deadNotice: null,

      async open(stream) {
        set({ stream, group: null, groups: [], page: null, selected: none, loadError: null });
        void get().loadDeadLetters();
        const r = await bridge.invoke('groups.list', { stream });
        if (!r.ok) {
          set({ loadError: r.error });
          return;
        }
        set({ groups: r.value.map((g) => g.name) });
        if (r.value.length) await get().chooseGroup(r.value[0].name);
      },

      async chooseGroup(group) {
        const stream = get().stream;
        if (!stream) return;
        set({ group, consumer: '', consumers: [], selected: none, notice: null, actionError: null });
        const [cl] = await Promise.all([bridge.invoke('consumers.list', { stream, group }), get().reload()]);
        if (cl.ok && get().group === group) set({ consumers: cl.value.map((c) => ({ name: c.name, presence: c.presence })) });
      },

      async chooseConsumer(consumer) {
        set({ consumer, selected: none });
        await get().reload();
      },

      async setPoisonThreshold(n) {
        set({ poisonThreshold: n });
        await get().reload();
      },

      async reload() {
        set({ loading: true });
        const r = await fetchPage();
        if (!r) return set({ loading: false });
        if (r.ok) {
          const ids = new Set(r.value.entries.map((e) => e.id));
          // Keep selections that are still pending; acked/claimed-away ones vanish with their rows.
          set((s) => ({ page: r.value, loading: false, loadError: null, selected: new Set([...s.selected].filter((id) => ids.has(id))) }));
        } else set({ loading: false, loadError: r.error });
      },

      async loadMore() {
        const page = get().page;
        if (!page?.next) return;
        const r = await fetchPage(page.next);
        if (!r) return;
        if (r.ok) set({ page: { ...r.value, entries: page.entries.concat(r.value.entries) } });
        else set({ loadError: r.error });
      },

      toggle(id) {
        const next = new Set(get().selected);
        if (!next.delete(id)) next.add(id);
        set({ selected: next });
      },
      selectAll(on) {
        set({ selected: on ? new Set(get().page?.entries.map((e) => e.id) ?? []) : none });
      },

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

      async loadDeadLetters() {
        const stream = get().stream;
        if (!stream) return;
        const r = await bridge.invoke('deadLetters.list', { stream, count: PAGE_SIZE });
        if (r.ok) {
          const ids = new Set(r.value.entries.map((e) => e.id));
          set((s) => ({
            deadLetters: r.value.entries,
            deadLetterTotal: r.value.length,
            deadError: null,
            deadSelected: new Set([...s.deadSelected].filter((id) => ids.has(id))),
          }));
        } else set({ deadError: r.error });
      },
      toggleDead(id) {
        const next = new Set(get().deadSelected);
        if (!next.delete(id)) next.add(id);
        set({ deadSelected: next });
      },
      selectAllDead(on) {
        set({ deadSelected: on ? new Set(get().deadLetters.map((d) => d.id)) : none });
      },
      async replay() {
        const stream = get().stream;
        const ids = [...get().deadSelected];
        if (!stream || !ids.length) return false;
        const r = await bridge.invoke('deadLetters.replay', { stream, ids });
        if (!r.ok) {
          set({ deadError: r.error, deadNotice: null });
          return false;
        }
        set({ deadError: null, deadNotice: `Replayed ${plural(r.value.replayed, 'dead letter')} onto ${stream}.`, deadSelected: none });
        await get().loadDeadLetters();
        return true;
      },
    };
  });
}
