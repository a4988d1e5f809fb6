// What the read loop hands to a dispatcher, and the shared handling every dispatcher needs:
// decoding, sentinel/poison screening, acks (coalesced), dead-lettering, redelivery bookkeeping.
import type { DeliveryMeta } from './types';

/** One entry on its way through a dispatcher. A class so every delivery has the same shape. */
export class Delivery {
  /** The decoded event, set by DispatchHost.screen. */
  value: unknown = undefined;
  /** Set when the entry is handed to an Immediate handler (a batch keeps its own). */
  deliveredAt = 0;

  constructor(
    readonly id: string,
    /** Flat [field, value, …]; null when the entry was deleted while pending. */
    readonly fields: string[] | null,
    public deliveryCount: number,
    /** When the read loop got it (the batched latency clock starts here). */
    readonly receivedAt: number,
    /**
     * When this instance's ownership was last confirmed by Redis (taken before the command was
     * sent, so Redis's idle time for the entry is at most now − ownedAt); LOST (-1) once it is not.
     */
    public ownedAt: number,
  ) {}
}

// receivedAt and ownedAt are shared by every entry of one read. V8 stores a field that has only
// ever held numbers as a private boxed double per object (16 bytes each); once the field has held
// something else it stores a pointer, and the read's one Date.now() value can be shared. This
// delivery, made once and dropped, widens the time fields that way (bench/profile/drain-one.ts
// measures the bytes per event).
{
  const notANumber = null as unknown as number;
  const widened = new Delivery('', null, 0, notANumber, notANumber);
  widened.deliveredAt = notANumber;
}

/** Services a dispatcher gets from its subscription. */
export interface DispatchHost {
  readonly maxDeliveries: number;
  /** True while handlers may start (running). */
  canStart(): boolean;
  /** False once stopping/crashed: retries stop, entries stay pending. */
  canRetry(): boolean;
  /** True when no peer can have claimed the entry yet: it may start without asking Redis (`now`: one clock read for a batch). */
  fresh(d: Delivery, now?: number): boolean;
  /** Asks Redis whether these are still this instance's (see EntryHold.confirm); returns those that are. */
  confirm(ds: readonly Delivery[]): Promise<Delivery[]>;
  /** Screens an entry: true with its decoded event in `d.value`, false when it was acked/dead-lettered here. */
  screen(d: Delivery): boolean;
  /**
   * The handler is about to get these: one clock read for all of them (returned: the batch keeps
   * it, not each delivery), and each one's meta written to `metas` (null: the handler takes none).
   */
  markDelivered(ds: readonly Delivery[], metas: DeliveryMeta[] | null): number;
  /** The handler is about to get this one (its deliveredAt is set); returns its meta if `withMeta`. */
  markDeliveredOne(d: Delivery, withMeta: boolean): DeliveryMeta | undefined;
  /** The handler succeeded for these, all delivered at `deliveredAt`. */
  ack(ds: readonly Delivery[], deliveredAt: number, handlerMs: number): void;
  ackOne(d: Delivery, handlerMs: number): void;
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
  /** Takes an entry the dispatcher does not hold (callers check holds() for claimed/re-read ids). */
  push(d: Delivery): void;
  /** Resume handing out work (after pause). */
  pump(): void;
  /** Graceful end: wait for running handlers; batched also flushes its buffer. */
  drain(): Promise<void>;
  /** Every handler slot is taken (Immediate: `concurrency` running; Batched: a batch running). */
  busy(): boolean;
  /** Entries received but not yet handed to the handler (their hold is refreshed; released on stop). */
  waiting(): readonly Delivery[];
  /** Entries whose handler is running (or waiting for a retry). */
  started(): readonly Delivery[];
  /** Forget these waiting entries: this instance does not own them any more. */
  drop(ids: ReadonlySet<string>): void;
  /** Forget everything at once (crash, or a stop that timed out): nothing more is acked. */
  abandon(): void;
  /**
   * Whether the id is buffered or running here, so a claim pass or history re-read does not hand
   * it out twice. A scan of at most prefetch + concurrency entries: only those rarer paths ask, so
   * the per-event path keeps no index.
   */
  holds(id: string): boolean;
}

/**
 * Whether a handler can see the metas it is handed: it declares a second parameter, or takes its
 * arguments another way (rest parameters, a wrapper: length 0). One that declares only the event(s)
 * is handed none: no meta object per event (a drain allocates ~100 B/event less, ~7 %, in
 * bench/profile/drain-one.ts). docs/engine-api.md says so.
 */
export function takesMeta(handler: (...args: never[]) => unknown): boolean {
  return handler.length !== 1;
}

export function containsId(ds: readonly Delivery[], id: string): boolean {
  for (let i = 0; i < ds.length; i++) if (ds[i].id === id) return true;
  return false;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return typeof e === 'string' ? e : (JSON.stringify(e) ?? String(e));
}
