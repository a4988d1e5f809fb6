// Electron IPC transport: a thin adapter over the console's dispatch. Structural types only, so
// this file never imports electron (tests drive it with an EventEmitter stand-in).
import type { EventName, Events } from '../../shared/api';
import { isEvent, isMethod } from '../../shared/methods';
import { IPC_EVENT, IPC_INVOKE, type Bridge } from '../../shared/bridge';
import { fail, type Reply } from '../../shared/reply';
import { OwnedFeeds } from './owned-feeds';

/** What serveIpc needs of Electron's ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of IpcMainInvokeEvent we use: which frame sent the call, and its webContents. */
export interface IpcInvokeEventLike {
  senderFrame?: { url: string } | null;
  /** The sender's webContents: its feeds stop when it navigates (reload) or is destroyed. */
  sender?: IpcSenderLike;
}

export interface IpcSenderLike {
  id: number;
  once(event: 'destroyed' | 'did-navigate', listener: () => void): unknown;
}

export interface IpcTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed?(): boolean;
}

/** What createIpcBridge needs of Electron's ipcRenderer. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** What a transport needs of the console service. */
export interface DispatchService {
  dispatch(method: string, args: unknown): Promise<Reply<unknown>>;
  onEvent(listener: (event: EventName, payload: Events[EventName]) => void): () => void;
}

export interface IpcEventFrame {
  event: EventName;
  payload: unknown;
}

export interface ServeIpcOptions {
  /** Only frames loaded from the app's own renderer may call; anything else gets `forbidden`. */
  isTrustedSender(frameUrl: string): boolean;
  /** Where pushed events go (every window's webContents). */
  targets(): IpcTarget[];
}

/** Serves the contract on IPC_INVOKE and pushes events on IPC_EVENT. Returns a stop function. */
export function serveIpc(ipcMain: IpcMainLike, service: DispatchService, opts: ServeIpcOptions): () => void {
  const feedsBySender = new Map<number, OwnedFeeds>();
  const feedsOf = (sender: IpcSenderLike | undefined): OwnedFeeds | null => {
    if (!sender) return null;
    let feeds = feedsBySender.get(sender.id);
    if (!feeds) {
      const created = new OwnedFeeds(service);
      feeds = created;
      feedsBySender.set(sender.id, created);
      const release = () => {
        if (feedsBySender.get(sender.id) !== created) return;
        feedsBySender.delete(sender.id);
        created.stopAll();
      };
      sender.once('destroyed', release);
      sender.once('did-navigate', release);
    }
    return feeds;
  };
  ipcMain.handle(IPC_INVOKE, async (event, method, args) => {
    const url = event.senderFrame?.url;
    if (typeof url !== 'string' || !opts.isTrustedSender(url)) {
      return fail('forbidden', `calls from ${url ? JSON.stringify(url) : 'an unknown frame'} are not allowed`);
    }
    const name = typeof method === 'string' ? method : String(method);
    const feeds = feedsOf(event.sender);
    feeds?.noteRequest(name, args);
    const reply = await service.dispatch(name, args);
    feeds?.noteReply(name, reply);
    return reply;
  });
  const unsubscribe = service.onEvent((event, payload) => {
    const frame: IpcEventFrame = { event, payload };
    for (const target of opts.targets()) {
      if (target.isDestroyed?.()) continue;
      try {
        target.send(IPC_EVENT, frame);
      } catch {
        // a window closing mid-send is not the console's problem
      }
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
    for (const feeds of feedsBySender.values()) feeds.stopAll();
    feedsBySender.clear();
  };
}

type AnyListener = (payload: unknown) => void;

/** The renderer side (used by the preload): one IPC listener fanned out to the page's listeners. */
export function createIpcBridge(ipcRenderer: IpcRendererLike): Bridge {
  const listeners = new Map<EventName, Set<AnyListener>>();
  const onFrame = (_event: unknown, frame: unknown) => {
    if (!frame || typeof frame !== 'object') return;
    const { event, payload } = frame as IpcEventFrame;
    if (!isEvent(event)) return;
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`listener for ${event} failed`, error);
      }
    }
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
    on: ((event: EventName, listener: AnyListener) => {
      if (!attached) {
        ipcRenderer.on(IPC_EVENT, onFrame);
        attached = true;
      }
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    }) as Bridge['on'],
  };
}
