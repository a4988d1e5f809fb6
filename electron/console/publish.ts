// Publishing: one event (UCloud wire format: XADD … MAXLEN ~ 1000000 * msg <json>, or any fields
// with their exact bytes), one broadcast (PUBLISH, returns receivers), and publish jobs that send N
// templated messages (a JSON template as `msg`, or templated fields) at a rate with pushed progress
// and cancel.
import { randomUUID } from 'node:crypto';
import type { PublishJob } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import type { Args } from '../../shared/schemas';
import { LatestByKey } from './coalescer';
import type { Area, ConsoleContext } from './context';
import { UCLOUD_FIELD } from './entry-format';
import { PRODUCE_MAXLEN } from './entries';
import { renderTemplate, requireJson, requireJsonTemplate } from './templates';
import { redisKey } from './redis-key';
import { valueToBytes, type ValueBytes } from '../../shared/value-bytes';

/** Fields as the contract carries them → XADD's flat name/value arguments with their exact bytes. */
function fieldArgs(fields: Array<{ name: string; value: Omit<ValueBytes, 'size'> & { size?: number } }>): Array<string | Buffer> {
  return fields.flatMap(({ name, value }) => {
    const bytes = valueToBytes({ ...value, size: value.size ?? 0 });
    return [redisKey(name), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)];
  });
}

/** Message `seq` of a job as XADD's field arguments: the JSON template as `msg`, or each field's template. */
function renderEntry(args: Args<'publish.start'>, seq: number, now: number): Array<string | Buffer> {
  if (args.fields) return args.fields.flatMap(({ name, value }) => [redisKey(name), renderTemplate(value, seq, now)]);
  return [UCLOUD_FIELD, renderTemplate(args.template ?? '', seq, now)];
}

export const MAX_RUNNING_JOBS = 16;
const KEEP_FINISHED = 50;
const TICK_MS = 20;
/** Per tick at most this many messages go out in one pipeline, so one job cannot hog Redis. */
const MAX_PER_TICK = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createPublishArea(ctx: ConsoleContext): Area {
  const jobs = new Map<string, { job: PublishJob; cancel: () => void; done: Promise<void> }>();
  const progress = new LatestByKey<string, PublishJob>((values) => {
    for (const job of values) ctx.emit('publish.progress', job);
  });

  const forgetOldJobs = () => {
    const finished = [...jobs.values()].filter((j) => j.job.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(j.job.jobId);
  };

  const run = async (job: PublishJob, args: Args<'publish.start'>, isCancelled: () => boolean) => {
    const key = ctx.key(args.target.name);
    const started = Date.now();
    let seq = 0;
    while (seq < job.total && !isCancelled()) {
      const due = Math.min(job.total, Math.floor(((Date.now() - started) * args.ratePerSec) / 1000) + 1);
      const batch = Math.min(due - seq, MAX_PER_TICK);
      if (batch > 0) {
        let redis;
        try {
          redis = ctx.redis();
        } catch {
          await sleep(200); // Redis is away: wait for it rather than failing every message
          continue;
        }
        const pipeline = redis.pipeline();
        const now = Date.now();
        for (let i = 1; i <= batch; i++) {
          if (args.target.kind === 'stream') pipeline.xadd(key, 'MAXLEN', '~', PRODUCE_MAXLEN, '*', ...renderEntry(args, seq + i, now));
          else pipeline.publish(key, renderTemplate(args.template ?? '', seq + i, now));
        }
        seq += batch;
        const results = (await pipeline.exec().catch((e: Error) => Array.from({ length: batch }, () => [e, null] as [Error, null]))) ?? [];
        for (const [error, value] of results) {
          if (error) {
            job.failed++;
            job.error = error.message;
          } else {
            job.sent++;
            if (args.target.kind === 'broadcast') job.receivers = (job.receivers ?? 0) + Number(value);
          }
        }
        progress.set(job.jobId, { ...job });
      }
      await sleep(TICK_MS);
    }
    job.state = isCancelled() ? 'cancelled' : job.sent === 0 && job.failed > 0 ? 'failed' : 'done';
    progress.set(job.jobId, { ...job });
    progress.flushNow();
    forgetOldJobs();
  };

  return {
    handlers: {
      'publish.event': async ({ stream, json, fields }) => {
        if (json !== undefined) requireJson(json, 'json');
        const entry = fields ? fieldArgs(fields) : [UCLOUD_FIELD, json ?? ''];
        const id = await ctx.redis().xadd(ctx.key(stream), 'MAXLEN', '~', PRODUCE_MAXLEN, '*', ...entry);
        return { id: String(id) };
      },

      'publish.broadcast': async ({ channel, json }) => {
        requireJson(json, 'json');
        return { receivers: Number(await ctx.redis().publish(ctx.key(channel), json)) };
      },

      'publish.start': async (args) => {
        if (args.template !== undefined) requireJsonTemplate(args.template);
        ctx.redis(); // fail now with not_connected rather than start a job that cannot send
        const running = [...jobs.values()].filter((j) => j.job.state === 'running').length;
        if (running >= MAX_RUNNING_JOBS) throw new ContractError('conflict', `at most ${MAX_RUNNING_JOBS} publish jobs at once; cancel one first`);
        const job: PublishJob = {
          jobId: randomUUID(),
          target: { kind: args.target.kind, name: args.target.name },
          total: args.count,
          sent: 0,
          failed: 0,
          state: 'running',
          ...(args.target.kind === 'broadcast' ? { receivers: 0 } : {}),
        };
        let cancelled = false;
        const done = run(job, args, () => cancelled).catch((e: Error) => {
          job.state = 'failed';
          job.error = e.message;
          progress.set(job.jobId, { ...job });
        });
        jobs.set(job.jobId, { job, cancel: () => (cancelled = true), done });
        return { ...job };
      },

      'publish.cancel': async ({ jobId }) => {
        const entry = jobs.get(jobId);
        if (!entry) throw new ContractError('not_found', `no publish job ${jobId}`);
        entry.cancel();
        await entry.done;
        return { ...entry.job };
      },

      'publish.jobs': async () => [...jobs.values()].map((j) => ({ ...j.job })),
    },
    close: async () => {
      for (const j of jobs.values()) j.cancel();
      await Promise.all([...jobs.values()].map((j) => j.done));
      progress.flushNow();
    },
  };
}
