// Produces events in UCloud's format: XADD <stream> MAXLEN ~ <cap> * msg <json>. A batch goes to
// Redis as one Lua call running those same XADDs (chunks of 1000), so a batch is stored all or
// nothing and costs one command instead of one per event; the entries are identical. With
// waitForReplicas a WAIT follows, so produce resolves only once replicas have the entries too.
import { connectionFor, type RedisClient } from './cluster';
import type { TypedEmitter } from './emitter';
import { LuaScript } from './script';
import type { EngineEvents, EventStream, WaitForReplicas } from './types';
import { encodeUcloud, MESSAGE_FIELD } from './wire';

const PRODUCE_MANY = new LuaScript(`
local cap = ARGV[1]
local ids = {}
for i = 2, #ARGV do
  if cap == '0' then
    ids[i - 1] = redis.call('XADD', KEYS[1], '*', 'msg', ARGV[i])
  else
    ids[i - 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', cap, '*', 'msg', ARGV[i])
  end
end
return ids`);
/** Entries per Lua call: bounds how long one call keeps Redis busy. */
const CHUNK = 1000;

/**
 * The entries were written to the master but fewer replicas than asked acknowledged them within
 * the timeout: a failover now could lose them. They are not rolled back; `ids` says which.
 */
export class NotReplicatedError extends Error {
  constructor(
    readonly stream: string,
    readonly ids: string[],
    readonly acknowledged: number,
    readonly wanted: WaitForReplicas,
  ) {
    super(`produce to ${stream}: ${acknowledged} of ${wanted.count} replicas acknowledged ${ids.join(', ')} within ${wanted.timeoutMs} ms`);
    this.name = 'NotReplicatedError';
  }
}

function checkWait(w: WaitForReplicas | undefined): WaitForReplicas | undefined {
  if (w === undefined) return undefined;
  if (!Number.isInteger(w.count) || w.count < 1) throw new RangeError(`waitForReplicas.count must be an integer >= 1, got ${w.count}`);
  if (!Number.isInteger(w.timeoutMs) || w.timeoutMs < 1)
    throw new RangeError(`waitForReplicas.timeoutMs must be an integer >= 1 (0 would mean wait forever), got ${w.timeoutMs}`);
  return w;
}

export class EventProducer<T> {
  private readonly waitForReplicas: WaitForReplicas | undefined;

  constructor(
    readonly stream: EventStream<T>,
    /** The full Redis key (keyPrefix + name). */
    readonly key: string,
    private readonly redis: RedisClient,
    private readonly maxLen: number,
    private readonly events: TypedEmitter<EngineEvents>,
    waitForReplicas?: WaitForReplicas,
  ) {
    if (!Number.isInteger(maxLen) || maxLen < 0) throw new RangeError(`maxLen must be an integer >= 0, got ${maxLen}`);
    this.waitForReplicas = checkWait(waitForReplicas);
  }

  /** Resolves to the entry id(s) once Redis has stored them; rejects if Redis is unreachable. */
  produce(event: T): Promise<string>;
  produce(events: T[]): Promise<string[]>;
  produce(input: T | T[]): Promise<string | string[]> {
    if (Array.isArray(input)) return this.produceAll(input);
    let text: string;
    try {
      text = encodeUcloud(input);
    } catch (e) {
      // A value's toJSON may throw anything.
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const sent = (
      this.maxLen > 0
        ? this.redis.xadd(this.key, 'MAXLEN', '~', this.maxLen, '*', MESSAGE_FIELD, text)
        : this.redis.xadd(this.key, '*', MESSAGE_FIELD, text)
    ) as Promise<string>;
    // An awaited produce() is one round trip; without replicas to wait for or a listener to tell,
    // the XADD's own promise is handed back (no async wrapper and its extra hop per event).
    return this.waitForReplicas || this.events.has('produced') ? this.afterOne(sent) : sent;
  }

  private async afterOne(sent: Promise<string>): Promise<string> {
    const id = await sent;
    if (this.waitForReplicas) await this.awaitReplicas([id], this.waitForReplicas);
    this.emitProduced([id]);
    return id;
  }

  private async produceAll(input: T[]): Promise<string[]> {
    if (input.length === 0) return [];
    const ids: string[] = [];
    for (let i = 0; i < input.length; i += CHUNK) {
      const texts = new Array<string>(Math.min(CHUNK, input.length - i));
      for (let j = 0; j < texts.length; j++) texts[j] = encodeUcloud(input[i + j]);
      for (const id of await this.produceMany(texts)) ids.push(id);
    }
    if (this.waitForReplicas) await this.awaitReplicas(ids, this.waitForReplicas);
    this.emitProduced(ids);
    return ids;
  }

  /**
   * WAIT counts the writes made on its own connection, so it goes to the connection the XADDs
   * used: the client itself, or on a cluster the stream's master node (after a MOVED the client
   * already knows the new one).
   */
  private async awaitReplicas(ids: string[], wait: WaitForReplicas): Promise<void> {
    const conn = connectionFor(this.redis, this.key);
    if (!conn) throw new Error(`produce to ${this.key}: no known master for its slot, cannot WAIT for replicas`);
    const acked = Number(await conn.wait(wait.count, wait.timeoutMs));
    if (acked < wait.count) throw new NotReplicatedError(this.key, ids, acked, wait);
  }

  private async produceMany(texts: string[]): Promise<string[]> {
    return (await PRODUCE_MANY.run(this.redis, [this.key], [String(this.maxLen), ...texts])) as string[];
  }

  private emitProduced(ids: string[]): void {
    if (this.events.has('produced')) this.events.emit('produced', { at: Date.now(), stream: this.key, ids, count: ids.length });
  }
}
