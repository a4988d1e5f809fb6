// A forked bench process (consumer/producer workers, built; the UI scenarios' web-mode server and
// traffic generator, under tsx): typed IPC messages awaited by type, failure when it exits early or
// reports an error, and a stop that always ends it (SIGKILL if it has not exited in time).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Profiling knob, not used by `npm run bench`: extra node flags for every forked bench process,
 * e.g. BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/workers" to profile the workers as
 * they run under contention (space-separated; a profile is written when a process exits by itself).
 */
const EXTRA_NODE_ARGS = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Profiling knob: BENCH_CHILD_STDOUT=inherit shows the workers' stdout (e.g. `--trace-gc-nvp` above). */
const CHILD_STDOUT = process.env.BENCH_CHILD_STDOUT === 'inherit' ? 'inherit' : 'ignore';

interface Waiter<Out> {
  type: string;
  resolve: (message: Out) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface ChildOptions<Out> {
  execArgv?: string[];
  /** The child's stdout: workers print their own lines, helpers stay quiet (default 'ignore'). */
  stdout?: 'inherit' | 'ignore';
  serialization?: 'json' | 'advanced';
  /** Sees every message first; true means handled (e.g. a progress counter), not queued. */
  intercept?: (message: Out) => boolean;
}

export class Child<In extends { type: string }, Out extends { type: string }> {
  private readonly process: ChildProcess;
  private readonly inbox: Out[] = [];
  private readonly waiters: Waiter<Out>[] = [];
  private failure: Error | null = null;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    script: URL,
    args: string[],
    private readonly options: ChildOptions<Out> = {},
  ) {
    this.process = fork(fileURLToPath(script), args, {
      // Built JavaScript (.mjs) runs as it is; TypeScript through tsx.
      execArgv: [...(script.pathname.endsWith('.ts') ? ['--import', 'tsx'] : []), ...EXTRA_NODE_ARGS, ...(options.execArgv ?? [])],
      serialization: options.serialization ?? 'json',
      stdio: ['ignore', options.stdout ?? CHILD_STDOUT, 'inherit', 'ipc'],
    });
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
    this.process.on('message', (raw) => this.receive(raw as Out));
    this.process.once('exit', (code, signal) => this.fail(new Error(`${name} exited (code ${code}, signal ${signal})`)));
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get failed(): Error | null {
    return this.failure;
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }

  send(message: In): void {
    if (this.process.connected) this.process.send(message);
  }

  next<T extends Out['type']>(type: T, timeoutMs: number): Promise<Extract<Out, { type: T }>> {
    const index = this.inbox.findIndex((m) => m.type === type);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as Extract<Out, { type: T }>);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<Out> = {
        type,
        resolve: (m) => resolve(m as Extract<Out, { type: T }>),
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`${this.name}: no '${type}' within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Asks it to finish with `goodbye` (if given), then waits up to `graceMs` before SIGKILL. */
  async stop(goodbye?: In, graceMs = 5_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    if (goodbye) this.send(goodbye);
    else this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private receive(message: Out): void {
    if (this.options.intercept?.(message)) return;
    if (message.type === 'error') {
      this.fail(new Error(`${this.name}: ${(message as unknown as { message: string }).message}`));
      return;
    }
    const index = this.waiters.findIndex((w) => w.type === message.type);
    if (index < 0) {
      this.inbox.push(message);
      return;
    }
    const [waiter] = this.waiters.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.resolve(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(this.failure);
    }
  }
}
