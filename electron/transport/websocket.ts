// WebSocket transport (web mode): the same dispatch behind JSON frames (shared/bridge.ts). Each
// connection has a message size bound and a request rate bound; across connections, the number of
// connections is capped and requests being served at once are bounded server-wide and shared
// fairly (fair-share.ts), so a flood spread over many connections cannot starve the real user.
// Replies go out as each call completes, matched by id. Each socket is one connection of the
// console: it receives console-wide events and the feeds it started, nothing of other pages' feeds,
// through its SlowReaderGate (a page that falls behind is told how many feed items it missed).
import type { RawData, WebSocket } from 'ws';
import type { EventName, Events } from '../../shared/api';
import type { ClientFrame, ServerFrame } from '../../shared/bridge';
import { fail, type Reply } from '../../shared/reply';
import type { DispatchService } from './ipc';
import { FairShare } from './fair-share';
import { countOnly, reportUnsendable, SlowReaderGate } from './slow-reader';

export interface WebSocketTransportOptions {
  /** Largest accepted request frame, in bytes (default 2 MiB). */
  maxMessageBytes?: number;
  /** Sustained requests per second per connection (default 200), with a burst of twice that. */
  maxRequestsPerSecond?: number;
  /** A connection whose unsent data exceeds this gets no feed batches until it drains, only their count (default 8 MiB); four times this closes it. */
  maxBufferedBytes?: number;
  /** Open connections at once (default 32); one more is closed with 1013 and a reason saying so. */
  maxConnections?: number;
  /** Requests being served at once across all connections (default 4); the rest wait their turn in turn order. */
  maxInFlight?: number;
  /** Requests one connection may have waiting for a turn (default 1000); beyond, `rate_limited`. */
  maxQueuedPerConnection?: number;
  /** Largest reply frame (default 48 MiB); a larger reply is answered `too_large` instead. */
  maxReplyBytes?: number;
}

export const DEFAULT_MAX_CONNECTIONS = 32;
// Few: a streams.list fans out to a pipeline per stream, so more at once only makes longer
// synchronous bursts (event-loop stalls) without more throughput (docs/security.md has figures).
export const DEFAULT_MAX_IN_FLIGHT = 4;
export const DEFAULT_MAX_QUEUED_PER_CONNECTION = 1000;
/** WebSocket close code "Try Again Later" (RFC 6455 registry), sent when the connection cap is reached. */
export const CLOSE_TOO_MANY_CONNECTIONS = 1013;
/** Close code for a reader whose backlog passed the hard bound (RFC 6455 1008, policy violation). */
export const CLOSE_READER_TOO_SLOW = 1008;
/** How often owed drop counts are retried on sockets whose feed went quiet. */
const SETTLE_EVERY_MS = 250;

export const DEFAULT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
/** Largest reply frame sent (dispatch already refuses replies over about 32 MiB; this bounds the exact text). */
export const DEFAULT_MAX_REPLY_BYTES = 48 * 1024 * 1024;

/**
 * The text of a reply frame, always: a reply that cannot be serialized or is over `maxBytes`
 * becomes an error reply naming the cause, so the call is answered either way.
 */
export function replyText(id: number, reply: Reply<unknown>, method: string, maxBytes = DEFAULT_MAX_REPLY_BYTES): string {
  let text: string;
  try {
    text = JSON.stringify({ kind: 'reply', id, reply } satisfies ServerFrame);
  } catch (error) {
    return JSON.stringify({
      kind: 'reply',
      id,
      reply: fail('internal', `${method}: the reply could not be serialized (${error instanceof Error ? error.message : String(error)})`),
    } satisfies ServerFrame);
  }
  // Characters ≤ bytes ≤ 3 × characters: measure exactly only when it could be over.
  if (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes) {
    return JSON.stringify({
      kind: 'reply',
      id,
      reply: fail(
        'too_large',
        `${method}: the reply is ${Buffer.byteLength(text)} bytes, over the ${maxBytes} a reply frame may carry; ask for less`,
      ),
    } satisfies ServerFrame);
  }
  return text;
}

/** For WebSocketServer's maxPayload: frames beyond this are cut off by ws itself. */
export const hardPayloadLimit = (maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES) => maxMessageBytes * 2 + 1024;

class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

function parseFrame(text: string): { frame: ClientFrame } | { id: number; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { id: -1, message: 'frame: not valid JSON' };
  }
  if (!value || typeof value !== 'object') return { id: -1, message: 'frame: must be an object' };
  const f = value as Record<string, unknown>;
  const id = typeof f.id === 'number' && Number.isSafeInteger(f.id) ? f.id : -1;
  if (id < 0) return { id, message: 'frame.id: must be a non-negative integer' };
  if (f.kind !== 'invoke') return { id, message: 'frame.kind: must be "invoke"' };
  if (typeof f.method !== 'string') return { id, message: 'frame.method: must be a string' };
  return { frame: { kind: 'invoke', id, method: f.method, args: f.args } };
}

