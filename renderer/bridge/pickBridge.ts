// One renderer build serves Electron and web mode: use the preload's bridge when it exists,
// otherwise talk to the web-mode server over WebSocket.
import { BRIDGE_GLOBAL, type Bridge } from '../../shared';
import { createLocalWsBridge } from './localWsBridge';
import { wsUrlFor } from './wsUrl';

function isBridge(value: unknown): value is Bridge {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Bridge).invoke === 'function' &&
    typeof (value as Bridge).on === 'function'
  );
}

export function pickBridge(win: Window = window): Bridge {
  const injected: unknown = (win as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
  if (isBridge(injected)) return injected;
  return createLocalWsBridge(wsUrlFor(win.location));
}
