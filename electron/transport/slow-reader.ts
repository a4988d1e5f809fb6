// Pushed events for one WebSocket whose reader may fall behind (a busy or throttled page). While
// its unsent data stays under a bound everything goes out. Past it, the two high-volume feeds —
// tail entries and broadcast messages — are skipped and counted, and the count rides on that
// feed's next frame as `dropped` (or goes out on its own once the socket drains), so a page always
// learns what it missed instead of showing a silent hole. Every other event is state and rare:
// always sent. A backlog past the hard bound means a reader that does not read: close it rather
// than hold the server's memory (the page's bridge reconnects and re-subscribes).
import type { EventName, Events } from '../../shared/api';

export interface PushTarget {
  readonly bufferedAmount: number;
  send(text: string): void;
}

export type Offer = 'sent' | 'skipped' | 'overflow';

const frame = <E extends EventName>(event: E, payload: Events[E]) => JSON.stringify({ kind: 'event', event, payload });

export class SlowReaderGate {
  /** Entries skipped per live tail, with the stream the tail follows (needed to send a notice). */
  private readonly skippedEntries = new Map<string, { stream: string; count: number }>();
  private skippedMessages = 0;

  constructor(
    private readonly target: PushTarget,
    private readonly maxBufferedBytes: number,
    private readonly hardBufferedBytes = maxBufferedBytes * 4,
  ) {}

  /** `text` is the event already serialized once for every socket; re-serialized only to add a count. */
  offer<E extends EventName>(event: E, payload: Events[E], text: string): Offer {
    const buffered = this.target.bufferedAmount;
    if (buffered > this.hardBufferedBytes) return 'overflow';
    const behind = buffered > this.maxBufferedBytes;
    if (event === 'entries.appended') {
      const p = payload as Events['entries.appended'];
      const skipped = this.skippedEntries.get(p.tailId);
      if (behind) {
        this.skippedEntries.set(p.tailId, { stream: p.stream, count: (skipped?.count ?? 0) + p.entries.length + p.dropped });
        return 'skipped';
      }
      if (!skipped) return this.send(text);
      this.skippedEntries.delete(p.tailId);
      return this.send(frame('entries.appended', { ...p, dropped: p.dropped + skipped.count }));
    }
    if (event === 'broadcast.messages') {
      const p = payload as Events['broadcast.messages'];
      if (behind) {
        this.skippedMessages += p.messages.length + p.dropped;
        return 'skipped';
      }
      if (this.skippedMessages === 0) return this.send(text);
      const dropped = p.dropped + this.skippedMessages;
      this.skippedMessages = 0;
      return this.send(frame('broadcast.messages', { ...p, dropped }));
    }
    return this.send(text);
  }

  /** Counts still owed to the page (their feed has been quiet since). */
  owes(): boolean {
    return this.skippedMessages > 0 || this.skippedEntries.size > 0;
  }

  /** Once drained, send what is owed as empty batches that carry only the count. */
  settle(): void {
    if (!this.owes() || this.target.bufferedAmount > this.maxBufferedBytes) return;
    for (const [tailId, { stream, count }] of this.skippedEntries) {
      this.target.send(frame('entries.appended', { tailId, stream, entries: [], dropped: count }));
    }
    this.skippedEntries.clear();
    if (this.skippedMessages > 0) {
      this.target.send(frame('broadcast.messages', { messages: [], dropped: this.skippedMessages }));
      this.skippedMessages = 0;
    }
  }

  private send(text: string): Offer {
    this.target.send(text);
    return 'sent';
  }
}

/**
 * A feed batch that cannot be sent (its JSON or structured clone fails, e.g. a value nested too
 * deep) as the count it carries: an empty batch whose `dropped` includes its items, so the page
 * learns what it missed. Null for other events (state, sent again on its next change).
 */
export function countOnly(event: EventName, payload: Events[EventName]): Events[EventName] | null {
  if (event === 'entries.appended') {
    const p = payload as Events['entries.appended'];
    return { tailId: p.tailId, stream: p.stream, entries: [], dropped: p.dropped + p.entries.length } satisfies Events['entries.appended'];
  }
  if (event === 'broadcast.messages') {
    const p = payload as Events['broadcast.messages'];
    return { messages: [], dropped: p.dropped + p.messages.length } satisfies Events['broadcast.messages'];
  }
  return null;
}

let lastReport = 0;
/** stderr, at most once a second: an event a page could not be sent (a busy feed must not flood the log). */
export function reportUnsendable(event: EventName, error: unknown): void {
  const now = Date.now();
  if (now - lastReport < 1000) return;
  lastReport = now;
  console.error(`${event} could not be sent to a page: ${error instanceof Error ? error.message : String(error)}`);
}
