// Produces events in UCloud's format: XADD <stream> MAXLEN ~ <cap> * msg <json>. A batch goes to
// Redis as one Lua call running those same XADDs (chunks of 1000), so a batch is stored all or
// nothing and costs one command instead of one per event; the entries are identical.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TypedEmitter } from './emitter';
import type { EngineEvents, EventStream } from './types';
import { encodeUcloud, MESSAGE_FIELD } from './wire';

const PRODUCE_MANY = `
local cap = ARGV[1]
local ids = {}
for i = 2, #ARGV do
  if cap == '0' then
    ids[i - 1] = redis.call('XADD', KEYS[1], '*', 'msg', ARGV[i])
  else
    ids[i - 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', cap, '*', 'msg', ARGV[i])
  end
end
return ids`;
const PRODUCE_MANY_SHA = createHash('sha1').update(PRODUCE_MANY).digest('hex');
/** Entries per Lua call: bounds how long one call keeps Redis busy. */
const CHUNK = 1000;

const isNoScript = (e: unknown): boolean => e instanceof Error && e.message.startsWith('NOSCRIPT');

export class EventProducer<T> {
  constructor(
    readonly stream: EventStream<T>,
    /** The full Redis key (keyPrefix + name). */
    readonly key: string,
    private readonly redis: Redis,
    private readonly maxLen: number,
    private readonly events: TypedEmitter<EngineEvents>,
  ) {
    if (!Number.isInteger(maxLen) || maxLen < 0) throw new RangeError(`maxLen must be an integer >= 0, got ${maxLen}`);
  }

  /** Resolves to the entry id(s) once Redis has stored them; rejects if Redis is unreachable. */
  produce(event: T): Promise<string>;
  produce(events: T[]): Promise<string[]>;
  async produce(input: T | T[]): Promise<string | string[]> {
    if (Array.isArray(input)) {
      if (input.length === 0) return [];
      const ids: string[] = [];
      for (let i = 0; i < input.length; i += CHUNK) {
        const texts = new Array<string>(Math.min(CHUNK, input.length - i));
        for (let j = 0; j < texts.length; j++) texts[j] = encodeUcloud(input[i + j]);
        for (const id of await this.produceMany(texts)) ids.push(id);
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

  private async produceMany(texts: string[]): Promise<string[]> {
    const cap = String(this.maxLen);
    try {
      return (await this.redis.evalsha(PRODUCE_MANY_SHA, 1, this.key, cap, ...texts)) as string[];
    } catch (e) {
      // First use on this server (or after a restart / SCRIPT FLUSH): send the script itself.
      if (!isNoScript(e)) throw e;
      return (await this.redis.eval(PRODUCE_MANY, 1, this.key, cap, ...texts)) as string[];
    }
  }

  private emitProduced(ids: string[]): void {
    if (this.events.has('produced')) this.events.emit('produced', { at: Date.now(), stream: this.key, ids, count: ids.length });
  }
}
