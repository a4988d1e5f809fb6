// Parent side of a worker process: fork a bench/workers/*.ts entry (built, see worker-build.ts),
// then await its messages by type. A worker that exits or reports an error rejects every pending wait.
import { Child } from './child';
import { workerScript, type WorkerEntry } from './worker-build';
import type { ParentMessage, WorkerMessage, WorkerMessageType } from './protocol';

type MessageOf<T extends WorkerMessageType> = Extract<WorkerMessage, { type: T }>;

export class WorkerProcess {
  private readonly child: Child<ParentMessage, WorkerMessage>;
  /** Latest delivery count the worker reported (consumers send it every 100 ms). */
  progress = 0;

  constructor(
    readonly name: string,
    entry: WorkerEntry,
    config: unknown,
  ) {
    this.child = new Child(`worker ${name}`, workerScript(entry), [JSON.stringify(config)], {
      stdout: 'inherit',
      serialization: 'advanced',
      intercept: (message) => {
        if (message.type !== 'progress') return false;
        this.progress = message.received;
        return true;
      },
    });
  }

  send(message: ParentMessage): void {
    this.child.send(message);
  }

  waitFor<T extends WorkerMessageType>(type: T, timeoutMs: number): Promise<MessageOf<T>> {
    return this.child.next(type, timeoutMs);
  }

  get failed(): Error | null {
    return this.child.failed;
  }

  kill(): void {
    this.child.kill();
  }
}
