// A consumer process: opens one driver, records arrival latency and sequence number of every
// event, reports progress every 100 ms, and hands its samples (and its heap and GC between the
// start and stop signals) to the parent when stopped.
import { monoMs } from '../harness/clock';
import { HeapMeter } from '../harness/heap';
import { warmUpConsumer } from '../harness/warm-up';
import type { ConsumerReport, ParentMessage, WorkerMessage } from '../harness/protocol';
import { SampleBuffer } from '../harness/samples';
import { openConsumer } from '../drivers';
import type { ConsumerJob } from '../drivers/types';

const { consumer: config, expected, warmUp } = JSON.parse(process.argv[2] ?? '{}') as ConsumerJob;
const post = (message: WorkerMessage) => process.send?.(message);

const latencies = new SampleBuffer((n) => new Float64Array(n), expected);
const seqs = new SampleBuffer((n) => new Uint32Array(n), expected);
let firstAt = 0;
let lastAt = 0;

async function main(): Promise<void> {
  if (warmUp) await warmUpConsumer(config, warmUp, openConsumer);
  const driver = await openConsumer(config, (event) => {
    const now = monoMs();
    if (latencies.length === 0) firstAt = now;
    lastAt = now;
    latencies.push(now - event.t);
    seqs.push(event.seq);
  });
  let reported = 0;
  const progress = setInterval(() => {
    if (latencies.length !== reported) post({ type: 'progress', received: (reported = latencies.length) });
  }, 100);

  const heapMeter = new HeapMeter();
  let cpuAtStart = process.cpuUsage();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'start') {
      heapMeter.start();
      cpuAtStart = process.cpuUsage();
      driver.start().then(() => post({ type: 'started' }), fail);
    } else if (message.type === 'stop') {
      clearInterval(progress);
      // Measured before the driver closes: shutting down is not per-event work.
      const heap = heapMeter.stop();
      const cpu = process.cpuUsage(cpuAtStart);
      driver.stop().then(() => {
        const report: ConsumerReport = {
          received: latencies.length,
          firstAt,
          lastAt,
          latencies: latencies.toArray(),
          seqs: seqs.toArray(),
          heap,
          cpuUs: cpu.user + cpu.system,
        };
        // Disconnect only once the report is flushed: a large message is otherwise cut off.
        process.send?.({ type: 'done', report } satisfies WorkerMessage, () => process.disconnect?.());
      }, fail);
    }
  });
  post({ type: 'ready' });
}

function fail(error: unknown): void {
  post({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  setTimeout(() => process.exit(1), 100);
}

main().catch(fail);
