// The flow watch loop at scale: every watched stream is sampled every tick, however many are watched
// (within WATCH_LIMITS), and a page that watches too many is refused with the limit named while
// other pages go on watching. Real Redis (the shared one, unique names), real console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { FLOW_TICK_MS, WATCH_LIMITS } from '../../electron/console/flow';
import { createDirectBridge } from '../../electron/transport/direct';
import type { Events } from '../../shared/api';
import { connectShared, SHARED_REDIS_URL, uniqueName } from '../helpers/redis';
import { eventually, value } from '../helpers/wait';

const WATCHED = 50;

let service: ConsoleService;
const redis = connectShared();
const prefix = uniqueName('watch-tick');
const streams = Array.from({ length: WATCHED }, (_, i) => `${prefix}:${i}`);
const created: string[] = [];

async function createStreams(names: string[]): Promise<void> {
  const fill = redis.pipeline();
  for (const name of names) {
    fill.xadd(name, '*', 'msg', '{}');
    fill.xgroup('CREATE', name, 'svc', '0');
  }
  await fill.exec();
  created.push(...names);
}

beforeAll(async () => {
  await createStreams(streams);
  service = await createConsole({ redis: SHARED_REDIS_URL });
});
afterAll(async () => {
  await service.close();
  if (created.length) await redis.del(...created);
  redis.disconnect();
});

describe('the flow watch loop', () => {
  it(`samples all ${WATCHED} watched streams every tick`, async () => {
    // One tick's snapshots are emitted together: what arrives before the event loop turns is one tick.
    const ticks: Array<{ streams: Set<string>; at: Map<string, number> }> = [];
    let current: (typeof ticks)[number] | null = null;
    const off = service.onEvent((event, payload) => {
      if (event !== 'flow.tick') return;
      if (!current) {
        const tick = (current = { streams: new Set(), at: new Map() });
        setImmediate(() => {
          ticks.push(tick);
          current = null;
        });
      }
      for (const s of payload as Events['flow.tick']) {
        if (!s.stream.startsWith(prefix)) continue;
        current.streams.add(s.stream);
        current.at.set(s.stream, s.at);
      }
    });
    try {
      for (const stream of streams) value(await service.dispatch('flow.watch', { stream }));
      const from = ticks.length;
      // The first tick to end may have started before the last watch did: it is not counted.
      await eventually(() => ticks.length >= from + 4, 20 * FLOW_TICK_MS, 'three full ticks after every watch started');
      const full = ticks.slice(from + 1, from + 4);
      expect(full.map((t) => t.streams.size)).toEqual([WATCHED, WATCHED, WATCHED]);
      // Each stream's snapshots a tick apart (setInterval's pace; a skipped tick would make it two).
      for (const stream of streams) {
        const [a, b, c] = full.map((t) => t.at.get(stream)!);
        expect(b - a).toBeLessThan(2 * FLOW_TICK_MS);
        expect(c - b).toBeLessThan(2 * FLOW_TICK_MS);
      }
    } finally {
      off();
      for (const stream of streams) await service.dispatch('flow.unwatch', { stream });
    }
  }, 60_000);

  it(`refuses a page's watch past ${WATCH_LIMITS.perPage} streams, naming the limit, while another page still watches`, async () => {
    const many = Array.from({ length: WATCH_LIMITS.perPage + 1 }, (_, i) => `${prefix}:many:${i}`);
    await createStreams(many);
    const greedy = createDirectBridge(service);
    const other = createDirectBridge(service);
    try {
      for (const stream of many.slice(0, WATCH_LIMITS.perPage)) value(await greedy.invoke('flow.watch', { stream }));
      const refused = await greedy.invoke('flow.watch', { stream: many[WATCH_LIMITS.perPage] });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('conflict');
        expect(refused.error.message).toContain(`at most ${WATCH_LIMITS.perPage} streams`);
      }
      // Watching a stream it already watches again is no new stream: allowed.
      value(await greedy.invoke('flow.watch', { stream: many[0] }));
      // The other page is not affected, and its watch ends no other.
      const watched = value(await other.invoke('flow.watch', { stream: many[WATCH_LIMITS.perPage] }));
      expect(watched.stream).toBe(many[WATCH_LIMITS.perPage]);
    } finally {
      greedy.close();
      other.close();
    }
  }, 60_000);
});
