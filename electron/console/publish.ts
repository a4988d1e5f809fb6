// Publishing: one event (UCloud wire format: XADD … MAXLEN ~ 1000000 * msg <json>, or any fields
// with their exact bytes), one broadcast (PUBLISH, returns receivers), and publish jobs that send N
// templated messages (a JSON template as `msg`, or templated fields) at a rate with pushed progress
// and cancel.
import type { PublishJob } from '../../shared/dto';
import type { Args } from '../../shared/schemas';
import type { BroadcastRates } from './broadcast-rates';
import type { Area, ConsoleContext } from './context';
import { Jobs, pace, sleepUnless, type JobControl } from './jobs';
import { UCLOUD_FIELD } from './entry-format';
import { PRODUCE_MAXLEN } from './entries';
import { renderTemplate, requireJson, requireJsonTemplate } from './templates';
import { redisKey } from './redis-key';
import { valueToBytes, type ValueBytes } from '../../shared/value-bytes';

/** Fields as the contract carries them → XADD's flat name/value arguments with their exact bytes. */
function fieldArgs(fields: Array<{ name: string; value: Omit<ValueBytes, 'size'> & { size?: number } }>): Array<string | Buffer> {
  return fields.flatMap(({ name, value }) => {
    const bytes = valueToBytes(value);
    return [redisKey(name), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)];
  });
}

/** Message `seq` of a job as XADD's field arguments: the JSON template as `msg`, or each field's template. */
function renderEntry(args: Args<'publish.start'>, seq: number, now: number): Array<string | Buffer> {
  if (args.fields) return args.fields.flatMap(({ name, value }) => [redisKey(name), renderTemplate(value, seq, now)]);
  return [UCLOUD_FIELD, renderTemplate(args.template ?? '', seq, now)];
}

/**
 * A PUBLISH's receiver count without the console's own rate subscription. `own` is read just before
 * the PUBLISH; if that subscription was lost in between Redis counted fewer, hence the floor at 0.
 */
function withoutOwn(counted: number, own: number): { receivers: number; ownExcluded: number } {
  const receivers = Math.max(0, counted - own);
  return { receivers, ownExcluded: counted - receivers };
}

export const MAX_RUNNING_JOBS = 16;
const TICK_MS = 20;
/** Per tick at most this many messages go out in one pipeline, so one job cannot hog Redis. */
const MAX_PER_TICK = 1000;

/**
 * `rates` is the broadcast rate measurement: while it runs its subscription hears every PUBLISH,
 * and is taken out of the receiver counts shown (saying how many were taken out).
 */
export function createPublishArea(ctx: ConsoleContext, rates: BroadcastRates): Area {
  const jobs = new Jobs<PublishJob>({
    what: 'publish job',
    maxRunning: MAX_RUNNING_JOBS,
    emit: (job) => ctx.emit('publish.progress', job),
  });

  const run = async (job: PublishJob, args: Args<'publish.start'>, { signal, report }: JobControl) => {
    const key = ctx.key(args.target.name);
    const due = pace(args.ratePerSec);
    let seq = 0;
    while (seq < job.total && !signal.aborted) {
      const batch = Math.min(due(job.total) - seq, MAX_PER_TICK);
      if (batch > 0) {
        let redis;
        try {
          redis = ctx.redis();
        } catch {
          await sleepUnless(200, signal); // Redis is away: wait for it rather than failing every message
          continue;
        }
        const pipeline = redis.pipeline();
        const now = Date.now();
        for (let i = 1; i <= batch; i++) {
          if (args.target.kind === 'stream') pipeline.xadd(key, 'MAXLEN', '~', PRODUCE_MAXLEN, '*', ...renderEntry(args, seq + i, now));
          else pipeline.publish(key, renderTemplate(args.template ?? '', seq + i, now));
        }
        seq += batch;
        const own = args.target.kind === 'broadcast' ? rates.ownReceivers() : 0;
        const results = (await pipeline.exec().catch((e: Error) => Array.from({ length: batch }, () => [e, null] as [Error, null]))) ?? [];
        for (const [error, value] of results) {
          if (error) {
            job.failed++;
            job.error = error.message;
          } else {
            job.sent++;
            if (args.target.kind === 'broadcast') {
              const { receivers, ownExcluded } = withoutOwn(Number(value), own);
              job.receivers = (job.receivers ?? 0) + receivers;
              if (ownExcluded > 0) job.ownExcluded = (job.ownExcluded ?? 0) + ownExcluded;
            }
          }
        }
        report();
      }
      await sleepUnless(TICK_MS, signal);
    }
    if (!signal.aborted && job.sent === 0 && job.failed > 0) job.state = 'failed';
  };

  return {
    handlers: {
      'publish.event': async ({ stream, json, fields }) => {
        if (json !== undefined) requireJson(json, 'json');
        const entry = fields ? fieldArgs(fields) : [UCLOUD_FIELD, json ?? ''];
        const id = await ctx.redis().xadd(ctx.key(stream), 'MAXLEN', '~', PRODUCE_MAXLEN, '*', ...entry);
        return { id: String(id) };
      },

      'publish.broadcast': async ({ channel, json, sharded }) => {
        requireJson(json, 'json');
        const redis = ctx.redis();
        const key = ctx.key(channel) as string; // ioredis types channels as strings but sends a Buffer's bytes as they are
        if (sharded) return { receivers: Number(await redis.spublish(key, json)) }; // the rate subscription hears no SPUBLISH
        const own = rates.ownReceivers();
        const { receivers, ownExcluded } = withoutOwn(Number(await redis.publish(key, json)), own);
        return { receivers, ...(ownExcluded > 0 ? { ownExcluded } : {}) };
      },

      'publish.start': async (args) => {
        if (args.template !== undefined) requireJsonTemplate(args.template);
        ctx.redis(); // fail now with not_connected rather than start a job that cannot send
        const fields = {
          target: { kind: args.target.kind, name: args.target.name },
          total: args.count,
          sent: 0,
          failed: 0,
          ...(args.target.kind === 'broadcast' ? { receivers: 0 } : {}),
        };
        return jobs.start(fields, (job, control) => run(job, args, control));
      },

      'publish.cancel': async ({ jobId }) => jobs.cancel(jobId),

      'publish.jobs': async () => jobs.list(),
    },
    close: () => jobs.close(),
  };
}
