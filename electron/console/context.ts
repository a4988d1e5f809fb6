// What every area of the console gets: the connection, the key prefix, and a way to push events.
import type { RedisKey, RedisOptions } from 'ioredis';
import type { RedisClient } from '../engine';
import type { EventName, Events, Results } from '../../shared/api';
import type { Args, MethodName } from '../../shared/schemas';
import type { Caller, FeedRoutes } from './callers';

export interface ConsoleContext {
  /** The command connection; throws `not_connected` while Redis is away. */
  redis(): RedisClient;
  /**
   * A dedicated connection (blocking reads, subscriptions); give it back with `release`. The name
   * (CLIENT SETNAME) lets operators see what the console holds open.
   */
  duplicate(connectionName?: string): RedisClient;
  release(connection: RedisClient): void;
  /** URL and ioredis options for engine instances, which open their own connections. */
  redisUrl(): string;
  redisOptions(): RedisOptions;
  /**
   * Stream/channel name as the contract carries it → Redis key (with the profile's key prefix): a
   * string, or a Buffer when the name has escaped bytes that are not UTF-8 (shared/key-name.ts).
   */
  key(name: string): RedisKey;
  /** Redis key (a Buffer from *Buffer commands keeps bytes that are not UTF-8) → name as the user sees it. */
  name(key: RedisKey): string;
  /** A console-wide event, to every page (connection state, hosted instances, jobs, membership). */
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** Live feeds: their events go only to the pages following them, and stop when those pages go away. */
  feeds: FeedRoutes;
}

/** `caller`: whose request this is (for live feeds, see FeedRoutes); most handlers need only `args`. */
export type Handler<M extends MethodName> = (args: Args<M>, caller: Caller) => Promise<Results[M]>;
export type Handlers = { [M in MethodName]?: Handler<M> };

/** One area of the console (streams, entries, …): its handlers and what it must stop on close. */
export interface Area {
  handlers: Handlers;
  close?(): Promise<void> | void;
}
