// Parent side of a worker process: fork a bench/workers/*.ts entry under tsx, then await its
// messages by type. A worker that exits or reports an error rejects every pending wait.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ParentMessage, WorkerMessage, WorkerMessageType } from './protocol';

type MessageOf<T extends WorkerMessageType> = Extract<WorkerMessage, { type: T }>;

interface Waiter {
  type: WorkerMessageType;
  resolve: (message: WorkerMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly inbox: WorkerMessage[] = [];
  private readonly waiters: Waiter[] = [];
  private failure: Error | null = null;
  /** Latest delivery count the worker reported (consumers send it every 100 ms). */
  progress = 0;

  constructor(
    readonly name: string,
    entry: 'consumer' | 'producer',
    config: unknown,
  ) {
    const script = fileURLToPath(new URL(`../workers/${entry}.ts`, import.meta.url));
    this.child = fork(script, [JSON.stringify(config)], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (raw) => this.receive(raw as WorkerMessage));
    this.child.on('exit', (code, signal) => {
      if (!this.failure) this.fail(new Error(`worker ${name} exited (code ${code}, signal ${signal})`));
    });
  }

  send(message: ParentMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  waitFor<T extends WorkerMessageType>(type: T, timeoutMs: number): Promise<MessageOf<T>> {
    const index = this.inbox.findIndex((m) => m.type === type);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as MessageOf<T>);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<MessageOf<T>>((resolve, reject) => {
      const waiter: Waiter = {
        type,
        resolve: (m) => resolve(m as MessageOf<T>),
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`worker ${this.name}: no '${type}' within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  get failed(): Error | null {
    return this.failure;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private receive(message: WorkerMessage): void {
    if (message.type === 'progress') {
      this.progress = message.received;
      return;
    }
    if (message.type === 'error') {
      this.fail(new Error(`worker ${this.name}: ${message.message}`));
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
    this.failure = error;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
