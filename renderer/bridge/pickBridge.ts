// One renderer build serves Electron and web mode: use the preload's bridge when it exists,
// otherwise talk to the web-mode server over WebSocket (same host, /ws, the page's token).
import { BRIDGE_GLOBAL, type Bridge } from '../../shared';
import { createWebSocketBridge, webSocketUrlFromPage, type WebSocketBridge, type WebSocketConstructor } from '../../shared/ws-bridge';

export interface PickedBridge {
  bridge: Bridge;
  /** Present in web mode: the socket to the console server, whose drops the UI reports. */
  socket: WebSocketBridge | null;
}

function isBridge(value: unknown): value is Bridge {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Bridge).invoke === 'function' &&
    typeof (value as Bridge).on === 'function'
  );
}

export function pickBridge(win: Window = window, WebSocketImpl?: WebSocketConstructor): PickedBridge {
  const injected: unknown = (win as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
  if (isBridge(injected)) return { bridge: injected, socket: null };
  const socket = createWebSocketBridge({ url: webSocketUrlFromPage(win.location), WebSocket: WebSocketImpl });
  return { bridge: socket, socket };
}
