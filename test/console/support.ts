// Helpers for console tests: a console on the shared Redis, a way to wait for pushed events.
import type { EventName, Events } from '../../shared/api';
import { createConsole, type ConsoleOptions, type ConsoleService } from '../../electron/console';
import { SHARED_REDIS_URL } from '../helpers/redis';
export { eventually, sleep, value } from '../helpers/wait';

export async function sharedConsole(opts: ConsoleOptions = {}): Promise<ConsoleService> {
  return createConsole({ redis: SHARED_REDIS_URL, ...opts });
}

/** Collects pushed events of one kind until `until` says enough (or the timeout passes). */
export function collect<E extends EventName>(
  subscribe: (listener: (payload: Events[E]) => void) => () => void,
  until: (all: Array<Events[E]>) => boolean,
  timeoutMs = 10_000,
): Promise<Array<Events[E]>> {
  return new Promise((resolve, reject) => {
    const all: Array<Events[E]> = [];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms with ${all.length} events`));
    }, timeoutMs);
    const off = subscribe((payload) => {
      all.push(payload);
      if (until(all)) {
        clearTimeout(timer);
        off();
        resolve(all);
      }
    });
  });
}

export function onConsoleEvent<E extends EventName>(service: ConsoleService, event: E) {
  return (listener: (payload: Events[E]) => void) =>
    service.onEvent((name, payload) => {
      if (name === event) listener(payload as Events[E]);
    });
}
