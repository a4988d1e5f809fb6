// Produces events in UCloud's format: XADD <stream> MAXLEN ~ <cap> * msg <json>.
import type { Redis } from 'ioredis';
import type { TypedEmitter } from './emitter';
import type { EngineEvents, EventStream } from './types';
import { encodeUcloud, MESSAGE_FIELD } from './wire';

export class EventProducer<T> {
  constructor(
    readonly stream: EventStream<T>,
    /** The full Redis key (keyPrefix + name). */
    readonly key: string,
    private readonly redis: Redis,
    private readonly maxLen: number,
    private readonly events: TypedEmitter<EngineEvents>,
  ) {}

  /** Resolves to the entry id(s) once Redis has accepted them; rejects if Redis is unreachable. */
  produce(event: T): Promise<string>;
  produce(events: T[]): Promise<string[]>;
  async produce(input: T | T[]): Promise<string | string[]> {
    if (Array.isArray(input)) {
      if (input.length === 0) return [];
      const texts = input.map(encodeUcloud);
      const pipe = this.redis.pipeline();
      for (const text of texts) this.addTo(pipe, text);
      const results = (await pipe.exec()) ?? [];
      const ids: string[] = [];
      for (const [err, id] of results) {
        if (err) throw err;
        ids.push(id as string);
      }
      this.emitProduced(ids);
      return ids;
    }
    const text = encodeUcloud(input);
    const id = (this.maxLen > 0
      ? await this.redis.xadd(this.key, 'MAXLEN', '~', this.maxLen, '*', MESSAGE_FIELD, text)
      : await this.redis.xadd(this.key, '*', MESSAGE_FIELD, text)) as string;
    this.emitProduced([id]);
    return id;
  }

  private addTo(pipe: ReturnType<Redis['pipeline']>, text: string): void {
    if (this.maxLen > 0) pipe.xadd(this.key, 'MAXLEN', '~', this.maxLen, '*', MESSAGE_FIELD, text);
    else pipe.xadd(this.key, '*', MESSAGE_FIELD, text);
  }

  private emitProduced(ids: string[]): void {
    if (this.events.has('produced')) this.events.emit('produced', { at: Date.now(), stream: this.key, ids, count: ids.length });
  }
}
