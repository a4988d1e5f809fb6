// What the renderer holds: one object, the same over Electron IPC, WebSocket and in-memory tests.
import { isEvent, type Api, type EventName, type Events } from './api';
import { fail, type Reply } from './reply';
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
export type ServerFrame = { kind: 'reply'; id: number; reply: Reply<unknown> } | { kind: 'event'; event: EventName; payload: unknown };

/** Where a transport sends one page's pushed events. */
export type EventSink = (event: EventName, payload: Events[EventName]) => void;

/** One page's connection to the console, as a transport holds it. */
export interface ConsoleConnection {
  /** Serves one call as this caller: feeds it starts are this caller's. */
  dispatch(method: string, args: unknown): Promise<Reply<unknown>>;
  /** The page went away (socket closed, window reloaded or destroyed): its feeds stop. */
  close(): void;
}

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

/** How long a bridge waits for the console's answer to a call before answering `timeout` itself. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/**
 * Calls that legitimately take longer: connecting (may start an embedded redis-server, or go through
 * TLS, Sentinel or cluster discovery and ioredis's retries), pruning and its preview (trims and
 * scans of long streams and their groups), listing streams (a SCAN of the whole keyspace, every
 * master of a cluster), starting or stopping the demo and an instance leaving (they wait for
 * hosted instances to start or to finish what they hold).
 */
export const LONG_CALL_TIMEOUT_MS: Partial<Record<MethodName, number>> = {
  'connection.connect': 120_000,
  'prune.run': 120_000,
  'prune.preview': 60_000,
  'streams.list': 60_000,
  'demo.start': 60_000,
  'demo.stop': 60_000,
  'instances.leave': 60_000,
};

export const callTimeoutMs = (method: MethodName): number => LONG_CALL_TIMEOUT_MS[method] ?? DEFAULT_CALL_TIMEOUT_MS;

/** What a bridge answers for a call the console did not answer in time. */
export const timedOut = (method: string, ms: number): Reply<never> =>
  fail(
    'timeout',
    `${method}: no answer from the console within ${ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`}; it may still finish, so check before repeating it`,
  );
