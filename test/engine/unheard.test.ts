// Errors are seen: an engine `error` nobody listens to goes to the process's reporter (console.warn
// with a stable prefix by default), once per kind per interval with a count of the rest; the
// subscription's own rate limit is per kind, so one noisy kind does not hide another.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EventConsumer,
  ERROR_PREFIX,
  EventStreamService,
  setErrorReporter,
  type EngineError,
  type EngineEvents,
} from '../../electron/engine';
import { UnheardErrors } from '../../electron/engine/unheard';
import { freePort } from '../helpers/redis';
import { delay, evStream, fixture, range, shared, until } from './util';

const fx = fixture();
afterEach(() => fx.run());

function capture(): { got: Array<{ e: EngineError; suppressed: number }>; restore: () => void } {
  const got: Array<{ e: EngineError; suppressed: number }> = [];
  const previous = setErrorReporter((e, suppressed) => got.push({ e, suppressed }));
  return { got, restore: () => setErrorReporter(previous) };
}

describe('unheard engine errors', () => {
  it('go to the reporter once per kind per interval, then a summary with how many were held back', async () => {
    const { got, restore } = capture();
    try {
      const unheard = new UnheardErrors(200);
      for (let i = 0; i < 5; i++) unheard.report({ at: Date.now(), context: 'read', error: `read ${i}` });
      unheard.report({ at: Date.now(), context: 'ack', error: 'ack 0' });
      expect(got.map((g) => [g.e.context, g.e.error, g.suppressed])).toEqual([
        ['read', 'read 0', 0],
        ['ack', 'ack 0', 0],
      ]);
      await until(() => got.length === 3, 'the summary of the read interval');
      expect(got[2]).toMatchObject({ e: { context: 'read', error: 'read 4' }, suppressed: 4 });
    } finally {
      restore();
    }
  });

  it('default: console.warn with the stable prefix, naming stream, group and instance', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      new UnheardErrors().report({ at: 1, context: 'claim', error: 'NOGROUP gone', stream: 'orders', group: 'billing', instance: 'pod-1' });
      expect(warn).toHaveBeenCalledWith(`${ERROR_PREFIX} claim error (stream orders, group billing, instance pod-1): NOGROUP gone`);
    } finally {
      warn.mockRestore();
    }
  });

  it('a service with no error listener reports its connection errors; with a listener the reporter stays quiet', async () => {
    const { got, restore } = capture();
    const port = await freePort(); // nothing listens there
    const quiet = new EventStreamService({ redis: `redis://127.0.0.1:${port}`, service: 'svc', presence: false });
    const heard: Array<EngineEvents['error']> = [];
    quiet.events.on('error', (e) => heard.push(e));
    const loud = new EventStreamService({ redis: `redis://127.0.0.1:${port}`, service: 'svc', presence: false });
    try {
      await until(() => got.length > 0 && heard.length > 0, 'connection errors');
      expect(got.every((g) => g.e.context === 'connection')).toBe(true);
      await delay(1_200); // past the service's own 1 s limit: further failures are held back by kind
      expect(got.length).toBe(1);
    } finally {
      restore();
      await Promise.all([quiet.close(), loud.close()]);
    }
  });

  it('the subscription rate-limits each kind on its own: claim failures do not hide a failing refresh', async () => {
    const name = fx.streamName('err-kinds');
    const svc = fx.service({ service: 'svc', presence: false });
    const errors: Array<EngineEvents['error']> = [];
    svc.events.on('error', (e) => errors.push(e));
    const { until: hang } = fx.hang();
    // One handler hangs with entries buffered behind it: claim passes every 50 ms and hold refreshes
    // (every claimIdleMs / 4) both fail once the stream is gone.
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => hang),
      { claimIdleMs: 3_000, claimEveryMs: 50, prefetch: 5 },
    );
    await svc.createProducer(evStream(name)).produce(range(5));
    await until(() => sub.stats().inFlight === 5, 'one running, four buffered');
    await shared.del(name);
    await until(() => new Set(errors.map((e) => e.context)).has('refresh held entries'), 'a refresh error among the claim errors', 5_000);
    expect(errors.some((e) => e.context === 'claim')).toBe(true);
    const claims = errors.filter((e) => e.context === 'claim').map((e) => e.at);
    for (let i = 1; i < claims.length; i++) expect(claims[i] - claims[i - 1]).toBeGreaterThanOrEqual(250);
  });
});
