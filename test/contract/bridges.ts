// The three ways a renderer reaches the console, for the contract suite: direct dispatch, Electron
// IPC (an in-process stand-in for ipcMain/ipcRenderer, with structured clone like the real one),
// and WebSocket (a real ws server and the shared ws-bridge client).
import { EventEmitter } from 'node:events';
import { WebSocket, WebSocketServer } from 'ws';
import type { Bridge } from '../../shared/bridge';
import { createWebSocketBridge, type WebSocketConstructor } from '../../shared/ws-bridge';
import type { ConsoleService } from '../../electron/console';
import { createDirectBridge } from '../../electron/transport/direct';
import { createIpcBridge, serveIpc, type IpcInvokeEventLike, type IpcMainLike, type IpcRendererLike } from '../../electron/transport/ipc';
import { createWebSocketTransport, hardPayloadLimit, type WebSocketTransportOptions } from '../../electron/transport/websocket';

export interface BridgeUnderTest {
  bridge: Bridge;
  close(): Promise<void>;
}

export type BridgeKind = 'direct' | 'ipc' | 'websocket';
export const BRIDGE_KINDS: BridgeKind[] = ['direct', 'ipc', 'websocket'];

export const TRUSTED_URL = 'file:///app/dist/renderer/index.html';

type IpcHandlers = Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>;

/**
 * ipcMain + ipcRenderer + webContents in one process, cloning values as Electron does. Pass the
 * `handlers` of another pair for a second window served by the same ipcMain.
 */
export function fakeIpcPair(senderUrl = TRUSTED_URL, handlers: IpcHandlers = new Map()) {
  const rendererSide = new EventEmitter();
  const send = (channel: string, payload: unknown) => void rendererSide.emit(channel, {}, structuredClone(payload));
  // The renderer's webContents as ipcMain sees it (emits 'did-navigate' / 'destroyed'; send pushes to the page).
  const sender = Object.assign(new EventEmitter(), { id: Math.floor(Math.random() * 1e9), send });
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const ipcRenderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      const sent = structuredClone(args); // the renderer side: uncloneable arguments throw as they are
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      try {
        return structuredClone(await handler({ senderFrame: { url: senderUrl }, sender }, ...sent));
      } catch (error) {
        // What Electron's ipcRenderer.invoke throws when the main side failed, its answer included.
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
      }
    },
    on: (channel, listener) => rendererSide.on(channel, listener),
    removeListener: (channel, listener) => rendererSide.removeListener(channel, listener),
  };
  return { ipcMain, ipcRenderer, webContents: sender, handlers, sender };
}

export async function startWebSocketServer(service: ConsoleService, opts: WebSocketTransportOptions = {}, port = 0) {
  const transport = createWebSocketTransport(service, opts);
  const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: hardPayloadLimit(opts.maxMessageBytes) });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => transport.accept(socket));
  const address = wss.address();
  const bound = typeof address === 'object' && address ? address.port : 0;
  return {
    port: bound,
    url: `ws://127.0.0.1:${bound}/ws`,
    /** Pages connected right now (a closed one is gone once the transport has let go of it). */
    connections: () => wss.clients.size,
    close: async () => {
      transport.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

export async function openBridge(kind: BridgeKind, service: ConsoleService): Promise<BridgeUnderTest> {
  if (kind === 'direct') {
    const bridge = createDirectBridge(service);
    return { bridge, close: async () => bridge.close() };
  }
  if (kind === 'ipc') {
    const { ipcMain, ipcRenderer } = fakeIpcPair();
    const stop = serveIpc(ipcMain, service, { isTrustedSender: (url) => url === TRUSTED_URL });
    return { bridge: createIpcBridge(ipcRenderer), close: async () => stop() };
  }
  const server = await startWebSocketServer(service);
  const bridge = createWebSocketBridge({ url: server.url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
  await bridge.ready();
  return {
    bridge,
    close: async () => {
      bridge.close();
      await server.close();
    },
  };
}