export interface WebSocketTransport {
  /** Serve one accepted connection (after the web server's guards). */
  accept(socket: WebSocket): void;
  connections(): number;
  close(): void;
}

export function createWebSocketTransport(service: DispatchService, opts: WebSocketTransportOptions = {}): WebSocketTransport {
  const maxBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const perSecond = opts.maxRequestsPerSecond ?? 200;
  const maxBuffered = opts.maxBufferedBytes ?? 8 * 1024 * 1024;
  const maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const maxQueued = opts.maxQueuedPerConnection ?? DEFAULT_MAX_QUEUED_PER_CONNECTION;
  const maxReplyBytes = opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  const share = new FairShare<WebSocket>(opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, maxQueued);
  const sockets = new Map<WebSocket, SlowReaderGate>();

  const reply = (socket: WebSocket, id: number, r: Reply<unknown>, method = 'frame') => {
    if (socket.readyState === socket.OPEN) socket.send(replyText(id, r, method, maxReplyBytes));
  };

  // A console-wide event reaches every connection's sink in turn with the same payload: serialize it once.
  let last: { event: EventName; payload: unknown; text: string } | null = null;
  const eventText = (event: EventName, payload: unknown) => {
    if (last?.event !== event || last.payload !== payload)
      last = { event, payload, text: JSON.stringify({ kind: 'event', event, payload } satisfies ServerFrame) };
    return last.text;
  };

  const settler = setInterval(() => {
    for (const [socket, gate] of sockets) if (socket.readyState === socket.OPEN) gate.settle();
  }, SETTLE_EVERY_MS);
  settler.unref?.();

  return {
    accept(socket) {
      if (sockets.size >= maxConnections) {
        socket.close(CLOSE_TOO_MANY_CONNECTIONS, `too many connections: at most ${maxConnections} at once; close another one`);
        return;
      }
      const gate = new SlowReaderGate(socket, maxBuffered);
      sockets.set(socket, gate);
      const bucket = new TokenBucket(perSecond, perSecond * 2);
      // This page's connection to the console: console-wide events and the feeds it started.
      const offer = (event: EventName, payload: Events[EventName], text: string) => {
        if (gate.offer(event, payload, text) === 'overflow')
          socket.close(CLOSE_READER_TOO_SLOW, `reader too slow: over ${maxBuffered * 4} bytes unsent`);
      };
      const connection = service.connect((event, payload) => {
        if (socket.readyState !== socket.OPEN) return;
        let text: string;
        try {
          text = eventText(event, payload);
        } catch (error) {
          reportUnsendable(event, error);
          const counted = countOnly(event, payload);
          if (counted) offer(event, counted, eventText(event, counted));
          return;
        }
        offer(event, payload, text);
      });
      const gone = () => {
        sockets.delete(socket);
        share.drop(socket);
        connection.close();
      };
      socket.on('close', gone);
      socket.on('error', gone);
      socket.on('message', (data: RawData, isBinary: boolean) => {
        const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
        const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
        if (size > maxBytes) {
          // Do not parse what is too large; pick the id out of the frame's head if it is there.
          const id = Number(/"id"\s*:\s*(\d+)/.exec(text.slice(0, 200))?.[1] ?? -1);
          return reply(socket, id, fail('too_large', `message of ${size} bytes is over the limit of ${maxBytes} bytes`));
        }
        if (isBinary) return reply(socket, -1, fail('invalid_args', 'frame: binary frames are not accepted'));
        const parsed = parseFrame(text);
        if (!('frame' in parsed)) return reply(socket, parsed.id, fail('invalid_args', parsed.message));
        const { id, method, args } = parsed.frame;
        if (!bucket.take()) return reply(socket, id, fail('rate_limited', `more than ${perSecond} requests per second on this connection`));
        const name = method.slice(0, 200);
        const queued = share.submit(socket, () =>
          Promise.resolve()
            .then(() => connection.dispatch(method, args))
            // dispatch answers every failure itself; this is the net under it, so a call is never left unanswered.
            .catch((error: unknown) =>
              fail(
                'internal',
                `${name}: the call failed before it could be answered (${error instanceof Error ? error.message : String(error)})`,
              ),
            )
            .then((r) => reply(socket, id, r, name)),
        );
        if (!queued) reply(socket, id, fail('rate_limited', `more than ${maxQueued} requests waiting on this connection`));
      });
    },
    connections: () => sockets.size,
    close() {
      clearInterval(settler);
      for (const socket of sockets.keys()) socket.close(1001, 'server closing');
      sockets.clear();
    },
  };
}
