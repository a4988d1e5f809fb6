// The contract without a transport: a Bridge straight over a console connection (tests, and
// in-process use). Its feeds stop when it is closed, as a page's would.
import { eventListeners, type Bridge } from '../../shared/bridge';
import type { DispatchService } from './ipc';

export interface DirectBridge extends Bridge {
  close(): void;
}

export function createDirectBridge(service: DispatchService): DirectBridge {
  const listeners = eventListeners();
  const connection = service.connect((event, payload) => listeners.deliver(event, payload));
  return {
    invoke: ((method: string, args: unknown) => connection.dispatch(method, args)) as Bridge['invoke'],
    on: listeners.on,
    close: () => connection.close(),
  };
}
