// Live feeds (tails, broadcast subscriptions and rate measurements, flow watches) belong to the page that started them: when that
// page goes away (socket closed, window reloaded or destroyed) the transport stops them, so no
// Redis connection is left behind.
import type { Reply } from '../../shared/reply';
import type { DispatchService } from './ipc';

const FEEDS: Record<string, { key: string; stop: string; arg: string }> = {
  'entries.tail': { key: 'tailId', stop: 'entries.untail', arg: 'tailId' },
  'broadcast.subscribe': { key: 'subscriptionId', stop: 'broadcast.unsubscribe', arg: 'subscriptionId' },
  'broadcast.measureRates': { key: 'measureId', stop: 'broadcast.stopRates', arg: 'measureId' },
  // flow.watch answers with a snapshot whose `stream` names the watch; watches are counted per page.
  'flow.watch': { key: 'stream', stop: 'flow.unwatch', arg: 'stream' },
};

export class OwnedFeeds {
  private readonly owned: Array<{ method: string; args: Record<string, string> }> = [];
  /** Listens for a connection switch only while something is owned. */
  private offSwitch: (() => void) | null = null;

  constructor(private readonly service: DispatchService) {}

  /** Call with every request before dispatching: a page stopping its own feed un-owns it. */
  noteRequest(method: string, args: unknown): void {
    if (args === null || typeof args !== 'object') return;
    const at = this.owned.findIndex((o) => o.method === method && Object.entries(o.args).every(([k, v]) => (args as Record<string, unknown>)[k] === v));
    if (at >= 0) this.owned.splice(at, 1);
    if (this.owned.length === 0) this.forgetSwitches();
  }

  /** Call with every reply: a feed started successfully is remembered (or stopped if `gone`). */
  noteReply(method: string, reply: Reply<unknown>, gone = false): void {
    const feed = FEEDS[method];
    if (!feed || !reply.ok) return;
    const handle = (reply.value as Record<string, unknown>)[feed.key];
    if (typeof handle !== 'string') return;
    const stop = { method: feed.stop, args: { [feed.arg]: handle } };
    if (gone) {
      void this.service.dispatch(stop.method, stop.args);
      return;
    }
    this.owned.push(stop);
    // A connection switch ends every feed in the console; a flow watch is named by its stream, so a
    // stale stop sent later would end a watch this or another page started on the new connection.
    this.offSwitch ??= this.service.onEvent((event, payload) => {
      if (event === 'connection.state' && (payload as { state?: string }).state === 'connecting') {
        this.owned.length = 0;
        this.forgetSwitches();
      }
    });
  }

  stopAll(): void {
    this.forgetSwitches();
    for (const { method, args } of this.owned.splice(0)) void this.service.dispatch(method, args);
  }

  private forgetSwitches(): void {
    this.offSwitch?.();
    this.offSwitch = null;
  }
}
