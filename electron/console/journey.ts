// The journey of one entry: what happened to it (produced, delivered, claimed, acked, dead-lettered,
// pruned) and where it stands in every group now. Only what is known is said, with a time only where
// one was recorded:
// - events the console saw its hosted instances take, with their times (Observations);
// - per group, from Redis now: pending (owner, deliveries, and since when: now − Redis's idle time),
//   waiting (after the group's last-delivered id: not delivered yet, N entries before it), or passed
//   (the position is past it and it is not pending). Redis keeps no acknowledgement times and does
//   not record whether a group read an entry or was created or moved past it, so "passed" says
//   exactly that — unless this console saw the delivery, or itself created/moved the group past it;
// - dead letters whose `originalId` is this entry, from `<stream>.dead-letter`.
import type { JourneyStep } from '../../shared/dto';
import { formatDuration, plural } from '../../shared/human';
import { compareIds, deadLetterStream, idTime } from '../engine';
import type { Area, ConsoleContext } from './context';
import { pairs, replyText, type RawEntry } from './entry-format';
import type { GroupPosition, Observations } from './observations';
import { nameFromReply } from './redis-key';
import { countAfter, deadLettersOf } from './stream-scripts';

/** Bound on the entries counted before this one in a group, and on the dead letters searched. */
export const JOURNEY_COUNT_LIMIT = 100_000;

/** XPENDING's extended reply read with callBuffer: the consumer name keeps its bytes. */
type PendingRow = [Buffer, Buffer, number, number];

/** The latest move this console made that put the group past `id` (skipping it), if any. */
function skippedBy(positions: GroupPosition[], id: string): GroupPosition | null {
  for (const p of [...positions].reverse()) {
    if (compareIds(p.position, id) < 0) return null; // put back before it afterwards: no longer known
    if (p.how === 'created' || (p.from != null && compareIds(p.from, id) < 0)) return p;
  }
  return null;
}

