// The baseline: bare ioredis on Redis Streams, the least work that does the same job.
import { Redis } from 'ioredis';
import { streamEntriesAsText, type StreamReadBytesReply } from '../../electron/engine';
import { isBenchEvent } from '../harness/payload';
import {
  MAXLEN,
  MSG_FIELD,
  type ConsumerConfig,
  type ConsumerDriver,
  type Deliver,
  type ProducerConfig,
  type ProducerDriver,
} from './types';

type StreamReply = [stream: string, entries: [id: string, fields: string[]][]][] | null;
type Entries = ArrayLike<[id: string, fields: string[] | null]>;

export async function bareStreamConsumer(
  config: Extract<ConsumerConfig, { kind: 'bare-stream' }>,
  deliver: Deliver,
): Promise<ConsumerDriver> {
  const redis = new Redis(config.redis);
  await redis.ping();
  let running = false;
  let loop: Promise<void> = Promise.resolve();

  const args = ['GROUP', config.group, config.instance, 'COUNT', config.count, 'BLOCK', config.blockMs, 'STREAMS', config.stream, '>'];

  /** One XREADGROUP's entries, read as `config.reply` says (null: the block timed out). */
  async function read(): Promise<Entries | null> {
    if (config.reply === 'bytes') {
      const reply = (await redis.callBuffer('xreadgroup', ...args)) as StreamReadBytesReply | null;
      return reply ? streamEntriesAsText(reply) : null;
    }
    // call() decodes the reply as text, as ioredis's xreadgroup() does.
    const reply = (await redis.call('xreadgroup', ...args)) as StreamReply;
    if (!reply) return null;
    const entries = reply[0][1];
    if (config.reply === 'text') reply.length = 0;
    return entries;
  }

  async function readLoop(): Promise<void> {
    while (running) {
      const entries = await read();
      if (!entries) continue;
      const ids: string[] = [];
      for (let i = 0; i < entries.length; i++) {
        const [id, fields] = entries[i];
        ids.push(id);
        if (!fields) continue; // deleted while pending: never the case for '>' reads
        const msg = fields[fields.indexOf(MSG_FIELD) + 1];
        const event: unknown = JSON.parse(msg);
        if (isBenchEvent(event)) deliver(event);
      }
      // One XACK per read, as a plain consumer loop does.
      await redis.xack(config.stream, config.group, ...ids);
    }
  }

  return {
    async start() {
      running = true;
      loop = readLoop();
    },
    async stop() {
      running = false;
      await loop;
      await redis.quit();
    },
  };
}

export async function bareStreamProducer(config: Extract<ProducerConfig, { kind: 'bare-stream' }>): Promise<ProducerDriver> {
  const redis = new Redis(config.redis);
  await redis.ping();
  const field = config.field ?? MSG_FIELD;
  return {
    async send(events) {
      if (events.length === 1) {
        await redis.xadd(config.stream, 'MAXLEN', '~', MAXLEN, '*', field, JSON.stringify(events[0]));
        return;
      }
      const pipeline = redis.pipeline();
      for (const event of events) pipeline.xadd(config.stream, 'MAXLEN', '~', MAXLEN, '*', field, JSON.stringify(event));
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    },
    async close() {
      await redis.quit();
    },
  };
}

// The same XADDs run by Redis from one script call: what the engine's batch produce does,
// without the engine. ioredis's defineCommand sends EVALSHA and falls back to EVAL once.
const XADD_MANY = `
local ids = {}
for i = 2, #ARGV do
  ids[i - 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'msg', ARGV[i])
end
return ids`;

type LuaRedis = Redis & { xaddMany(key: string, cap: string, ...texts: string[]): Promise<string[]> };

export async function bareLuaProducer(config: Extract<ProducerConfig, { kind: 'bare-lua' }>): Promise<ProducerDriver> {
  const redis = new Redis(config.redis) as LuaRedis;
  redis.defineCommand('xaddMany', { numberOfKeys: 1, lua: XADD_MANY });
  await redis.ping();
  return {
    async send(events) {
      if (events.length === 1) {
        await redis.xadd(config.stream, 'MAXLEN', '~', MAXLEN, '*', MSG_FIELD, JSON.stringify(events[0]));
        return;
      }
      await redis.xaddMany(config.stream, MAXLEN, ...events.map((event) => JSON.stringify(event)));
    },
    async close() {
      await redis.quit();
    },
  };
}
