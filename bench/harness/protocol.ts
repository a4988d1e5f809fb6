// Messages between the bench parent and its worker processes (fork IPC, advanced serialization so
// typed arrays of latency samples cross without JSON).
import type { HeapUse } from './heap';

export type ParentMessage = { type: 'start' } | { type: 'stop' };

export interface ConsumerReport {
  received: number;
  firstAt: number;
  lastAt: number;
  /** End-to-end latency of every delivery, ms (monotonic clock, producer stamp to handler). */
  latencies: Float64Array;
  seqs: Uint32Array;
  /** Heap and GC from the start signal to the stop signal. */
  heap: HeapUse;
  /** CPU of the whole process (all threads, user + kernel) from the start signal to the stop signal, µs. */
  cpuUs: number;
}

export interface ProducerReport {
  sent: number;
  startedAt: number;
  endedAt: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'started' }
  | { type: 'progress'; received: number }
  | { type: 'done'; report: ConsumerReport | ProducerReport }
  | { type: 'error'; message: string };

export type WorkerMessageType = WorkerMessage['type'];
