// The live tail of one stream: a blocking XREAD on its own connection that follows the stream's end
// (and a Redis that came back empty), its entries pushed to the page that started it in coalesced
// batches that stay within REPLY_BUDGET_BYTES.
import { randomUUID } from 'node:crypto';
import type { RedisKey } from 'ioredis';
import type { RedisClient } from '../engine';
import { compareIds, detachStreamEntries } from '../engine';
import type { DecoderSpec } from '../../shared/decoding';
import type { StreamEntry } from '../../shared/dto';
import { REPLY_BUDGET_BYTES } from '../../shared/entry-budget';
import { ContractError } from '../../shared/reply';
import { Coalescer } from './coalescer';
import type { Caller } from './callers';
import type { ConsoleContext } from './context';
import { decodeEntry, entryWireSize, type BinaryEntry } from './entry-format';
import { AdaptiveCount, readRange } from './entry-reads';

export const MAX_TAILS = 64;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Tail {
  stop(): Promise<void>;
}

/** The live tails of one console: started by a page, stopped by it, by its going away, or on close. */
export function createTails(ctx: ConsoleContext) {
  const tails = new Map<string, Tail>();

  const take = (tailId: string): Tail | undefined => {
    const tail = tails.get(tailId);
    tails.delete(tailId);
    return tail;
  };

  const start = async (stream: string, decoder: DecoderSpec | null, caller: Caller): Promise<string> => {
    if (tails.size >= MAX_TAILS) throw new ContractError('conflict', `at most ${MAX_TAILS} live tails at once; stop one first`);
    const key = ctx.key(stream);
    const latest = await readRange(ctx.redis(), key, 'backward', '+', 1);
    const tailId = randomUUID();
    const topic = `entries.tail:${tailId}`;
    const connection = ctx.duplicate(`streamscope:tail:${tailId}`);
    const feed = tailFeed(decoder, (entries, dropped) => ctx.feeds.emit(topic, 'entries.appended', { tailId, stream, entries, dropped }));
    const follower = followStream(connection, key, latest[0] ? latest[0][0].toString() : '0-0', feed.push);
    tails.set(tailId, {
      stop: async () => {
        await follower.stop(() => ctx.release(connection));
        feed.close();
        ctx.feeds.end(topic);
      },
    });
    // The page that started the tail receives it, and the tail stops when that page goes away.
    ctx.feeds.follow(caller, topic, () => take(tailId)?.stop());
    return tailId;
  };

  return {
    start,
    /** False when no such tail runs (already stopped, or never started). */
    stop: async (tailId: string): Promise<boolean> => {
      const tail = take(tailId);
      await tail?.stop();
      return tail !== undefined;
    },
    stopAll: async (): Promise<void> => {
      const all = [...tails.values()];
      tails.clear();
      await Promise.all(all.map((t) => t.stop()));
    },
  };
}

/**
 * Entries decoded and buffered for the page, flushed before a batch would pass the reply budget;
 * an entry that cannot be turned into a DTO is counted as dropped with the next batch.
 */
function tailFeed(decoder: DecoderSpec | null, send: (entries: StreamEntry[], dropped: number) => void) {
  let pendingBytes = 0;
  let undecodable = 0;
  const feed = new Coalescer<{ entry: StreamEntry; bytes: number }>({
    flush: (items, dropped) => {
      for (const item of items) pendingBytes -= item.bytes;
      const lost = undecodable;
      undecodable = 0;
      send(
        items.map((i) => i.entry),
        dropped + lost,
      );
    },
    maxItems: 300,
    maxBuffered: 5000,
  });
  const push = (raw: BinaryEntry) => {
    let entry: StreamEntry;
    let bytes: number;
    try {
      entry = decodeEntry(raw, decoder);
      bytes = entryWireSize(entry);
    } catch {
      undecodable++;
      return;
    }
    if (pendingBytes > 0 && pendingBytes + bytes > REPLY_BUDGET_BYTES) feed.flushNow();
    pendingBytes += bytes;
    feed.push({ entry, bytes });
  };
  return { push, close: () => feed.close() };
}

/** Blocking reads after `lastId` until stopped; releasing the connection ends the read in flight. */
function followStream(connection: RedisClient, key: RedisKey, lastId: string, push: (raw: BinaryEntry) => void) {
  let stopped = false;
  const count = new AdaptiveCount(500);
  const loop = (async () => {
    while (!stopped) {
      try {
        const entries = detachStreamEntries(await connection.xreadBuffer('COUNT', count.next(), 'BLOCK', 1000, 'STREAMS', key, lastId));
        count.observe(entries);
        for (const raw of entries) {
          push(raw);
          lastId = raw[0].toString();
        }
      } catch {
        if (stopped) break;
        await sleep(250);
        // A Redis that came back empty (no persistence) restarts ids from 0: follow it.
        const generated = await lastGeneratedId(connection, key);
        if (generated && compareIds(generated, lastId) < 0) lastId = '0-0';
      }
    }
  })();
  return {
    stop: async (release: () => void) => {
      stopped = true;
      release();
      await loop;
    },
  };
}

async function lastGeneratedId(connection: RedisClient, key: RedisKey): Promise<string | null> {
  return connection
    .call('XINFO', 'STREAM', key)
    .then((info) => {
      const flat = info as unknown[];
      const at = flat.indexOf('last-generated-id');
      return at >= 0 ? String(flat[at + 1]) : null;
    })
    .catch(() => null);
}
