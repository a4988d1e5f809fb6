// flow.history over every bridge: the console's recent samples of a stream outlive the page that
// watched it, `sinceMs` returns only newer ones, and bad arguments are refused by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { collect, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

describe.each(BRIDGE_KINDS)('flow history over %s', (kind) => {
  let b: BridgeUnderTest;

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
  });
  afterAll(async () => b.close());

  it('gives the snapshots a page watched after it stopped watching, newer ones with sinceMs', async () => {
    const stream = uniqueName(`contract-flow-history-${kind}`);
    created.push(stream);
    await redis.xadd(stream, '*', 'msg', '{"n":1}');
    await redis.xgroup('CREATE', stream, 'billing', '0');
    const ticks = collect(b.bridge, 'flow.tick', (all) => all.flat().filter((s) => s.stream === stream).length >= 2, 10_000);
    const first = value(await b.bridge.invoke('flow.watch', { stream }));
    const pushed = [first, ...(await ticks.done).flat().filter((s) => s.stream === stream)];
    value(await b.bridge.invoke('flow.unwatch', { stream }));

    const history = value(await b.bridge.invoke('flow.history', { stream }));
    expect(history).toMatchObject({ stream, windowMs: 600_000, backgroundEveryMs: 5_000 });
    expect(history.samples.map((s) => s.at)).toEqual(expect.arrayContaining(pushed.map((s) => s.at)));
    expect(history.samples[0]).toMatchObject({ stream, at: first.at, groups: [{ group: 'billing', lag: 1, pending: 0, instances: [] }] });

    const newer = value(await b.bridge.invoke('flow.history', { stream, sinceMs: first.at }));
    expect(newer.samples.map((s) => s.at).slice(0, history.samples.length - 1)).toEqual(history.samples.slice(1).map((s) => s.at));
    expect(newer.samples.every((s) => s.at > first.at)).toBe(true);
  });

  it('refuses a negative sinceMs and a missing stream name, saying which argument', async () => {
    const bad = await b.bridge.invoke('flow.history', { stream: 'x', sinceMs: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/^flow\.history: sinceMs: /);
    const missing = await b.bridge.invoke('flow.history', {} as { stream: string });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    if (!missing.ok) expect(missing.error.message).toMatch(/stream/);
  });
});
