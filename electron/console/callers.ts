// Who receives which pushed event. A caller is one page's connection to the console (a WebSocket, a
// window's webContents, an in-process bridge); it gets a dispatch of its own and an event sink.
// Live feeds (a tail, a broadcast subscription, a flow watch) belong to the caller whose request
// started them: their events go to that caller alone, and they stop when it goes away, whatever
// the transport. Everything else is console-wide state and goes to every caller. In-process
// observers (`onEvent`: tests, benchmarks) see every event of every caller.
import type { EventName, Events } from '../../shared/api';
import type { ConsoleConnection, EventSink } from '../../shared/bridge';
import { fail, type Reply } from '../../shared/reply';

export type { ConsoleConnection, EventSink };

/**
 * What an area uses to run a live feed. `topic` names one feed (`entries.tail:<tailId>`,
 * `flow.watch:<stream>`); several callers may follow the same topic, each receiving its events once.
 * `caller` is the one whose request is being served: handlers get it with their arguments (passed
 * along explicitly, not through AsyncLocalStorage, whose promise hooks would slow every promise of
 * the process, the engine's included, for as long as it runs).
 */
export interface FeedRoutes {
  /** `caller` follows `topic`; `stop` runs if that caller goes away still following it. */
  follow(caller: Caller, topic: string, stop: () => unknown): void;
  /** `caller` lets go of `topic` once (it stopped watching). */
  unfollow(caller: Caller, topic: string): void;
  /** The topics starting with `prefix` that `caller` follows. */
  followed(caller: Caller, prefix: string): string[];
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

/** One page's connection, or the service's own calls; opaque to the areas. */
export interface Caller {
  readonly sink: EventSink;
  /** Topic → this caller's holds on it, one per follow. */
  readonly holds: Map<string, Hold[]>;
}

/** A caller that is no page: the service's own calls, and tests that call an area directly. */
export const callerOfNoPage = (): Caller => ({ sink: () => undefined, holds: new Map() });

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
  /** Calls made on the service itself (tests, in-process use): their events reach observers only. */
  private readonly local: Caller = callerOfNoPage();

  constructor(private readonly dispatch: (method: string, args: unknown, caller: Caller) => Promise<Reply<unknown>>) {}

  connect(sink: EventSink): ConsoleConnection {
    const caller: Caller = { sink, holds: new Map() };
    this.callers.add(caller);
    return {
      dispatch: (method, args) =>
        this.callers.has(caller)
          ? this.dispatch(method, args, caller)
          : Promise.resolve(fail('not_connected', 'this connection is closed')),
      close: () => {
        if (!this.callers.delete(caller)) return;
        this.stopHolds(caller);
      },
    };
  }

  /** A call on the service itself, outside any page's connection. */
  dispatchLocal(method: string, args: unknown): Promise<Reply<unknown>> {
    return this.dispatch(method, args, this.local);
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
      follow: (caller, topic, stop) => {
        if (retired) return;
        // A caller that left while its request was being served: its feed stops at once.
        if (caller !== this.local && !this.callers.has(caller)) {
          void this.runStop(stop);
          return;
        }
        const holds = caller.holds.get(topic) ?? [];
        holds.push({ stop, routes: generation });
        caller.holds.set(topic, holds);
      },
      unfollow: (caller, topic) => {
        const holds = caller.holds.get(topic);
        if (!holds) return;
        holds.pop();
        if (holds.length === 0) caller.holds.delete(topic);
      },
      followed: (caller, prefix) => {
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
    // Its holds are already gone: a stop that lets go of its topic finds nothing left to let go.
    for (const { stop } of holds) void this.runStop(stop);
  }

  private async runStop(stop: () => unknown): Promise<void> {
    try {
      await stop();
    } catch (error) {
      console.error(`stopping a feed of a closed connection failed: ${(error as Error).message}`);
    }
  }
}
