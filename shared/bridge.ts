// What the renderer holds: one object, the same over Electron IPC, WebSocket and in-memory tests.
import type { Api, EventName, Events } from './api';
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
