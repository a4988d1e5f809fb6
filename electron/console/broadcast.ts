// Broadcast (pub/sub) traffic: channels with subscriber counts and measured rates
// (broadcast-rates.ts), and a live tail by channel or pattern through the console's own
// subscribers (several, to show fan-out). A subscriber that Redis
// drops (e.g. over client-output-buffer-limit) or that loses its connection is resubscribed by
// ioredis, and the time it was away is reported as a gap. Channel names travel as bytes (the
// *Buffer replies and events) so names that are not UTF-8 keep them (shared/key-name.ts).
import { clientFromUrl, isCluster, isRedisError, type RedisClient } from '../engine';
import { randomUUID } from 'node:crypto';
import type { BroadcastMessage } from '../../shared/dto';
import { jsonDeeperThan, VALUE_PREVIEW_BYTES } from '../../shared/entry-budget';
import { displayKeyName, keyNameFromBytes } from '../../shared/key-name';
import { ContractError } from '../../shared/reply';
import { valueFromBytes } from '../../shared/value-bytes';
import type { BroadcastRates } from './broadcast-rates';
import { Coalescer } from './coalescer';
import type { Area, ConsoleContext } from './context';

export const MAX_SUBSCRIBER_CONNECTIONS = 64;

/**
 * A pub/sub payload for the page: text exactly when it is UTF-8 (else `\xNN` for the bytes that are
 * not, with the exact bytes beside it), at most VALUE_PREVIEW_BYTES of it so a huge message cannot
 * swamp the feed, and its JSON when it is whole and not nested past MAX_JSON_DEPTH.
 */
export function broadcastPayload(bytes: Buffer): Pick<BroadcastMessage, 'payload' | 'bytes' | 'value'> {
  const carried = valueFromBytes(bytes, VALUE_PREVIEW_BYTES);
  const exact = carried.text !== undefined && !carried.truncated;
  const payload = carried.text ?? displayKeyName(keyNameFromBytes(bytes.subarray(0, VALUE_PREVIEW_BYTES)));
  let value: unknown;
  if (exact && !jsonDeeperThan(payload)) {
    try {
      value = JSON.parse(payload);
    } catch {
      value = undefined; // shown as text; a payload that is not JSON is not an error of the console
    }
  }
  return { payload, ...(exact ? {} : { bytes: carried }), ...(value === undefined ? {} : { value }) };
}

/** Channels by their bytes (latin1, so any name is a distinct key), with subscribers summed over nodes. */
type ChannelCounts = Map<string, { key: Buffer; subscribers: number }>;

/** Classic channels (PUBSUB CHANNELS / NUMSUB) or sharded ones (PUBSUB SHARDCHANNELS / SHARDNUMSUB, Redis 7). */
const PUBSUB_WORDS = {
  classic: { list: 'CHANNELS', count: 'NUMSUB' },
  sharded: { list: 'SHARDCHANNELS', count: 'SHARDNUMSUB' },
} as const;

/**
 * The channels matching `pattern` on each of `nodes`, with their subscribers added up over the nodes.
 * A node that does not have the listing command (sharded channels before Redis 7) has none.
 */
async function channelsOn(
  nodes: RedisClient[],
  kind: keyof typeof PUBSUB_WORDS,
  pattern: string | Buffer,
): Promise<Array<{ key: Buffer; subscribers: number }>> {
  const { list, count } = PUBSUB_WORDS[kind];
  const found: ChannelCounts = new Map();
  await Promise.all(
    nodes.map(async (node) => {
      let keys: Buffer[];
      try {
        keys = (await node.callBuffer('PUBSUB', list, pattern)) as Buffer[];
      } catch (error) {
        if (isRedisError(error, 'unknown_command')) return;
        throw error;
      }
      if (keys.length === 0) return;
      const counts = (await node.callBuffer('PUBSUB', count, ...keys)) as Array<Buffer | number>;
      for (let i = 0; i + 1 < counts.length; i += 2) {
        const key = counts[i] as Buffer;
        const known = found.get(key.toString('latin1'));
        found.set(key.toString('latin1'), { key, subscribers: (known?.subscribers ?? 0) + Number(counts[i + 1]) });
      }
    }),
  );
  return [...found.values()];
}

