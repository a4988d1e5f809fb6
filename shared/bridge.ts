// What the renderer holds: one object, the same over Electron IPC, WebSocket and in-memory tests.
import { isEvent, type Api, type EventName, type Events } from './api';
import type { Reply } from './reply';
import type { MethodName } from './schemas';

export interface Bridge {
  invoke<M extends MethodName>(method: M, args: Api[M]['args']): Promise<Reply<Api[M]['result']>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Name of the global the Electron preload exposes through contextBridge. */
export const BRIDGE_GLOBAL = 'streamscope';

/** IPC channel names (Electron transport). */
export const IPC_INVOKE = 'streamscope:invoke';
export const IPC_EVENT = 'streamscope:event';

/** WebSocket frames (web-mode transport). */
export type ClientFrame = { kind: 'invoke'; id: number; method: string; args: unknown };
export type ServerFrame =
  | { kind: 'reply'; id: number; reply: Reply<unknown> }
  | { kind: 'event'; event: EventName; payload: unknown };

/**
 * A bridge's page-side listeners: `on` adds one, `deliver` fans a pushed event out to the listeners
 * of that event (names outside the contract are ignored; a listener that throws is reported and
 * does not stop the others).
 */
export function eventListeners() {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    on: ((event: EventName, listener: (payload: unknown) => void) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    }) as Bridge['on'],
    deliver(event: unknown, payload: unknown): void {
      if (!isEvent(event)) return;
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(payload);
        } catch (error) {
          console.error(`listener for ${event} failed`, error);
        }
      }
    },
  };
}
