// Starts the traffic process (bench/ui/traffic.ts) and waits until it is connected; send it
// { type: 'start' } to begin, and await its 'done' report.
import { Child } from '../harness/child';
import type { TrafficChildMessage, TrafficJob, TrafficParentMessage } from './traffic-protocol';

export type TrafficProcess = Child<TrafficParentMessage, TrafficChildMessage>;

export async function startTraffic(job: TrafficJob): Promise<TrafficProcess> {
  const child: TrafficProcess = new Child('traffic', new URL('./traffic.ts', import.meta.url), [JSON.stringify(job)]);
  try {
    await child.next('ready', 30_000);
    return child;
  } catch (error) {
    await child.stop();
    throw error;
  }
}
