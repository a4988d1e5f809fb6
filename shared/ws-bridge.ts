// The renderer's bridge in web mode: the contract over one WebSocket (frames in ./bridge.ts).
// Browser WebSocket API only (no Node imports); tests inject `ws`'s constructor. Calls made while
// the socket is (re)connecting wait for it; calls in flight when it drops resolve `not_connected`;
// a call the server does not answer in time resolves `timeout` naming the method and the time.
import { isMethod } from './api';
import { callTimeoutMs, eventListeners, timedOut, type Bridge, type ClientFrame, type ServerFrame } from './bridge';
import type { MethodName } from './schemas';
import { fail, type Reply } from './reply';

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WebSocketBridgeOptions {
  /** ws://host:port/ws?token=… (see webSocketUrlFromPage). */
  url: string;
  /** Defaults to the global WebSocket (browsers). */
  WebSocket?: WebSocketConstructor;
  /** Reconnect after a drop (default true), with backoff up to 5 s. */
  reconnect?: boolean;
  /** A call waiting for a connection longer than this resolves `not_connected` (default 10 s). */
  connectTimeoutMs?: number;
  /** How long a sent call waits for its answer before resolving `timeout` (default callTimeoutMs: 30 s, longer for the methods in LONG_CALL_TIMEOUT_MS). */
  callTimeoutMs?: (method: MethodName) => number;
}

export type WebSocketBridgeState = 'connecting' | 'open' | 'closed';

export interface WebSocketBridge extends Bridge {
  /** Resolves when the socket is open (rejects if the bridge is closed first). */
  ready(): Promise<void>;
  state(): WebSocketBridgeState;
  onState(listener: (state: WebSocketBridgeState, reason?: string) => void): () => void;
  close(): void;
}

const OPEN = 1;

