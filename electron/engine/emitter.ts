// A tiny typed emitter. `has(name)` lets hot paths skip building payloads nobody listens to.
// `unheard` handles an event that has no listener (the engine sends unheard errors to a reporter).
export type Listener<P> = (payload: P) => void;

export class TypedEmitter<M extends object> {
  private readonly listeners = new Map<keyof M, Array<Listener<never>>>();

  constructor(private readonly unheard: { [K in keyof M]?: Listener<M[K]> } = {}) {}

  on<K extends keyof M>(name: K, listener: Listener<M[K]>): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener);
    this.listeners.set(name, list);
    return () => this.off(name, listener);
  }

  off<K extends keyof M>(name: K, listener: Listener<M[K]>): void {
    const list = this.listeners.get(name);
    if (!list) return;
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.listeners.delete(name);
  }

  has<K extends keyof M>(name: K): boolean {
    return this.listeners.has(name);
  }

  emit<K extends keyof M>(name: K, payload: M[K]): void {
    const list = this.listeners.get(name);
    if (!list) {
      this.unheard[name]?.(payload);
      return;
    }
    for (const l of list.slice()) {
      try {
        (l as Listener<M[K]>)(payload);
      } catch {
        // A faulty observer must never break delivery.
      }
    }
  }

  removeAll(): void {
    this.listeners.clear();
  }
}
