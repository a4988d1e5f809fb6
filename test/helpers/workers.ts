// Consumer child processes for the multi-process tests (single server and cluster): each runs
// test/engine/fixtures/worker.ts as one instance of a service and reports on stdout "ready",
// "got <id>" (synchronously inside the handler, before the ack) and "claimed <n>".
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../engine/fixtures/worker.ts', import.meta.url));

export interface WorkerOptions {
  redisUrl: string;
  stream: string;
  service: string;
  instance: string;
  /** Idle time after which the others claim this instance's pending entries. */
  claimIdleMs: number;
  /** Time spent per event, so entries are in flight when a process dies. */
  workMs?: number;
}

export interface Worker {
  service: string;
  instance: string;
  proc: ChildProcess;
  /** Every entry id its handler ran for. */
  ids: Set<string>;
  /** Entries it claimed from other instances. */
  claimed: number;
  ready: boolean;
}

export function startWorker(o: WorkerOptions): Worker {
  const proc = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: {
      ...process.env,
      REDIS_URL: o.redisUrl,
      STREAM: o.stream,
      SERVICE: o.service,
      INSTANCE: o.instance,
      CLAIM_IDLE_MS: String(o.claimIdleMs),
      WORK_MS: String(o.workMs ?? 1),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const w: Worker = { service: o.service, instance: o.instance, proc, ids: new Set(), claimed: 0, ready: false };
  let rest = '';
  proc.stdout?.setEncoding('utf8');
  proc.stdout?.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') w.ready = true;
      else if (line.startsWith('got ')) for (const id of line.slice(4).split(',')) w.ids.add(id);
      else if (line.startsWith('claimed ')) w.claimed += Number(line.slice(8));
    }
  });
  return w;
}

/** One worker per (service, instance): `<service>-pod-<i>` for i = 1..instances. */
export function startServices(base: Omit<WorkerOptions, 'service' | 'instance'>, services: string[], instances: number): Worker[] {
  return services.flatMap((service) =>
    Array.from({ length: instances }, (_, i) => startWorker({ ...base, service, instance: `${service}-pod-${i + 1}` })),
  );
}

/** The ids handled by any instance of `service`. */
export function receivedBy(workers: Worker[], service: string): Set<string> {
  const all = new Set<string>();
  for (const w of workers) if (w.service === service) for (const id of w.ids) all.add(id);
  return all;
}

const alive = (w: Worker) => w.proc.exitCode === null && w.proc.signalCode === null;

/** SIGTERM (the worker closes its service and exits) and wait for the exit. */
export async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(
    workers.filter(alive).map(
      (w) =>
        new Promise<void>((resolve) => {
          w.proc.once('exit', () => resolve());
          w.proc.kill('SIGTERM');
        }),
    ),
  );
}

/** SIGKILL whatever is still running (afterAll: a failed test must not leave processes behind). */
export function killWorkers(workers: Worker[]): void {
  for (const w of workers) if (alive(w)) w.proc.kill('SIGKILL');
}
