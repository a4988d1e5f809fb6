// Publishing one event (UCloud wire format), one broadcast, and templated jobs at a rate with
// progress and cancel, over every bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { collect, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

describe.each(BRIDGE_KINDS)('publish over %s', (kind) => {
  let b: BridgeUnderTest;
  const stream = uniqueName(`contract-publish-${kind}`);
  const channel = uniqueName(`contract-channel-${kind}`);

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
    created.push(stream);
  });
  afterAll(async () => b.close());

  it('publishes one event as XADD … msg <json> and one broadcast with its receiver count', async () => {
    const { id } = value(await b.bridge.invoke('publish.event', { stream, json: '{"type":"hello"}' }));
    expect(await redis.xrange(stream, id, id)).toEqual([[id, ['msg', '{"type":"hello"}']]]);
    const listener = redis.duplicate();
    await listener.subscribe(channel);
    try {
      // At least our listener: a console measuring channel rates on this server (a pattern subscription) counts too.
      expect(value(await b.bridge.invoke('publish.broadcast', { channel, json: '{"x":1}' })).receivers).toBeGreaterThanOrEqual(1);
    } finally {
      listener.disconnect();
    }
  });

  it('refuses a payload over 1 MB of UTF-8 bytes (not characters), naming the limit, before writing anything', async () => {
    const json = JSON.stringify('é'.repeat(500_001)); // 500,003 characters, 1,000,004 bytes
    const reply = await b.bridge.invoke('publish.event', { stream, json });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid_args', message: 'publish.event: json: must be at most 1 MB (1,000,000 bytes of UTF-8)' },
    });
  });

  it('sends N templated messages at a rate, reporting progress until done', async () => {
    const job = value(
      await b.bridge.invoke('publish.start', {
        target: { kind: 'stream', name: stream },
        template: '{"id":"{{uuid}}","seq":{{seq}},"at":{{now}}}',
        count: 40,
        ratePerSec: 200,
      }),
    );
    expect(job).toMatchObject({ total: 40, sent: 0, state: 'running' });
    const progress = collect(b.bridge, 'publish.progress', (all) => all.some((p) => p.jobId === job.jobId && p.state === 'done'));
    const updates = (await progress.done).filter((p) => p.jobId === job.jobId);
    expect(updates[updates.length - 1]).toMatchObject({ sent: 40, failed: 0, state: 'done' });
    const entries = await redis.xrange(stream, '-', '+');
    const bodies = entries.slice(1).map(([, f]) => JSON.parse(f[1]) as { id: string; seq: number; at: number });
    expect(bodies.map((x) => x.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(bodies.map((x) => x.id)).size).toBe(40);
    expect(bodies.every((x) => typeof x.at === 'number')).toBe(true);
    // 40 at 200/s takes at least ~200 ms: the rate is honoured relative to the send of message 1.
    expect(bodies[39].at - bodies[0].at).toBeGreaterThanOrEqual(150);
    expect(value(await b.bridge.invoke('publish.jobs', {})).some((j) => j.jobId === job.jobId && j.state === 'done')).toBe(true);
  });

  it('cancels a running job', async () => {
    const job = value(
      await b.bridge.invoke('publish.start', {
        target: { kind: 'broadcast', name: channel },
        template: '{"n":{{seq}}}',
        count: 100000,
        ratePerSec: 50,
      }),
    );
    const cancelled = value(await b.bridge.invoke('publish.cancel', { jobId: job.jobId }));
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.sent).toBeLessThan(100000);
    // Nobody subscribes to this channel: only pattern subscribers on the server (a console measuring
    // channel rates) can have received it.
    expect(cancelled.receivers).toBeLessThanOrEqual(Number(await redis.pubsub('NUMPAT')));
  });
});
