// The producer process: floods (batches awaited one after another) or paces (one event per send,
// at a fixed rate, sends overlapping) and stamps each event with its send time.
import { monoMs, sleep } from '../harness/clock';
import { benchEvent, type BenchEvent } from '../harness/payload';
import type { ParentMessage, ProducerReport, WorkerMessage } from '../harness/protocol';
import { openProducer } from '../drivers';
import type { ProducerDriver, ProducerJob } from '../drivers/types';

const job = JSON.parse(process.argv[2] ?? '{}') as ProducerJob;
const post = (message: WorkerMessage) => process.send?.(message);

async function flood(driver: ProducerDriver, batch: number): Promise<void> {
  for (let seq = 0; seq < job.events; seq += batch) {
    const events: BenchEvent[] = [];
    const t = monoMs();
    for (let i = seq; i < Math.min(job.events, seq + batch); i++) events.push(benchEvent(i, t));
    await driver.send(events);
  }
}

async function paced(driver: ProducerDriver, perSecond: number): Promise<void> {
  const start = monoMs();
  const inflight = new Set<Promise<void>>();
  let failure: Error | null = null;
  let seq = 0;
  while (seq < job.events && failure === null) {
    const due = Math.min(job.events, Math.floor(((monoMs() - start) * perSecond) / 1000) + 1);
    for (; seq < due; seq++) {
      const sending = driver.send([benchEvent(seq, monoMs())]).catch((error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
      });
      inflight.add(sending);
      void sending.then(() => inflight.delete(sending));
    }
    await sleep(1);
  }
  await Promise.all(inflight);
  if (failure !== null) throw failure as Error;
}

async function main(): Promise<void> {
  const driver = await openProducer(job.producer);
  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'start') return;
    const startedAt = monoMs();
    const run = job.mode.kind === 'flood' ? flood(driver, job.mode.batch) : paced(driver, job.mode.perSecond);
    run
      .then(async () => {
        const report: ProducerReport = { sent: job.events, startedAt, endedAt: monoMs() };
        await driver.close();
        // Disconnect only once the report is flushed: a large message is otherwise cut off.
        process.send?.({ type: 'done', report } satisfies WorkerMessage, () => process.disconnect?.());
      })
      .catch(fail);
  });
  post({ type: 'ready' });
}

function fail(error: unknown): void {
  post({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  setTimeout(() => process.exit(1), 100);
}

main().catch(fail);
