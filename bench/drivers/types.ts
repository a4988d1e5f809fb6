// What a worker process runs: one consumer or producer implementation per system under test,
// selected by a plain-data config so it can cross a process boundary.
import type { BenchEvent } from '../harness/payload';

export type BareReplyHandling = 'bytes' | 'text' | 'text-kept';

export type ConsumerConfig = { redis: string; instance: string } & (
  | {
      kind: 'bare-stream';
      stream: string;
      group: string;
      count: number;
      blockMs: number;
      /**
       * How the loop reads a reply (electron/engine/reply.ts says why each matters):
       * - `bytes`: XREADGROUP's *Buffer variant, entries decoded to text in place and the reply
       *   emptied, as the engine's read loop does (the baseline: the same technique);
       * - `text`: ioredis's text command, the reply emptied once its entries are taken;
       * - `text-kept`: ioredis's text command, the reply kept (the loop as commonly written).
       */
      reply: BareReplyHandling;
    }
  | { kind: 'bare-subscribe'; channel: string }
  | { kind: 'engine-batched'; stream: string; service: string; maxBatchSize: number; maxLatencyMs: number }
  | { kind: 'engine-immediate'; stream: string; service: string; concurrency: number }
  | { kind: 'engine-broadcast'; channel: string }
  | { kind: 'bullmq'; queue: string; concurrency: number }
  | { kind: 'moleculer'; stream: string; group: string; maxInFlight: number }
);

export type ProducerConfig = { redis: string } &
  /** XADD per event (a batch: one pipeline); `field` is the entry's one field, `msg` (UCloud) unless given. */
  (
    | { kind: 'bare-stream'; stream: string; field?: string }
    /** A batch as one EVALSHA of a script running the same XADDs: the engine's technique, bare. */
    | { kind: 'bare-lua'; stream: string }
    | { kind: 'bare-publish'; channel: string }
    | { kind: 'engine'; stream: string; service: string }
    | { kind: 'engine-broadcast'; channel: string }
    /** One queue: Queue.addBulk; several (fan-out): FlowProducer.addBulk, every event once per queue. */
    | { kind: 'bullmq'; queues: string[] }
  );

/** Hands every received event to the worker, which stamps its arrival. */
export type Deliver = (event: BenchEvent) => void;

export interface ConsumerDriver {
  /** Begin reading (the connection and group already exist once the driver is returned). */
  start(): Promise<void>;
  /** Stop reading, finish in-flight work, close connections. */
  stop(): Promise<void>;
}

export interface ProducerDriver {
  /** Send events in this system's natural batch form (one call for one event, else its bulk API). */
  send(events: BenchEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** The stream entries' wire format, as UCloud writes it: one field `msg` holding JSON. */
export const MSG_FIELD = 'msg';
/** @moleculer/channels' Redis adapter writes (and reads) the serialized message in field `payload`. */
export const MOLECULER_FIELD = 'payload';
/** Produce caps the stream like UCloud does; the bare baseline pays the same cost. */
export const MAXLEN = '1000000';

/** What a consumer worker process is told: its driver, and how many events to size buffers for. */
export interface ConsumerJob {
  consumer: ConsumerConfig;
  expected: number;
  /**
   * Before it reports ready, the process drains this many events of a stream of its own with the
   * same kind of consumer, so the measured part runs with its code already optimized (as in a
   * long-running service); 0 or absent: it starts cold.
   */
  warmUp?: number;
}

/** Flood: batches awaited one after another. Paced: one event per send at a fixed rate, overlapping. */
export type ProduceMode = { kind: 'flood'; batch: number } | { kind: 'paced'; perSecond: number };

export interface ProducerJob {
  producer: ProducerConfig;
  events: number;
  mode: ProduceMode;
}
