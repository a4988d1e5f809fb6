// Which Redis the console is connected to, its live state, and the saved connection profiles.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Api, Bridge, ConnectionProfile, ConnectionStatus, Reply, ReplyError } from '../../shared';

export type ProfileInput = Api['profiles.save']['args'];
export type ConnectTarget = { url: string } | { profileId: string };

export interface ConnectionStoreState {
  status: ConnectionStatus | null;
  profiles: ConnectionProfile[];
  statusError: ReplyError | null;
  /** Error of the last connect / save / delete, shown in the profiles dialog. */
  actionError: ReplyError | null;
  busy: boolean;
  load: () => Promise<void>;
  connect: (target: ConnectTarget) => Promise<boolean>;
  saveProfile: (input: ProfileInput) => Promise<ConnectionProfile | null>;
  deleteProfile: (id: string) => Promise<boolean>;
  clearActionError: () => void;
  /** Follow pushed state changes; returns the unsubscribe function. */
  subscribe: () => () => void;
}

export type ConnectionStore = StoreApi<ConnectionStoreState>;

export function createConnectionStore(bridge: Bridge): ConnectionStore {
  return createStore<ConnectionStoreState>()((set, get) => {
    const act = async <T,>(run: () => Promise<Reply<T>>): Promise<T | null> => {
      set({ busy: true, actionError: null });
      const reply = await run();
      set({ busy: false, actionError: reply.ok ? null : reply.error });
      return reply.ok ? reply.value : null;
    };

    return {
      status: null,
      profiles: [],
      statusError: null,
      actionError: null,
      busy: false,

      async load() {
        const [status, profiles] = await Promise.all([bridge.invoke('connection.status', {}), bridge.invoke('profiles.list', {})]);
        set({
          status: status.ok ? status.value : get().status,
          statusError: status.ok ? null : status.error,
          profiles: profiles.ok ? profiles.value : get().profiles,
          actionError: profiles.ok ? get().actionError : profiles.error,
        });
      },

      async connect(target) {
        const status = await act(() => bridge.invoke('connection.connect', target));
        if (status) set({ status });
        return status !== null;
      },

      async saveProfile(input) {
        const saved = await act(() => bridge.invoke('profiles.save', input));
        if (saved) set({ profiles: get().profiles.filter((p) => p.id !== saved.id).concat(saved) });
        return saved;
      },

      async deleteProfile(id) {
        const result = await act(() => bridge.invoke('profiles.delete', { id }));
        if (result) set({ profiles: get().profiles.filter((p) => p.id !== id) });
        return result !== null;
      },

      clearActionError() {
        set({ actionError: null });
      },

      subscribe() {
        return bridge.on('connection.state', (status) => set({ status, statusError: null }));
      },
    };
  });
}
