// The one-click demo scenario: whether it runs, start at a rate, stop (which removes it).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, DemoStatus, Reply, ReplyError } from '../../../shared';

export interface DemoStoreState {
  status: DemoStatus | null;
  busy: boolean;
  error: ReplyError | null;
  load: () => Promise<void>;
  start: (ratePerSec?: number) => Promise<boolean>;
  stop: () => Promise<boolean>;
  subscribe: () => () => void;
}

export type DemoStore = StoreApi<DemoStoreState>;

export function createDemoStore(bridge: Bridge): DemoStore {
  return createStore<DemoStoreState>()((set) => {
    const run = async (call: () => Promise<Reply<DemoStatus>>): Promise<boolean> => {
      set({ busy: true, error: null });
      const reply = await call();
      if (reply.ok) set({ busy: false, status: reply.value });
      else set({ busy: false, error: reply.error });
      return reply.ok;
    };
    return {
      status: null,
      busy: false,
      error: null,
      async load() {
        const reply = await bridge.invoke('demo.status', {});
        if (reply.ok) set({ status: reply.value, error: null });
        else set({ error: reply.error });
      },
      start: (ratePerSec) => run(() => bridge.invoke('demo.start', ratePerSec === undefined ? {} : { ratePerSec })),
      stop: () => run(() => bridge.invoke('demo.stop', {})),
      subscribe: () => bridge.on('demo.changed', (status) => set({ status })),
    };
  });
}
