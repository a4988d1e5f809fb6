// A small in-memory Bridge for UI engineer B's component tests: canned replies per method, a call
// log to assert on, and emit() to push events the way the main side would (already batched).
import type { Api, Bridge, EventName, Events, MethodName, Reply, ReplyError } from '../../../shared';

type Handler<M extends MethodName> = (args: Api[M]['args']) => Reply<Api[M]['result']> | Api[M]['result'];

export interface Call {
  method: MethodName;
  args: unknown;
}

export class MemoryBridge implements Bridge {
  readonly calls: Call[] = [];
  private readonly handlers = new Map<MethodName, (args: unknown) => unknown>();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  /** Answer `method` with a value (wrapped as ok) or with a function of the args. */
  reply<M extends MethodName>(method: M, answer: Api[M]['result'] | Handler<M>): this {
    const fn = typeof answer === 'function' ? (answer as (a: unknown) => unknown) : () => answer;
    this.handlers.set(method, (args) => {
      const out = fn(args);
      return isReply(out) ? out : { ok: true, value: out };
    });
    return this;
  }

  fail(method: MethodName, code: ReplyError['code'], message: string): this {
    this.handlers.set(method, () => ({ ok: false, error: { code, message } }));
    return this;
  }

  invoke<M extends MethodName>(method: M, args: Api[M]['args']): Promise<Reply<Api[M]['result']>> {
    this.calls.push({ method, args });
    const handler = this.handlers.get(method);
    const reply = handler
      ? (handler(args) as Reply<Api[M]['result']>)
      : ({ ok: false, error: { code: 'internal', message: `no canned reply for ${method}` } } as const);
    return Promise.resolve(reply);
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  callsOf<M extends MethodName>(method: M): Array<Api[M]['args']> {
    return this.calls.filter((c) => c.method === method).map((c) => c.args as Api[M]['args']);
  }
}

function isReply(x: unknown): x is Reply<unknown> {
  return typeof x === 'object' && x !== null && 'ok' in x && typeof (x as { ok: unknown }).ok === 'boolean' &&
    ('value' in x || 'error' in x);
}
