// Consumer groups of one stream: the list and the three group actions (create, delete, set position).
import { createStore } from 'zustand/vanilla';
import type { Bridge, GroupInfo, Reply, ReplyError } from '../../../shared';

/** '$' = only new entries, '0' = the whole stream, or an explicit entry id. */
export type Position = string;

export interface GroupsState {
  stream: string | null;
  groups: GroupInfo[];
  loading: boolean;
  /** Why the list could not be loaded. */
  loadError: ReplyError | null;
  /** Why the last action failed, shown next to the action. */
  actionError: ReplyError | null;
  load(stream: string): Promise<void>;
  create(stream: string, group: string, from: Position): Promise<boolean>;
  remove(stream: string, group: string): Promise<boolean>;
  setPosition(stream: string, group: string, id: Position): Promise<boolean>;
  clearActionError(): void;
}

export function createGroupsStore(bridge: Bridge) {
  return createStore<GroupsState>()((set, get) => {
    /** Every action: show its error in words, or reload the list so the table shows its effect. */
    const act = async (stream: string, reply: Promise<Reply<unknown>>): Promise<boolean> => {
      const r = await reply;
      if (!r.ok) {
        set({ actionError: r.error });
        return false;
      }
      set({ actionError: null });
      await get().load(stream);
      return true;
    };
    return {
      stream: null,
      groups: [],
      loading: false,
      loadError: null,
      actionError: null,
      async load(stream) {
        set({ stream, loading: true });
        const r = await bridge.invoke('groups.list', { stream });
        if (get().stream !== stream) return; // a newer stream was chosen meanwhile
        if (r.ok) set({ groups: r.value, loading: false, loadError: null });
        else set({ loading: false, loadError: r.error });
      },
      create: (stream, group, from) => act(stream, bridge.invoke('groups.create', { stream, group, from })),
      remove: (stream, group) => act(stream, bridge.invoke('groups.delete', { stream, group })),
      setPosition: (stream, group, id) => act(stream, bridge.invoke('groups.setPosition', { stream, group, id })),
      clearActionError: () => set({ actionError: null }),
    };
  });
}

export type GroupsStore = ReturnType<typeof createGroupsStore>;
