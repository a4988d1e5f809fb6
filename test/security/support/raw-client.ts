// A WebSocket client that speaks the transport's frames by hand, so tests can send anything
// (malformed frames, unknown methods, oversized payloads) and match replies by id.
import { WebSocket, type RawData } from 'ws';
import type { ServerFrame } from '../../../shared/bridge';
import type { Reply } from '../../../shared/reply';

export class RawClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: Reply<unknown>) => void>();
  /** Replies with id -1 (frames the server could not attribute), in arrival order. */
  readonly orphanReplies: Array<Reply<unknown>> = [];
  readonly events: Array<{ event: string; payload: unknown }> = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: RawData) => {
      const frame = JSON.parse((data as Buffer).toString('utf8')) as ServerFrame;
      if (frame.kind === 'event') this.events.push({ event: frame.event, payload: frame.payload });
      else if (frame.id === -1 || !this.waiting.has(frame.id)) this.orphanReplies.push(frame.reply);
      else {
        const resolve = this.waiting.get(frame.id) as (r: Reply<unknown>) => void;
        this.waiting.delete(frame.id);
        resolve(frame.reply);
      }
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      for (const resolve of this.waiting.values())
        resolve({ ok: false, error: { code: 'not_connected', message: `socket closed (${code})` } });
      this.waiting.clear();
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  call(method: unknown, args: unknown): Promise<Reply<unknown>> {
    const id = this.nextId++;
    return this.send(id, JSON.stringify({ kind: 'invoke', id, method, args }));
  }

  /** Sends a raw text frame; `id` is what the reply will carry (-1 when the server cannot tell). */
  send(id: number, text: string | Buffer): Promise<Reply<unknown>> {
    return new Promise((resolve) => {
      if (id >= 0) this.waiting.set(id, resolve);
      this.socket.send(text);
      if (id < 0) {
        const seen = this.orphanReplies.length;
        const poll = () =>
          this.orphanReplies.length > seen
            ? resolve(this.orphanReplies[seen])
            : this.closed
              ? resolve({ ok: false, error: { code: 'not_connected', message: 'closed' } })
              : setTimeout(poll, 2);
        poll();
      }
    });
  }

  close(): void {
    this.socket.close();
  }
}
