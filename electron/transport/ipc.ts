// Electron IPC transport: a thin adapter over the console's dispatch. Structural types only, so
// this file never imports electron (tests drive it with an EventEmitter stand-in).
import { isMethod, type EventName } from '../../shared/api';
import { eventListeners, IPC_EVENT, IPC_INVOKE, type Bridge } from '../../shared/bridge';
import { fail, type Reply } from '../../shared/reply';
import type { ConsoleConnection, EventSink } from '../console/callers';

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
    const connection = service.connect((event, payload) => {
      if (sender.isDestroyed?.()) return;
      try {
        sender.send(IPC_EVENT, { event, payload } satisfies IpcEventFrame);
      } catch {
        // a window closing mid-send is not the console's problem
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
    const name = typeof method === 'string' ? method : String(method);
    return connectionOf(event.sender).dispatch(name, args);
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    for (const id of [...bySender.keys()]) release(id);
    senderless?.close();
    senderless = null;
  };
}

/** The renderer side (used by the preload): one IPC listener fanned out to the page's listeners. */
export function createIpcBridge(ipcRenderer: IpcRendererLike): Bridge {
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
      try {
        return (await ipcRenderer.invoke(IPC_INVOKE, method, args)) as Reply<unknown>;
      } catch (error) {
        // Structured clone refuses e.g. functions in args: report it as bad arguments.
        return fail('invalid_args', `${method}: arguments could not be sent (${(error as Error).message})`);
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