/** The WebSocket URL for the page the renderer was served from, carrying its launch token. */
export function webSocketUrlFromPage(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

type Resolve = (reply: Reply<unknown>) => void;

/**
 * The bridge's calls: those sent and not answered yet (each answered `timeout` by the bridge if the
 * console does not answer in time), and those waiting for the socket to open.
 */
function createCalls(timeoutFor: (method: MethodName) => number, connectTimeoutMs: number) {
  const inFlight = new Map<number, { method: MethodName; resolve: Resolve; timer: ReturnType<typeof setTimeout> }>();
  const waiting: Array<{ id: number; method: MethodName; text: string; resolve: Resolve; timer: ReturnType<typeof setTimeout> }> = [];

  const answer = (id: number, reply: Reply<unknown>) => {
    const call = inFlight.get(id);
    if (!call) return;
    inFlight.delete(id);
    clearTimeout(call.timer);
    call.resolve(reply);
  };

  const send = (ws: WebSocketLike, id: number, method: MethodName, text: string, resolve: Resolve) => {
    const ms = timeoutFor(method);
    inFlight.set(id, { method, resolve, timer: setTimeout(() => answer(id, timedOut(method, ms)), ms) });
    ws.send(text);
  };

  return {
    answer,
    send,
    /** Holds a call until the socket opens, or answers `not_connected` after connectTimeoutMs. */
    wait: (id: number, method: MethodName, text: string, resolve: Resolve) => {
      const timer = setTimeout(() => {
        const at = waiting.findIndex((w) => w.id === id);
        if (at >= 0) waiting.splice(at, 1);
        resolve(fail('not_connected', `${method}: no connection to the server within ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      waiting.push({ id, method, text, resolve, timer });
    },
    /** Sends the waiting calls on the socket that just opened. */
    sendWaiting: (ws: WebSocketLike) => {
      for (const { id, method, text, resolve, timer } of waiting.splice(0)) {
        clearTimeout(timer);
        send(ws, id, method, text, resolve);
      }
    },
    /** The socket dropped: calls in flight will get no answer. */
    failInFlight: (why: string) => {
      for (const id of [...inFlight.keys()]) answer(id, fail('not_connected', why));
    },
    /** The bridge will not connect again: nothing waiting will be sent. */
    failWaiting: (why: string) => {
      for (const { resolve, timer } of waiting.splice(0)) {
        clearTimeout(timer);
        resolve(fail('not_connected', why));
      }
    },
    /** A frame that is not JSON: a reply names its call first, so that call is answered with the reason instead of its timeout. */
    unreadable: (data: string, error: Error) => {
      const id = /^\{"kind":"reply","id":(\d+)/.exec(data.slice(0, 60))?.[1];
      const call = id === undefined ? undefined : inFlight.get(Number(id));
      if (call) answer(Number(id), fail('internal', `${call.method}: the console's answer could not be read (${error.message})`));
    },
  };
}

export function createWebSocketBridge(opts: WebSocketBridgeOptions): WebSocketBridge {
  const Ctor = opts.WebSocket ?? (globalThis as unknown as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Ctor) throw new Error('No WebSocket implementation: pass one as options.WebSocket');
  const reconnect = opts.reconnect ?? true;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const timeoutFor = opts.callTimeoutMs ?? callTimeoutMs;

  let socket: WebSocketLike | null = null;
  let current: WebSocketBridgeState = 'connecting';
  let closedByUser = false;
  let attempt = 0;
  let nextId = 1;
  const calls = createCalls(timeoutFor, connectTimeoutMs);
  const listeners = eventListeners();
  const stateListeners = new Set<(state: WebSocketBridgeState, reason?: string) => void>();
  let openWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];

  const setState = (next: WebSocketBridgeState, reason?: string) => {
    current = next;
    for (const l of stateListeners) l(next, reason);
  };

  const connect = () => {
    setState('connecting');
    const ws = new Ctor(opts.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
      for (const w of openWaiters) w.resolve();
      openWaiters = [];
      calls.sendWaiting(ws);
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(ev.data) as ServerFrame;
      } catch (error) {
        calls.unreadable(ev.data, error as Error);
        return;
      }
      if (frame.kind === 'reply') {
        calls.answer(frame.id, frame.reply);
      } else if (frame.kind === 'event') {
        listeners.deliver(frame.event, frame.payload);
      }
    };
    ws.onerror = () => undefined; // onclose follows with the code
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      const why = `web socket closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`;
      calls.failInFlight(why);
      if (closedByUser || !reconnect) {
        setState('closed', why);
        calls.failWaiting(why);
        for (const w of openWaiters) w.reject(new Error(why));
        openWaiters = [];
        return;
      }
      setState('connecting', why);
      attempt++;
      setTimeout(
        () => {
          if (!closedByUser) connect();
        },
        Math.min(5000, 100 * 2 ** Math.min(attempt, 6)),
      );
    };
  };
  connect();

  const invoke = (method: string, args: unknown): Promise<Reply<unknown>> => {
    if (!isMethod(method)) return Promise.resolve(fail('unknown_method', `unknown method: ${JSON.stringify(String(method))}`));
    if (closedByUser || current === 'closed') return Promise.resolve(fail('not_connected', 'web socket bridge is closed'));
    const id = nextId++;
    let text: string;
    try {
      text = JSON.stringify({ kind: 'invoke', id, method, args } satisfies ClientFrame);
    } catch (error) {
      return Promise.resolve(fail('invalid_args', `${method}: arguments could not be sent (${(error as Error).message})`));
    }
    return new Promise((resolve) => {
      if (socket && socket.readyState === OPEN) calls.send(socket, id, method, text, resolve);
      else calls.wait(id, method, text, resolve);
    });
  };

  return {
    invoke: invoke as Bridge['invoke'],
    on: listeners.on,
    ready: () =>
      current === 'open'
        ? Promise.resolve()
        : current === 'closed'
          ? Promise.reject(new Error('web socket bridge is closed'))
          : new Promise((resolve, reject) => openWaiters.push({ resolve, reject })),
    state: () => current,
    onState: (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close: () => {
      closedByUser = true;
      socket?.close(1000, 'bridge closed');
      if (!socket) setState('closed');
    },
  };
}