/** Sharded channels with their subscribers. A shard's channels are known only to the nodes of that shard, so on a cluster every master is asked. */
const shardChannels = (redis: RedisClient, pattern: string) =>
  channelsOn(isCluster(redis) ? redis.nodes('master') : [redis], 'sharded', pattern);

/**
 * Classic channels matching `pattern` with their subscribers. On a cluster each node lists and
 * counts only the subscribers connected to it (a published message reaches every node), so every
 * node, masters and replicas, is asked and the counts are added up.
 */
async function classicChannels(redis: RedisClient, pattern: string | Buffer): Promise<Array<{ key: Buffer; subscribers: number }>> {
  // The client learns replicas from CLUSTER SLOTS, which lists a replica only once it has synced:
  // asked again here, so replicas that came up after the client connected are counted too.
  if (isCluster(redis)) await new Promise<void>((resolve) => redis.refreshSlotsCache(() => resolve()));
  return channelsOn(isCluster(redis) ? redis.nodes('all') : [redis], 'classic', pattern);
}

interface Subscription {
  connections: RedisClient[];
  feed: Coalescer<BroadcastMessage>;
}

export function createBroadcastArea(ctx: ConsoleContext, rates: BroadcastRates): Area {
  const subscriptions = new Map<string, Subscription>();
  const topicOf = (subscriptionId: string) => `broadcast.subscribe:${subscriptionId}`;
  const ratesTopicOf = (measureId: string) => `broadcast.measureRates:${measureId}`;
  const stopRates = (measureId: string) => {
    ctx.feeds.end(ratesTopicOf(measureId));
    return rates.stop(measureId);
  };

  const connectionCount = () => [...subscriptions.values()].reduce((n, s) => n + s.connections.length, 0);

  const stop = (subscriptionId: string) => {
    const subscription = subscriptions.get(subscriptionId);
    if (!subscription) return false;
    subscriptions.delete(subscriptionId);
    for (const c of subscription.connections) ctx.release(c);
    subscription.feed.close();
    ctx.feeds.end(topicOf(subscriptionId));
    return true;
  };

  return {
    handlers: {
      'broadcast.channels': async ({ pattern }) => {
        const redis = ctx.redis();
        const now = Date.now();
        const channels = [];
        for (const { key, subscribers } of await classicChannels(redis, ctx.key(pattern ?? '*'))) {
          const name = ctx.name(key);
          channels.push({ name, subscribers, ...rates.rate(name, now) });
        }
        // Sharded channels next to the classic ones; the rate subscription (PSUBSCRIBE) does not receive SPUBLISH.
        for (const { key, subscribers } of await shardChannels(redis, ctx.key(pattern ?? '*') as string)) {
          channels.push({ name: ctx.name(key), subscribers, sharded: true, messagesPerSec: null, rateSource: 'not-measured' as const });
        }
        return channels.sort((a, b) => a.name.localeCompare(b.name));
      },

      'broadcast.subscribe': async ({ channel, isPattern, subscribers, sharded }, caller) => {
        ctx.redis();
        if (connectionCount() + subscribers > MAX_SUBSCRIBER_CONNECTIONS) {
          throw new ContractError('conflict', `at most ${MAX_SUBSCRIBER_CONNECTIONS} subscriber connections at once; unsubscribe first`);
        }
        const subscriptionId = randomUUID();
        const target = ctx.key(channel);
        // ioredis remembers channels as text to resubscribe after a reconnect; bytes that are not
        // UTF-8 would come back as U+FFFD, so such a channel is resubscribed here instead (below).
        const bytesTarget = typeof target !== 'string';
        if (bytesTarget && isCluster(ctx.redis()))
          throw new ContractError('invalid_args', 'subscribing to a channel name that is not UTF-8 is not supported on Redis Cluster');
        const connections: RedisClient[] = [];
        const topic = topicOf(subscriptionId);
        // One batch stream per subscription, so what it drops is counted to the page that follows it.
        const feed = new Coalescer<BroadcastMessage>({
          flush: (messages, dropped) => ctx.feeds.emit(topic, 'broadcast.messages', { messages, dropped }),
          maxItems: 300,
          maxBuffered: 5000,
        });
        subscriptions.set(subscriptionId, { connections, feed });
        // The page that subscribed receives the messages; the subscription stops when that page goes away.
        ctx.feeds.follow(caller, topic, () => stop(subscriptionId));
        try {
          for (let index = 0; index < subscribers; index++) {
            const connectionName = `streamscope:broadcast:${subscriptionId}:${index}`;
            // A cluster client subscribes to a shard only with its per-shard subscribers switched on.
            const connection =
              sharded && isCluster(ctx.redis())
                ? clientFromUrl(
                    ctx.redisUrl(),
                    { ...ctx.redisOptions(), connectionName, enableOfflineQueue: true, maxRetriesPerRequest: null },
                    { shardedSubscribers: true },
                  )
                : ctx.duplicate(connectionName);
            connections.push(connection);
            if (bytesTarget && !isCluster(connection)) connection.options.autoResubscribe = false;
            // ioredis types channels as strings but sends a Buffer's bytes as they are.
            const subscribe = () =>
              sharded ? connection.ssubscribe(target) : isPattern ? connection.psubscribe(target as string) : connection.subscribe(target);
            let seq = 0;
            let lostAt: number | null = null;
            let lastError = 'connection to Redis lost';
            const receive = (pattern: string | null, rawChannel: Buffer, bytes: Buffer) => {
              const receivedAt = Date.now();
              const name = ctx.name(rawChannel);
              const { payload, bytes: exact, value } = broadcastPayload(bytes);
              feed.push({
                subscriptionId,
                subscriber: index,
                channel: name,
                pattern,
                ...(sharded ? { sharded: true } : {}),
                payload,
                ...(exact ? { bytes: exact } : {}),
                ...(value === undefined ? {} : { value }),
                receivedAt,
                seq: ++seq,
              });
            };
            connection.on('messageBuffer', (ch: Buffer, payload: Buffer) => receive(null, ch, payload));
            connection.on('smessageBuffer', (ch: Buffer, payload: Buffer) => receive(null, ch, payload));
            connection.on('pmessageBuffer', (pattern: Buffer, ch: Buffer, payload: Buffer) => receive(ctx.name(pattern), ch, payload));
            connection.on('error', (e: Error) => (lastError = e.message));
            connection.on('close', () => {
              if (subscriptions.has(subscriptionId) && lostAt === null) lostAt = Date.now();
            });
            connection.on('ready', () => {
              if (lostAt === null || !subscriptions.has(subscriptionId)) return;
              if (bytesTarget) void subscribe().catch((e: Error) => (lastError = e.message));
              ctx.feeds.emit(topic, 'broadcast.gap', { subscriptionId, from: lostAt, to: Date.now(), reason: lastError });
              lostAt = null;
            });
            await subscribe();
          }
        } catch (error) {
          stop(subscriptionId);
          throw error;
        }
        return { subscriptionId };
      },

      'broadcast.unsubscribe': async ({ subscriptionId }) => ({ stopped: stop(subscriptionId) }),

      'broadcast.measureRates': async (_, caller) => {
        const measureId = await rates.start();
        // The page that asked owns the measurement: it stops when that page goes away.
        ctx.feeds.follow(caller, ratesTopicOf(measureId), () => stopRates(measureId));
        return { measureId };
      },
      'broadcast.stopRates': async ({ measureId }) => ({ stopped: stopRates(measureId) }),
    },
    close: () => {
      rates.close();
      for (const id of [...subscriptions.keys()]) stop(id);
    },
  };
}
