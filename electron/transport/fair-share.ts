// A server-wide bound on requests being served at once, shared fairly between connections. Each
// connection's requests wait in its own queue; a free slot goes to the next connection in turn
// (round robin), so a quiet caller waits behind at most one request of each busy connection, not
// behind everything a flood has queued. Per-connection limits (rate, queue length) still apply.

export type Job = () => Promise<unknown>;

export class FairShare<Owner> {
  private running = 0;
  /** Owners with waiting jobs, in turn order (a Map keeps insertion order: served owners go last). */
  private readonly queues = new Map<Owner, Job[]>();

  constructor(
    private readonly maxInFlight: number,
    private readonly maxQueuedPerOwner: number,
  ) {
    if (!(maxInFlight >= 1)) throw new RangeError(`maxInFlight must be at least 1, got ${maxInFlight}`);
    if (!(maxQueuedPerOwner >= 0)) throw new RangeError(`maxQueuedPerOwner must be at least 0, got ${maxQueuedPerOwner}`);
  }

  /** Runs `job` now or when its turn comes; false (not queued) when `owner` already has its maximum waiting. */
  submit(owner: Owner, job: Job): boolean {
    const queue = this.queues.get(owner);
    if (queue) {
      if (queue.length >= this.maxQueuedPerOwner) return false;
      queue.push(job);
    } else if (this.running < this.maxInFlight) {
      this.start(job);
      return true;
    } else {
      if (this.maxQueuedPerOwner === 0) return false;
      this.queues.set(owner, [job]);
    }
    this.pump();
    return true;
  }

  /** Forgets what `owner` has waiting (its connection closed); running jobs finish. */
  drop(owner: Owner): void {
    this.queues.delete(owner);
  }

  inFlight(): number {
    return this.running;
  }

  queued(owner?: Owner): number {
    if (owner !== undefined) return this.queues.get(owner)?.length ?? 0;
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  private start(job: Job): void {
    this.running++;
    let settled: Promise<unknown>;
    try {
      settled = job();
    } catch (error) {
      settled = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    void settled
      .catch(() => undefined) // the job answers its caller itself; a slot must come back regardless
      .finally(() => {
        this.running--;
        this.pump();
      });
  }

  private pump(): void {
    while (this.running < this.maxInFlight && this.queues.size > 0) {
      const [owner, queue] = this.queues.entries().next().value as [Owner, Job[]];
      const job = queue.shift() as Job;
      this.queues.delete(owner);
      if (queue.length > 0) this.queues.set(owner, queue); // to the back of the turn order
      this.start(job);
    }
  }
}
