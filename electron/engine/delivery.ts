// What the read loop hands to a dispatcher, and the shared handling every dispatcher needs:
// decoding, sentinel/poison screening, acks (coalesced), dead-lettering, redelivery bookkeeping.
import type { DeliveryMeta } from './types';

export interface Delivery {
  id: string;
  /** Flat [field, value, …]; null when the entry was deleted while pending. */
  fields: string[] | null;
  deliveryCount: number;
  /** When the read loop got it (the batched latency clock starts here). */
  receivedAt: number;
  /** Set when the entry is handed to the handler. */
  deliveredAt: number;
  value?: unknown;
}

/** Services a dispatcher gets from its subscription. */
export interface DispatchHost {
  readonly maxDeliveries: number;
  /** True while handlers may start (running). */
  canStart(): boolean;
  /** False once stopping/crashed: retries stop, entries stay pending. */
  canRetry(): boolean;
  /** Screens an entry: returns its decoded value, or undefined when it was acked/dead-lettered here. */
  screen(d: Delivery): { value: unknown } | undefined;
  meta(d: Delivery): DeliveryMeta;
  markDelivered(d: Delivery): void;
  ack(d: Delivery, handlerMs: number): void;
  failed(d: Delivery, error: unknown): void;
  deadLetter(d: Delivery, reason: string): Promise<void>;
  /** Waits the backoff, then re-delivers (XCLAIM to self, delivery count +1); false if the entry is gone. */
  retry(ds: Delivery[], attempt: number): Promise<Delivery[]>;
  flushed(size: number, reason: 'size' | 'latency' | 'stop'): void;
  /** Called when buffered/in-flight work shrank (wakes the reader). */
  capacityFreed(): void;
}

export interface Dispatcher {
  /** Entries waiting or running here (for inFlight and reader back-pressure). */
  load(): number;
  /** How many more entries the reader should fetch now (0 = wait for capacityFreed). */
  wants(): number;
  push(d: Delivery): void;
  /** Resume handing out work (after pause). */
  pump(): void;
  /** Graceful end: wait for running handlers; batched also flushes its buffer. */
  drain(): Promise<void>;
  /** Ids received but not yet handed to the handler (released to peers on stop). */
  unstarted(): string[];
  /** Forget everything at once (crash). */
  abandon(): void;
  /** Ids held here, so a claim pass does not hand them out twice. */
  holds(id: string): boolean;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return typeof e === 'string' ? e : JSON.stringify(e) ?? String(e);
}
