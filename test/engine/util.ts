// Helpers shared by the engine tests: a service per test with cleanup, and condition waiting.
import { EventStreamService, eventStream, type EventStreamServiceOptions, type EventStream } from '../../electron/engine';
import { cleanupKeys, cleanupPattern, connectShared, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';

export const shared = connectShared();

export interface Fixture {
  cleanups: Array<() => Promise<void>>;
  /** A fresh stream name whose keys (stream, dead letters, presence, lock) are deleted afterwards. */
  streamName(prefix: string): string;
  service(opts: Partial<EventStreamServiceOptions> & { service: string }): EventStreamService;
  /** A promise a handler can hang on until `release()` (released at cleanup at the latest). */
  hang(): { until: Promise<void>; release: () => void };
  run(): Promise<void>;
}

export function fixture(): Fixture {
  const cleanups: Array<() => Promise<void>> = [];
  return {
    cleanups,
    streamName(prefix) {
      const name = uniqueName(prefix);
      cleanups.push(async () => {
        await cleanupKeys(shared, [name, `${name}.dead-letter`]);
        await cleanupPattern(shared, `streamscope:*{${name}}*`);
      });
      return name;
    },
    service(opts) {
      const svc = new EventStreamService({ redis: SHARED_REDIS_URL, instance: 'pod-1', ...opts });
      cleanups.unshift(() => svc.close());
      return svc;
    },
    hang() {
      let release: () => void = () => {};
      const until = new Promise<void>((r) => (release = r));
      cleanups.unshift(async () => release());
      return { until, release };
    },
    async run() {
      // Services close first (unshift), then keys go.
      while (cleanups.length) await (cleanups.shift() as () => Promise<void>)();
    },
  };
}

export type Ev = { n: number };
export const evStream = (name: string): EventStream<Ev> => eventStream<Ev>(name);
export const range = (n: number): Ev[] => Array.from({ length: n }, (_, i) => ({ n: i }));

export { until } from '../helpers/wait';

export async function pendingCount(stream: string, group: string): Promise<number> {
  const [count] = (await shared.xpending(stream, group)) as [number];
  return Number(count);
}

export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
