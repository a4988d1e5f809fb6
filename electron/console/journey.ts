// The journey of one entry: produced → delivered → claimed → acked / dead-lettered / pruned.
// Steps the console saw its hosted instances take come from Observations; the rest is read from
// Redis now (who holds it pending, which groups are past it, whether it was dead-lettered).
import type { JourneyStep } from '../../shared/dto';
import { compareIds, deadLetterStream, idTime } from '../engine';
import type { Area, ConsoleContext } from './context';
import { pairs, type RawEntry } from './entry-format';
import type { Observations } from './observations';

/** How far back in the dead-letter stream a journey looks for the entry. */
const DEAD_LETTER_SCAN = 1000;

export function createJourneyArea(ctx: ConsoleContext, observations: Observations): Area {
  return {
    handlers: {
      'entries.journey': async ({ stream, id }) => {
        const redis = ctx.redis();
        const key = ctx.key(stream);
        const steps: JourneyStep[] = [{ at: idTime(id), kind: 'produced' }];
        const [present] = (await redis.xrange(key, id, id)) as RawEntry[];
        const info = pairs(await redis.call('XINFO', 'STREAM', key));
        if (!present) {
          const first = info['first-entry'] as RawEntry | null;
          const detail = first && compareIds(id, first[0]) < 0 ? 'older than the first entry: trimmed' : 'not in the stream (deleted or never written)';
          steps.push({ at: Date.now(), kind: 'pruned', detail });
        }
        const seen = observations.journey(stream, id);
        steps.push(...seen);
        const groups = ((await redis.call('XINFO', 'GROUPS', key)) as unknown[]).map(pairs);
        const now = Date.now();
        for (const g of groups) {
          const group = String(g.name);
          const [pending] = (await redis.xpending(key, group, id, id, 1)) as Array<[string, string, number, number]>;
          if (pending) {
            const [, consumer, idle, deliveries] = pending;
            steps.push({ at: now - Number(idle), kind: 'pending', group, instance: consumer, detail: `delivered ${deliveries} time(s), idle ${idle} ms` });
          } else if (compareIds(String(g['last-delivered-id']), id) >= 0) {
            if (!seen.some((s) => s.kind === 'acked' && s.group === group)) {
              steps.push({ at: now, kind: 'acked', group, detail: 'delivered and acknowledged (seen from Redis; time unknown)' });
            }
          }
        }
        const dead = (await redis.xrevrange(ctx.key(deadLetterStream(stream)), '+', '-', 'COUNT', DEAD_LETTER_SCAN)) as RawEntry[];
        for (const [deadId, flat] of dead) {
          const f = pairs(flat);
          if (f.originalId === id && !seen.some((s) => s.kind === 'dead-lettered' && s.group === f.group)) {
            steps.push({ at: Number(f.deadAt ?? idTime(deadId)), kind: 'dead-lettered', group: String(f.group), instance: String(f.consumer), detail: String(f.error) });
          }
        }
        return steps.sort((a, b) => a.at - b.at);
      },
    },
  };
}
