// UCloud's `stream<T>(name, key)` and `EventConsumer.Immediate/Batched` in TypeScript.
import type {
  BatchedHandler,
  BatchedSettings,
  BroadcastStream,
  EventConsumerSpec,
  EventStream,
  ImmediateHandler,
  ImmediateSettings,
} from './types';
import { isTextKeyName } from './key-name';

function checkName(kind: string, name: string): void {
  if (typeof name !== 'string' || name.length === 0)
    throw new TypeError(`${kind} name must be a non-empty string, got ${JSON.stringify(name)}`);
  // The engine builds its keys from names as text; a lone surrogate would reach Redis as U+FFFD.
  if (!isTextKeyName(name))
    throw new TypeError(
      `${kind} name must be valid Unicode text (it has a lone surrogate); key names that are not UTF-8 are not supported by the engine`,
    );
}

export function eventStream<T>(name: string, options: { key?: (event: T) => string } = {}): EventStream<T> {
  checkName('event stream', name);
  return Object.freeze({ name, key: options.key });
}

export function broadcastStream<T>(name: string): BroadcastStream<T> {
  checkName('broadcast stream', name);
  return Object.freeze({ name });
}

function positiveInt(what: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${what} must be a positive integer, got ${v}`);
  return v;
}

export const EventConsumer = {
  immediate<T>(handler: ImmediateHandler<T>, settings: ImmediateSettings = {}): EventConsumerSpec<T> {
    positiveInt('concurrency', settings.concurrency, 1);
    return { kind: 'immediate', settings, handler };
  },
  batched<T>(settings: BatchedSettings, handler: BatchedHandler<T>): EventConsumerSpec<T> {
    return {
      kind: 'batched',
      settings: {
        maxLatency: positiveInt('maxLatency', settings.maxLatency, 500),
        maxBatchSize: positiveInt('maxBatchSize', settings.maxBatchSize, 1000),
      },
      handler,
    };
  },
};
