// An in-memory Bridge for UI tests: canned replies per method, a log of every call, and emit()
// to push events as the main process would (one batch per call, like the coalesced transport).
import {
  fail,
  ok,
  type Api,
  type Bridge,
  type ErrorCode,
  type EventName,
  type Events,
  type MethodName,
  type Reply,
  type Results,
} from '../../shared';

type Handler<M extends MethodName> = (args: Api[M]['args']) => Reply<Results[M]> | Promise<Reply<Results[M]>>;
type Listener = (payload: unknown) => void;

export interface Call {
  method: MethodName;
  args: unknown;
}

export class MemoryBridge implements Bridge {
  readonly calls: Call[] = [];
  private readonly handlers = new Map<MethodName, (args: unknown) => Reply<unknown> | Promise<Reply<unknown>>>();
  private readonly listeners = new Map<EventName, Set<Listener>>();

  /** Answer `method` with this value, or with what `fn(args)` returns. */
  reply<M extends MethodName>(method: M, value: Results[M] | ((args: Api[M]['args']) => Results[M])): this {
    return this.handle(method, (args) => ok(typeof value === 'function' ? (value as (a: Api[M]['args']) => Results[M])(args) : value));
  }

  /** Answer `method` with a contract error. */
  fail(method: MethodName, code: ErrorCode, message: string): this {
    this.handlers.set(method, () => fail(code, message));
    return this;
  }

  /** Full control: return any Reply (or a promise of one, e.g. to hold a call open). */
  handle<M extends MethodName>(method: M, handler: Handler<M>): this {
    this.handlers.set(method, handler as (args: unknown) => Reply<unknown>);
    return this;
  }

  invoke<M extends MethodName>(method: M, args: Api[M]['args']): Promise<Reply<Api[M]['result']>> {
    this.calls.push({ method, args });
    const handler = this.handlers.get(method);
    if (!handler) return Promise.resolve(fail('internal', `memory bridge: no canned reply for ${method}`));
    return Promise.resolve(handler(args)) as Promise<Reply<Api[M]['result']>>;
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    this.listeners.set(event, set);
    set.add(listener as Listener);
    return () => {
      set.delete(listener as Listener);
    };
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** The arguments of every call made to `method`, in order. */
  callsOf<M extends MethodName>(method: M): Array<Api[M]['args']> {
    return this.calls.filter((c) => c.method === method).map((c) => c.args as Api[M]['args']);
  }
}