export function createJourneyArea(ctx: ConsoleContext, observations: Observations): Area {
  return {
    handlers: {
      'entries.journey': async ({ stream, id: asked }) => {
        const id = asked.includes('-') ? asked : `${asked}-0`;
        const redis = ctx.redis();
        const key = ctx.key(stream);
        const [[rangeError, range], [infoError, rawInfo], [groupsError, rawGroups]] =
          (await redis.pipeline().xrange(key, id, id).call('XINFO', 'STREAM', key).callBuffer('XINFO', 'GROUPS', key).exec()) ?? [];
        if (infoError) throw infoError;
        if (rangeError) throw rangeError;
        if (groupsError) throw groupsError;
        const present = (range as RawEntry[]).length > 0;
        const info = pairs(rawInfo);
        const groups = (rawGroups as unknown[]).map(pairs);

        const timed: JourneyStep[] = [{ at: idTime(id), kind: 'produced', detail: 'time from the entry id' }];
        const now: JourneyStep[] = [];
        if (!present) {
          const first = info['first-entry'] as RawEntry | null;
          const lastId = replyText(info['last-generated-id'], '0-0');
          const detail =
            compareIds(id, lastId) > 0
              ? 'not in the stream: after its last id, never written'
              : first && compareIds(id, first[0]) < 0
                ? 'not in the stream: older than its first entry (trimmed or deleted); when is not recorded'
                : 'not in the stream: deleted (XDEL), or never written; when is not recorded';
          now.push({ at: null, kind: 'pruned', detail });
        }
        const seen = observations.journey(stream, id);
        timed.push(...seen);
        const saw = (kind: JourneyStep['kind'], group: string) => seen.some((s) => s.kind === kind && s.group === group);

        const deadKey = ctx.key(deadLetterStream(stream));
        const dead = await deadLettersOf(redis, deadKey, id, { from: `${idTime(id)}-0`, limit: JOURNEY_COUNT_LIMIT }).catch(
          (error: Error) => error,
        );
        if (dead instanceof Error) timed[0] = { ...timed[0], detail: `${timed[0].detail}; dead letters not searched: ${dead.message}` };
        const deadIn = new Set(seen.filter((s) => s.kind === 'dead-lettered').map((s) => s.group));
        for (const d of dead instanceof Error ? [] : dead.entries) {
          const group = d.fields.group ?? '';
          if (deadIn.has(group)) continue;
          deadIn.add(group);
          const deadAt = Number(d.fields.deadAt);
          timed.push({
            at: Number.isFinite(deadAt) && deadAt > 0 ? deadAt : idTime(d.id),
            kind: 'dead-lettered',
            group,
            ...(d.fields.consumer ? { instance: d.fields.consumer } : {}),
            detail: `${d.fields.error ?? 'no error recorded'} (dead letter ${d.id})`,
          });
        }
        const pel = redis.pipeline();
        for (const g of groups) pel.callBuffer('XPENDING', key, g.name as Buffer, id, id, 1);
        const pendingReplies = (await pel.exec()) ?? [];
        const at = Date.now();
        const perGroup = await Promise.all(
          groups.map(async (g, i): Promise<JourneyStep | null> => {
            const group = nameFromReply(g.name);
            const position = replyText(g['last-delivered-id'], '0-0');
            const [error, rows] = pendingReplies[i] ?? [null, []];
            if (error) return null; // the group was deleted meanwhile
            const pending = (rows as PendingRow[])[0];
            const after = compareIds(id, position) > 0;
            if (pending) {
              const [, consumer, idle, deliveries] = pending;
              const notes = [
                `delivered ${plural(Number(deliveries), 'time')}; last delivered or claimed ${formatDuration(Number(idle))} ago (Redis's idle time)`,
                ...(present ? [] : ['the entry is deleted: only its pending id is left']),
                ...(after ? ['the group was moved back before it: it will be delivered again as new'] : []),
              ];
              return {
                at: at - Number(idle),
                kind: 'pending',
                group,
                instance: nameFromReply(consumer),
                deliveries: Number(deliveries),
                idleMs: Number(idle),
                detail: notes.join('; '),
              };
            }
            if (after) {
              if (!present)
                return {
                  at: null,
                  kind: 'skipped',
                  group,
                  detail: `deleted before this group read it (its position is ${position}): the group will not get it`,
                };
              const ahead = await countAfter(redis, key, { after: position, until: id, limit: JOURNEY_COUNT_LIMIT });
              const n = `${ahead.exact ? '' : 'at least '}${ahead.count.toLocaleString('en-US')}`;
              return {
                at: null,
                kind: 'waiting',
                group,
                ahead: { count: ahead.count, exact: ahead.exact },
                detail: `not delivered to this group yet: ${n} entries before it (its position is ${position})`,
              };
            }
            if (saw('acked', group) || deadIn.has(group)) return null; // its end is among the recorded steps
            const skip = skippedBy(observations.groupPositions(stream, group), id);
            if (skip) {
              const how =
                skip.how === 'created'
                  ? `created the group at ${skip.position} (asked for ${skip.requested})`
                  : `moved the group from ${skip.from} to ${skip.position}`;
              return { at: skip.at, kind: 'skipped', group, detail: `not delivered to this group: this console ${how}, past this entry` };
            }
            if (saw('delivered', group)) {
              return {
                at: null,
                kind: 'passed',
                group,
                detail:
                  'delivered (seen by this console) and no longer pending: acknowledged by another client, or dropped from the pending list (e.g. its consumer was deleted); when is not recorded',
              };
            }
            return {
              at: null,
              kind: 'passed',
              group,
              detail: `the group's position (${position}) is past this entry and it is not pending: acknowledged, or skipped when the group was created or moved (Redis does not record which, nor when)`,
            };
          }),
        );
        now.push(...perGroup.filter((s): s is JourneyStep => s !== null));

        if (!(dead instanceof Error) && !dead.complete)
          timed[0] = {
            ...timed[0],
            detail: `${timed[0].detail}; dead letters searched: the first ${JOURNEY_COUNT_LIMIT.toLocaleString('en-US')} after it only`,
          };
        return [...timed.sort((a, b) => (a.at ?? 0) - (b.at ?? 0)), ...now];
      },
    },
  };
}
