// Long-running console work (publish runs, exports, imports) as jobs: each gets an id, runs in
// the background, pushes its progress as coalesced events (the latest state per job about every
// 100 ms), can be cancelled (its AbortSignal fires and cancel waits for it to stop), and a bounded
// number of finished jobs is remembered for listing.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ContractError } from '../../shared/reply';
import { LatestByKey } from './coalescer';

export type JobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface JobBase {
  jobId: string;
  state: JobState;
  error?: string;
}

export interface JobControl {
  /** Fires when the job is cancelled (or the console closes). */
  readonly signal: AbortSignal;
  /** Push the job's current state to listeners (coalesced). */
  report: () => void;
}

export interface JobsOptions<J> {
  /** What the jobs are called in errors ("publish job"). */
  what: string;
  maxRunning: number;
  keepFinished?: number;
  emit(job: J): void;
}

/** A job's own fields, without the id and state the runner gives it (per member of a union). */
export type JobFields<J> = J extends unknown ? Omit<J, 'jobId' | 'state'> : never;

/** A copy of a job as it is now: its nested counts (an export's filter scan, an import's problems) too, since the job goes on changing them. */
export function snapshot<J extends object>(job: J): J {
  const copy = { ...job } as Record<string, unknown>;
  for (const [name, value] of Object.entries(copy))
    if (Array.isArray(value)) copy[name] = [...(value as unknown[])];
    else if (value !== null && typeof value === 'object') copy[name] = { ...value };
  return copy as J;
}

interface Running<J> {
  job: J;
  abort: AbortController;
  done: Promise<void>;
}

export class Jobs<J extends JobBase> {
  private readonly jobs = new Map<string, Running<J>>();
  private readonly progress: LatestByKey<string, J>;

  constructor(private readonly opts: JobsOptions<J>) {
    this.progress = new LatestByKey<string, J>((values) => {
      for (const job of values) opts.emit(job);
    });
  }

  /**
   * Starts `run` for a new job built from `fields`; resolves to a copy of it in state `running`.
   * When `run` returns the job is `done` (or `cancelled` if its signal fired), unless run set
   * `failed` itself; when it throws, `failed` with the error's message.
   */
  start<K extends J>(fields: JobFields<K>, run: (job: K, control: JobControl) => Promise<void>): K {
    const running = [...this.jobs.values()].filter((j) => j.job.state === 'running').length;
    if (running >= this.opts.maxRunning)
      throw new ContractError('conflict', `at most ${this.opts.maxRunning} ${this.opts.what}s at once; cancel one first`);
    const job = { ...fields, jobId: randomUUID(), state: 'running' } as unknown as K;
    const abort = new AbortController();
    const report = () => this.progress.set(job.jobId, snapshot(job));
    const done = run(job, { signal: abort.signal, report })
      .then(() => {
        if (job.state === 'running') job.state = abort.signal.aborted ? 'cancelled' : 'done';
      })
      .catch((error: Error) => {
        job.state = abort.signal.aborted && job.state === 'running' ? 'cancelled' : 'failed';
        job.error ??= error.message;
      })
      .finally(() => {
        report();
        this.progress.flushNow();
        this.forgetOld();
      });
    this.jobs.set(job.jobId, { job, abort, done });
    return snapshot(job);
  }

  /** The live job (not a copy: reply with `snapshot` of it); `not_found` naming the job when there is none. */
  get(jobId: string): J {
    return this.entry(jobId).job;
  }

  /** Resolves once the job has ended (its final state set and pushed). */
  ended(jobId: string): Promise<void> {
    return this.entry(jobId).done;
  }

  /** Cancels the job (a no-op when it already ended) and resolves once it has stopped. */
  async cancel(jobId: string, reason?: string): Promise<J> {
    const entry = this.entry(jobId);
    if (entry.job.state === 'running' && reason) entry.job.error ??= reason;
    entry.abort.abort();
    await entry.done;
    return snapshot(entry.job);
  }

  list(): J[] {
    return [...this.jobs.values()].map((j) => snapshot(j.job));
  }

  async close(): Promise<void> {
    for (const j of this.jobs.values()) j.abort.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.done));
    this.progress.flushNow();
  }

  private entry(jobId: string): Running<J> {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new ContractError('not_found', `no ${this.opts.what} ${jobId}`);
    return entry;
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.job.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - (this.opts.keepFinished ?? 50)))) this.jobs.delete(j.job.jobId);
  }
}

/** Paces work at `perSecond` from its start: how many items are due by now, counting from 1. */
export function pace(perSecond: number): (total: number) => number {
  const started = Date.now();
  return (total) => Math.min(total, Math.floor(((Date.now() - started) * perSecond) / 1000) + 1);
}

/** Resolves after `ms`, or as soon as `signal` fires. */
export const sleepUnless = (ms: number, signal: AbortSignal): Promise<void> => delay(ms, undefined, { signal }).catch(() => undefined);
