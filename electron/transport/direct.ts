// The contract without a transport: a Bridge straight over dispatch (tests, and in-process use).
import type { EventName } from '../../shared/api';
import { isEvent } from '../../shared/methods';
import type { Bridge } from '../../shared/bridge';
import type { DispatchService } from './ipc';

export function createDirectBridge(service: DispatchService): Bridge {
  return {
    invoke: ((method: string, args: unknown) => service.dispatch(method, args)) as Bridge['invoke'],
    on: ((event: EventName, listener: (payload: unknown) => void) => {
      if (!isEvent(event)) return () => undefined;
      return service.onEvent((name, payload) => {
        if (name === event) listener(payload);
      });
    }) as Bridge['on'],
  };
}
