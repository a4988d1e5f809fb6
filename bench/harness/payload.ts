// The event every scenario moves: ~200 bytes of JSON carrying a sequence number (to count unique
// deliveries) and the monotonic send time (to measure end-to-end latency in the consumer).
export interface BenchEvent {
  seq: number;
  t: number;
  pad: string;
}

export const PAD = 'x'.repeat(150);

export function benchEvent(seq: number, t: number): BenchEvent {
  return { seq, t, pad: PAD };
}

/** Bytes of one serialised event as it sits in Redis (the `msg` field / the pub/sub payload). */
export const EVENT_BYTES = Buffer.byteLength(JSON.stringify(benchEvent(123_456, 1_234_567.123456)));

export function isBenchEvent(value: unknown): value is BenchEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.seq === 'number' && typeof v.t === 'number';
}
