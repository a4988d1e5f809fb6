// Filter scans: the console's filters.start over a stream of small JSON events (the bench payload
// as UCloud's `msg` field), with a CEL comparison on one field that matches nothing, so every entry
// is read, decoded and evaluated. Entries scanned per second, from the job's own elapsed time.
import { Redis } from 'ioredis';
import { createConsole } from '../../electron/console';
import type { FilterJob } from '../../shared/decoding';
import { sleep } from '../harness/clock';
import { EVENT_BYTES } from '../harness/payload';
import { deleteKeysContaining, fillStream, uniqueToken } from '../harness/redis';
import { sized, type Family, type Scenario } from '../harness/scenario';

const scanJson: Scenario = {
  id: 'filter-scan-json',
  title: 'filter scan, JSON field comparison',
  meaning:
    'filters.start with `value.seq < 0` over a stream of small JSON entries (nothing matches, so every entry is read, parsed and evaluated); entries per second from the elapsed time the job reports.',
  async run(ctx) {
    const entries = sized(ctx, { quick: 20_000, default: 500_000, full: 1_000_000 });
    const token = uniqueToken();
    const redis = new Redis(ctx.redisUrl);
    const stream = `${token}:filter`;
    try {
      await fillStream(redis, stream, entries);
      const service = await createConsole({ redis: ctx.redisUrl, embedded: false });
      try {
        const started = await service.dispatch('filters.start', {
          stream,
          expression: 'value.seq < 0',
          maxEntries: entries,
          maxMs: 600_000,
        });
        if (!started.ok) throw new Error(`filters.start: ${started.error.message}`);
        let job = started.value as FilterJob;
        while (job.state === 'running') {
          await sleep(20);
          const reply = await service.dispatch('filters.results', { jobId: job.jobId });
          if (!reply.ok) throw new Error(`filters.results: ${reply.error.message}`);
          job = (reply.value as { job: FilterJob }).job;
        }
        if (job.state !== 'done' || job.scanned !== entries)
          throw new Error(`the scan ended ${job.state} after ${job.scanned} of ${entries}`);
        return {
          messages: job.scanned,
          seconds: job.elapsedMs / 1000,
          bytesPerMessage: EVENT_BYTES,
          latency: null,
          notes: { entriesPerSec: Math.round(job.scanned / (job.elapsedMs / 1000)) },
        };
      } finally {
        await service.close();
      }
    } finally {
      await deleteKeysContaining(redis, token);
      redis.disconnect();
    }
  },
};

export const filterFamily: Family = { name: 'filter', scenarios: [scanJson], targets: [] };
