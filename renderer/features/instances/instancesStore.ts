// Instances (consumers) of every group on one stream, polled about once a second, plus the console's
// own hosted instances (instances.list and 'instances.changed') so pause/resume know their state.
import { createStore } from 'zustand/vanilla';
import type { Bridge, GroupInfo, HostedInstance, InstanceInfo, Reply, ReplyError } from '../../../shared';

export interface GroupInstances {
  group: string;
  instances: InstanceInfo[];
  /** The group itself (lag, pending), from the same poll. */
  info?: GroupInfo;
}

export interface ActionError {
  /** The instance or consumer the failed action was about, so the error shows on its row. */
  target: string;
  error: ReplyError;
}

export interface InstancesState {
  stream: string | null;
  groups: GroupInstances[];
  hosted: Record<string, HostedInstance>;
  loaded: boolean;
  loadError: ReplyError | null;
  actionError: ActionError | null;
  refresh(): Promise<void>;
  /** Starts polling and listening; returns the function that stops both. */
  start(stream: string, pollMs?: number): () => void;
  pause(id: string): Promise<boolean>;
  resume(id: string): Promise<boolean>;
  crash(id: string): Promise<boolean>;
  leave(id: string): Promise<boolean>;
  deleteConsumer(group: string, consumer: string): Promise<boolean>;
}

export function createInstancesStore(bridge: Bridge) {
  return createStore<InstancesState>()((set, get) => {
    let refreshing = false;

    const keepHosted = (list: HostedInstance[]) => set({ hosted: Object.fromEntries(list.map((h) => [h.id, h])) });

    const act = async (target: string, reply: Promise<Reply<unknown>>) => {
      const r = await reply;
      if (!r.ok) {
        set({ actionError: { target, error: r.error } });
        return false;
      }
      set({ actionError: null });
      await get().refresh();
      return true;
    };

    const hostedAction = (method: 'instances.pause' | 'instances.resume' | 'instances.crash' | 'instances.leave') => async (id: string) => {
      const r = await bridge.invoke(method, { id });
      if (r.ok) set((s) => ({ hosted: { ...s.hosted, [id]: r.value } }));
      return act(id, Promise.resolve(r));
    };

    return {
      stream: null,
      groups: [],
      hosted: {},
      loaded: false,
      loadError: null,
      actionError: null,

      async refresh() {
        const stream = get().stream;
        if (!stream || refreshing) return; // a slow Redis must not pile up overlapping polls
        refreshing = true;
        try {
          const gl = await bridge.invoke('groups.list', { stream });
          if (!gl.ok) {
            set({ loadError: gl.error, loaded: true });
            return;
          }
          const lists = await Promise.all(gl.value.map((g) => bridge.invoke('consumers.list', { stream, group: g.name })));
          if (get().stream !== stream) return;
          const failed = lists.find((r) => !r.ok);
          set({
            groups: gl.value.map((g, i) => {
              const r = lists[i];
              return { group: g.name, instances: r.ok ? r.value : [], info: g };
            }),
            loaded: true,
            loadError: failed && !failed.ok ? failed.error : null,
          });
        } finally {
          refreshing = false;
        }
      },

      start(stream, pollMs = 1000) {
        set({ stream, groups: [], loaded: false, loadError: null, actionError: null });
        void get().refresh();
        void bridge.invoke('instances.list', {}).then((r) => r.ok && keepHosted(r.value));
        const off = bridge.on('instances.changed', keepHosted);
        const timer = setInterval(() => void get().refresh(), pollMs);
        return () => {
          clearInterval(timer);
          off();
        };
      },

      pause: hostedAction('instances.pause'),
      resume: hostedAction('instances.resume'),
      crash: hostedAction('instances.crash'),
      leave: hostedAction('instances.leave'),
      deleteConsumer: (group, consumer) => {
        const stream = get().stream ?? '';
        return act(`${group}/${consumer}`, bridge.invoke('consumers.delete', { stream, group, consumer }));
      },
    };
  });
}

/** An instance "goes dark": stale, or live but receiving nothing while its siblings receive. */
export function isDark(
  instance: { presence: InstanceInfo['presence']; deliveredPerSec: number },
  siblings: Array<{ deliveredPerSec: number }>,
): boolean {
  if (instance.presence === 'stale') return true;
  return instance.deliveredPerSec === 0 && siblings.some((s) => s.deliveredPerSec > 0);
}
