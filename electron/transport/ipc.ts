// Electron IPC transport: a thin adapter over the console's dispatch. Structural types only, so
// this file never imports electron (tests drive it with an EventEmitter stand-in).
import type { EventName } from '../../shared/api';
import { isMethod } from '../../shared/methods';
import {
  callTimeoutMs,
  eventListeners,
  IPC_EVENT,
  IPC_INVOKE,
  timedOut,
  type Bridge,
  type ConsoleConnection,
  type EventSink,
} from '../../shared/bridge';
import type { MethodName } from '../../shared/schemas';
import { fail, type Reply } from '../../shared/reply';
import { countOnly, reportUnsendable } from './slow-reader';

/** What serveIpc needs of Electron's ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of IpcMainInvokeEvent we use: which frame sent the call, and its webContents. */
export interface IpcInvokeEventLike {
  senderFrame?: { url: string } | null;
  /** The sender's webContents: its events go there, and its feeds stop when it navigates (reload) or is destroyed. */
  sender?: IpcSenderLike;
}

export interface IpcSenderLike {
  id: number;
  send(channel: string, payload: unknown): void;
  isDestroyed?(): boolean;
  on(event: 'did-navigate', listener: () => void): unknown;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** What createIpcBridge needs of Electron's ipcRenderer. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** What a transport needs of the console service: one connection per page. */
export interface DispatchService {
  connect(sink: EventSink): ConsoleConnection;
}

export interface IpcEventFrame {
  event: EventName;
  payload: unknown;
}

export interface ServeIpcOptions {
  /** Only frames loaded from the app's own renderer may call; anything else gets `forbidden`. */
  isTrustedSender(frameUrl: string): boolean;
}

/**
 * Serves the contract on IPC_INVOKE; each window (webContents) is one connection of the console,
 * its events pushed on IPC_EVENT to that window only. Returns a stop function.
 */
export function serveIpc(ipcMain: IpcMainLike, service: DispatchService, opts: ServeIpcOptions): () => void {
  const bySender = new Map<number, ConsoleConnection>();
  const watched = new Set<number>();
  // Electron always names the sender; a call without one is served, but nothing can be pushed to it.
  let senderless: ConsoleConnection | null = null;

  const release = (id: number) => {
    const connection = bySender.get(id);
    bySender.delete(id);
    connection?.close();
  };

  const connectionOf = (sender: IpcSenderLike | undefined): ConsoleConnection => {
    if (!sender) return (senderless ??= service.connect(() => undefined));
    const existing = bySender.get(sender.id);
    if (existing) return existing;
    const send = (event: EventName, payload: unknown) => {
      if (!sender.isDestroyed?.()) sender.send(IPC_EVENT, { event, payload } satisfies IpcEventFrame);
    };
    const connection = service.connect((event, payload) => {
      try {
        send(event, payload);
      } catch (error) {
        if (sender.isDestroyed?.()) return; // a window closing mid-send is not the console's problem
        // Not cloneable (e.g. nested too deep): a feed batch still reaches the page as its count.
        reportUnsendable(event, error);
        const counted = countOnly(event, payload);
        try {
          if (counted) send(event, counted);
        } catch {
          // the window went away meanwhile
        }
      }
    });
    bySender.set(sender.id, connection);
    if (!watched.has(sender.id)) {
      // A reload is a new page: the old page's feeds stop, and its next call opens a new connection.
      watched.add(sender.id);
      sender.on('did-navigate', () => release(sender.id));
      sender.once('destroyed', () => {
        release(sender.id);
        watched.delete(sender.id);
      });
    }
    return connection;
  };

  ipcMain.handle(IPC_INVOKE, async (event, method, args) => {
    const url = event.senderFrame?.url;
    if (typeof url !== 'string' || !opts.isTrustedSender(url)) {
      return fail('forbidden', `calls from ${url ? JSON.stringify(url) : 'an unknown frame'} are not allowed`);
    }
    const name = typeof method === 'string' ? method.slice(0, 200) : typeof method;
    try {
      return await connectionOf(event.sender).dispatch(name, args);
    } catch (error) {
      // dispatch answers every failure itself; this is the net under it, so a call is never left unanswered.
      return fail(
        'internal',
        `${name}: the call failed before it could be answered (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    for (const id of [...bySender.keys()]) release(id);
    senderless?.close();
    senderless = null;
  };
}

/** Electron's prefix on a rejection that happened in the main process (the answer, not the arguments, failed). */
const REMOTE_FAILURE = /^Error invoking remote method/;

export interface IpcBridgeOptions {
  /** How long a call waits for its answer before resolving `timeout` (default callTimeoutMs: 30 s, longer for the methods in LONG_CALL_TIMEOUT_MS). */
  callTimeoutMs?: (method: MethodName) => number;
}

/** The renderer side (used by the preload): one IPC listener fanned out to the page's listeners. */
export function createIpcBridge(ipcRenderer: IpcRendererLike, opts: IpcBridgeOptions = {}): Bridge {
  const timeoutFor = opts.callTimeoutMs ?? callTimeoutMs;
  const listeners = eventListeners();
  const onFrame = (_event: unknown, frame: unknown) => {
    if (!frame || typeof frame !== 'object') return;
    const { event, payload } = frame as IpcEventFrame;
    listeners.deliver(event, payload);
  };
  let attached = false;

  return {
    invoke: (async (method: string, args: unknown) => {
      if (!isMethod(method)) return fail('unknown_method', `unknown method: ${JSON.stringify(String(method))}`);
      const ms = timeoutFor(method);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<Reply<never>>((resolve) => (timer = setTimeout(() => resolve(timedOut(method, ms)), ms)));
      const answered = (async () => {
        try {
          return (await ipcRenderer.invoke(IPC_INVOKE, method, args)) as Reply<unknown>;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          // The main process could not send its answer (e.g. not cloneable): say so, naming the cause.
          if (REMOTE_FAILURE.test(message)) return fail('internal', `${method}: the console's answer could not be received (${message})`);
          // Structured clone refuses e.g. functions in args: report it as bad arguments.
          return fail('invalid_args', `${method}: arguments could not be sent (${message})`);
        }
      })();
      try {
        return await Promise.race([answered, late]);
      } finally {
        clearTimeout(timer);
      }
    }) as Bridge['invoke'],
    on: ((event: EventName, listener: (payload: unknown) => void) => {
      if (!attached) {
        ipcRenderer.on(IPC_EVENT, onFrame);
        attached = true;
      }
      return listeners.on(event, listener);
    }) as Bridge['on'],
  };
}
