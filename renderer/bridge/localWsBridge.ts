// A minimal WebSocket bridge used until shared/ws-bridge.ts exists. Calls made while the socket
// is down resolve to a `not_connected` reply instead of hanging, so every screen can show it.
import { fail, isEvent, type Bridge, type ClientFrame, type EventName, type Events, type Reply, type ServerFrame } from '../../shared';

type Listener = (payload: unknown) => void;

export function createLocalWsBridge(url: string): Bridge {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, (reply: Reply<unknown>) => void>();
  const queued: ClientFrame[] = [];
  const listeners = new Map<EventName, Set<Listener>>();

  const open = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      for (const frame of queued.splice(0)) ws.send(JSON.stringify(frame));
    };
    ws.onmessage = (msg) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(msg.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.kind === 'reply') {
        pending.get(frame.id)?.(frame.reply);
        pending.delete(frame.id);
      } else if (frame.kind === 'event' && isEvent(frame.event)) {
        for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, resolve] of pending) {
        resolve(fail('not_connected', 'the connection to the console was lost'));
        pending.delete(id);
      }
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  open();

  return {
    invoke(method, args) {
      const id = nextId++;
      const frame: ClientFrame = { kind: 'invoke', id, method, args };
      return new Promise((resolve) => {
        pending.set(id, resolve as (reply: Reply<unknown>) => void);
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
        else queued.push(frame);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
}
