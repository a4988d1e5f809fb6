import { describe, expect, expectTypeOf, it } from 'vitest';
import { EventConsumer, eventStream, type DeliveryMeta, type EventStreamService } from '../../electron/engine';

interface JobEvent {
  jobName: string;
  state: 'QUEUED' | 'RUNNING';
}

describe('public API typing', () => {
  it('infers the event type of handlers from the stream (seed style, no explicit type arguments)', () => {
    const JobEvents = { events: eventStream<JobEvent>('typing-only', { key: (e) => e.jobName }) };
    // Compile-time only: never subscribed (no Redis needed).
    const use = (svc: EventStreamService) => {
      void svc.subscribe(
        JobEvents.events,
        EventConsumer.immediate(async (ev, meta) => {
          expectTypeOf(ev).toEqualTypeOf<JobEvent>();
          expectTypeOf(meta).toEqualTypeOf<DeliveryMeta>();
        }),
      );
      void svc.subscribe(
        JobEvents.events,
        EventConsumer.batched({ maxLatency: 500, maxBatchSize: 1000 }, async (batch) => {
          expectTypeOf(batch).toEqualTypeOf<JobEvent[]>();
        }),
      );
      const producer = svc.createProducer(JobEvents.events);
      expectTypeOf(producer.produce).toBeCallableWith({ jobName: 'a', state: 'QUEUED' });
      // @ts-expect-error: wrong event shape is rejected
      void producer.produce({ nope: 1 });
    };
    expect(typeof use).toBe('function');
    expect(JobEvents.events.key?.({ jobName: 'j', state: 'RUNNING' })).toBe('j');
  });
});
