// Who receives which pushed event. A caller is one page's connection to the console (a WebSocket, a
// window's webContents, an in-process bridge); it gets a dispatch of its own and an event sink.
// Live feeds (a tail, a broadcast subscription, a flow watch) belong to the caller whose request
// started them: their events go to that caller alone, and they stop when it goes away, whatever
// the transport. Everything else is console-wide state and goes to every caller. In-process
// observers (`onEvent`: tests, benchmarks) see every event of every caller.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventName, Events } from '../../shared/api';
import type { ConsoleConnection, EventSink } from '../../shared/bridge';
import { fail, type Reply } from '../../shared/reply';

export type { ConsoleConnection, EventSink };

/**
 * What an area uses to run a live feed. `topic` names one feed (`entries.tail:<tailId>`,
 * `flow.watch:<stream>`); several callers may follow the same topic, each receiving its events once.
 */
export interface FeedRoutes {
  /** The caller of the request being served follows `topic`; `stop` runs if that caller goes away still following it. */
  follow(topic: string, stop: () => unknown): void;
  /** The caller of the request being served lets go of `topic` once (it stopped watching). */
  unfollow(topic: string): void;
  /** The topics starting with `prefix` that the caller of the request being served follows. */
  followed(prefix: string): string[];
  /** The feed is over: nobody follows `topic` any more. */
  end(topic: string): void;
  /** An event of the feed `topic`: to the callers following it. */
  emit<E extends EventName>(topic: string, event: E, payload: Events[E]): void;
}

interface Hold {
  stop: () => unknown;
  /** The routes (generation of areas) it was taken through. */
  routes: object;
}

interface Caller {
  readonly sink: EventSink;
  /** Topic → this caller's holds on it, one per follow. */
  readonly holds: Map<string, Hold[]>;
}

const deliver = (sink: EventSink, event: EventName, payload: Events[EventName]) => {
  try {
    sink(event, payload);
  } catch (error) {
    // One broken connection must not starve the others; its transport closes it on its own.
    console.error(`delivering ${event} failed: ${(error as Error).message}`);
  }
};

export class Callers {
  private readonly callers = new Set<Caller>();
  private readonly observers = new Set<EventSink>();
  private readonly current = new AsyncLocalStorage<Caller>();
  /** Calls made on the service itself (tests, in-process use): their events reach observers only. */
  private readonly local: Caller = { sink: () => undefined, holds: new Map() };

  constructor(private readonly dispatch: (method: string, args: unknown) => Promise<Reply<unknown>>) {}

  connect(sink: EventSink): ConsoleConnection {
    const caller: Caller = { sink, holds: new Map() };
    this.callers.add(caller);
    return {
      dispatch: (method, args) =>
        this.callers.has(caller)
          ? this.current.run(caller, () => this.dispatch(method, args))
          : Promise.resolve(fail('not_connected', 'this connection is closed')),
      close: () => {
        if (!this.callers.delete(caller)) return;
        this.stopHolds(caller);
      },
    };
  }

  /** A call on the service itself, outside any page's connection. */
  dispatchLocal(method: string, args: unknown): Promise<Reply<unknown>> {
    return this.current.run(this.local, () => this.dispatch(method, args));
  }

  observe(sink: EventSink): () => void {
    this.observers.add(sink);
    return () => this.observers.delete(sink);
  }

  /** A console-wide event: to every caller. */
  broadcast<E extends EventName>(event: E, payload: Events[E]): void {
    for (const caller of this.callers) deliver(caller.sink, event, payload);
    this.toObservers(event, payload);
  }

  /**
   * Feed routes for one generation of areas. A connection switch rebuilds the areas and their feeds
   * are gone: `retire` forgets every hold taken through these routes without running its stop (the
   * old areas stop their own feeds), so a stop can never reach the new areas (a flow watch is named
   * by its stream, and a stale stop would end another page's new watch).
   */
  routes(): FeedRoutes & { retire(): void } {
    let retired = false;
    const generation = {};
    return {
      follow: (topic, stop) => {
        if (retired) return;
        const caller = this.current.getStore() ?? this.local;
        // A caller that left while its request was being served: its feed stops at once.
        if (caller !== this.local && !this.callers.has(caller)) {
          void this.runStop(stop);
          return;
        }
        const holds = caller.holds.get(topic) ?? [];
        holds.push({ stop, routes: generation });
        caller.holds.set(topic, holds);
      },
      unfollow: (topic) => {
        const caller = this.current.getStore();
        const holds = caller?.holds.get(topic);
        if (!caller || !holds) return;
        holds.pop();
        if (holds.length === 0) caller.holds.delete(topic);
      },
      followed: (prefix) => {
        const caller = this.current.getStore() ?? this.local;
        return [...caller.holds.keys()].filter((topic) => topic.startsWith(prefix));
      },
      end: (topic) => {
        for (const caller of this.everyCaller()) caller.holds.delete(topic);
      },
      emit: (topic, event, payload) => {
        if (retired) return;
        for (const caller of this.callers) if (caller.holds.has(topic)) deliver(caller.sink, event, payload);
        this.toObservers(event, payload);
      },
      retire: () => {
        retired = true;
        for (const caller of this.everyCaller()) {
          for (const [topic, holds] of caller.holds) {
            const kept = holds.filter((h) => h.routes !== generation);
            if (kept.length > 0) caller.holds.set(topic, kept);
            else caller.holds.delete(topic);
          }
        }
      },
    };
  }

  /** The service is closing: nobody is connected any more. */
  clear(): void {
    this.callers.clear();
    this.observers.clear();
    this.local.holds.clear();
  }

  private *everyCaller(): Iterable<Caller> {
    yield* this.callers;
    yield this.local;
  }

  private toObservers(event: EventName, payload: Events[EventName]): void {
    for (const sink of this.observers) deliver(sink, event, payload);
  }

  private stopHolds(caller: Caller): void {
    const holds = [...caller.holds.values()].flat();
    caller.holds.clear();
    // Run as the leaving caller: a stop that lets go of its topic finds nothing left to let go.
    for (const { stop } of holds) void this.current.run(caller, () => this.runStop(stop));
  }

  private async runStop(stop: () => unknown): Promise<void> {
    try {
      await stop();
    } catch (error) {
      console.error(`stopping a feed of a closed connection failed: ${(error as Error).message}`);
    }
  }
}
