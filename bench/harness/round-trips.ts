// Counts the Redis commands and round trips one process's ioredis clients send, by wrapping
// Redis.prototype.sendCommand. A pipeline hands all its commands the same `stream` argument, so
// each distinct one is one write; a command without it is its own round trip. Server-side
// INFO commandstats can't separate the console's commands from everyone else's on a shared Redis.
import { Redis } from 'ioredis';

type SendCommand = (this: Redis, command: { name: string }, stream?: object, node?: unknown) => unknown;
const proto = Redis.prototype as unknown as { sendCommand: SendCommand };
const original = proto.sendCommand;

export interface CommandCount {
  commands: number;
  roundTrips: number;
  byCommand: Record<string, number>;
}

export class CommandCounter {
  private count: CommandCount = { commands: 0, roundTrips: 0, byCommand: {} };
  private readonly ignored = new WeakSet<Redis>();
  private readonly pipelines = new WeakSet<object>();

  /** Leave this client's commands out (the bench's own producer, fixtures). */
  ignore(client: Redis): void {
    this.ignored.add(client);
  }

  start(): void {
    const count = (client: Redis, name: string, stream: object | undefined) => {
      if (!this.ignored.has(client)) this.record(name, stream);
    };
    proto.sendCommand = function (this: Redis, command, stream, node) {
      count(this, command.name, stream);
      return original.call(this, command, stream, node);
    };
  }

  /** Counts since the last take(), and resets them. */
  take(): CommandCount {
    const taken = this.count;
    this.count = { commands: 0, roundTrips: 0, byCommand: {} };
    return taken;
  }

  stop(): void {
    proto.sendCommand = original;
  }

  private record(name: string, stream: object | undefined): void {
    this.count.commands++;
    this.count.byCommand[name] = (this.count.byCommand[name] ?? 0) + 1;
    if (stream === undefined) this.count.roundTrips++;
    else if (!this.pipelines.has(stream)) {
      this.pipelines.add(stream);
      this.count.roundTrips++;
    }
  }
}
