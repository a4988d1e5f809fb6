// Placeholder until electron/engine lands; replaced by the real engine driver.
import type { ConsumerConfig, ConsumerDriver, Deliver, ProducerConfig, ProducerDriver } from './types';

const missing = () => new Error('the engine (electron/engine/index.ts) is not available yet');
export async function engineConsumer(_c: Extract<ConsumerConfig, { kind: 'engine-batched' | 'engine-immediate' }>, _d: Deliver): Promise<ConsumerDriver> {
  throw missing();
}
export async function engineSubscriber(_c: Extract<ConsumerConfig, { kind: 'engine-broadcast' }>, _d: Deliver): Promise<ConsumerDriver> {
  throw missing();
}
export async function engineProducer(_c: Extract<ProducerConfig, { kind: 'engine' }>): Promise<ProducerDriver> {
  throw missing();
}
export async function enginePublisher(_c: Extract<ProducerConfig, { kind: 'engine-broadcast' }>): Promise<ProducerDriver> {
  throw missing();
}
