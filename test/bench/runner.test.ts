// The runner's rules on their own: rotation of the run order, and targets that a failed run or a
// missing value fails instead of leaving out.
import { describe, expect, it } from 'vitest';
import { evaluateTargets, rotate, type ScenarioResult } from '../../bench/harness/runner';
import type { Target } from '../../bench/harness/scenario';

function result(id: string, msgsPerSec: number, errors: string[] = [], baseline: string | null = null): ScenarioResult {
  const m = { messages: msgsPerSec, seconds: 1, bytesPerMessage: 200, latency: null };
  return {
    id,
    family: 'f',
    title: id,
    meaning: id,
    baseline,
    runs: [m, m],
    errors,
    median: {
      msgsPerSec,
      mbPerSec: 0,
      p50: Number.NaN,
      p95: Number.NaN,
      p99: Number.NaN,
      p999: Number.NaN,
      max: Number.NaN,
      p99Warm: Number.NaN,
      producerMsgsPerSec: Number.NaN,
      allocMBPer100k: 0,
      gcPer100k: 0,
      gcMsPer100k: 0,
      heapPeakMB: 0,
    },
    spread: null,
    producerBoundRuns: 0,
    producerBehindRuns: 0,
    ratio: null,
    notes: {},
  };
}

const target: Target = { label: 't', subject: 'engine', reference: 'bare', metric: 'msgsPerSec', atLeast: 0.95 };

describe('bench runner', () => {
  it('rotates the order every round so each scenario takes every place', () => {
    expect(rotate(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b', 'c'], 2)).toEqual(['c', 'a', 'b']);
    expect(rotate(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c']);
    expect(rotate([], 2)).toEqual([]);
  });

  it('meets or misses a target on the ratio of medians', () => {
    const [met] = evaluateTargets([target], [result('engine', 96), result('bare', 100)]);
    expect(met).toMatchObject({ value: 0.96, met: true, failure: null });
    const [missed] = evaluateTargets([target], [result('engine', 90), result('bare', 100)]);
    expect(missed).toMatchObject({ value: 0.9, met: false, failure: null });
  });

  it('fails a target when a run of either side failed, even if the medians of the rest meet it', () => {
    const [t] = evaluateTargets([target], [result('engine', 120), result('bare', 100, ['run 2: stalled: no delivery for 30 s'])]);
    expect(t.met).toBe(false);
    expect(t.value).toBe(1.2);
    expect(t.failure).toBe('1 of 3 runs of bare failed');
  });

  it('fails a target with no value rather than leaving it out', () => {
    const [t] = evaluateTargets(
      [{ ...target, metric: 'p99Warm', atMost: 1.3, atLeast: undefined }],
      [result('engine', 1), result('bare', 1)],
    );
    expect(t).toMatchObject({ value: null, met: false, failure: 'no p99Warm measured' });
  });

  it('treats nothing against nothing as par and something against nothing as unbounded', () => {
    const gc: Target = { label: 'gc', subject: 'engine', reference: 'bare', metric: 'gcMsPer100k', atMost: 1.2 };
    const engine = result('engine', 1);
    const bare = result('bare', 1);
    expect(evaluateTargets([gc], [engine, bare])[0]).toMatchObject({ value: 1, met: true });
    engine.median!.gcMsPer100k = 5;
    expect(evaluateTargets([gc], [engine, bare])[0]).toMatchObject({ value: Number.POSITIVE_INFINITY, met: false });
  });

  it('reports the control against its own baseline (A/A) beside the verdict, without changing it', () => {
    const withControl: Target = { ...target, control: 'bare-again' };
    const again = (v: number, errors: string[] = []) => result('bare-again', v, errors, 'bare');
    const [t] = evaluateTargets([withControl], [result('engine', 90), result('bare', 100), again(88)]);
    expect(t).toMatchObject({ value: 0.9, met: false, aa: 0.88 });
    // A peer target reads the same control: the A/A is still the control over the bare loop it repeats.
    const peer: Target = { ...target, reference: 'peer', control: 'bare-again' };
    const [p] = evaluateTargets([peer], [result('engine', 90), result('peer', 45), result('bare', 100), again(110)]);
    expect(p).toMatchObject({ value: 2, met: true, aa: 1.1 });
    const [noControlRun] = evaluateTargets([withControl], [result('engine', 96), result('bare', 100)]);
    expect(noControlRun).toMatchObject({ met: true, aa: null });
    const [failedControl] = evaluateTargets([withControl], [result('engine', 96), result('bare', 100), again(50, ['run 1: stalled'])]);
    expect(failedControl).toMatchObject({ met: true, aa: null });
    expect(evaluateTargets([target], [result('engine', 96), result('bare', 100)])[0].aa).toBeNull();
  });

  it('does not judge a target whose scenarios were not run', () => {
    expect(evaluateTargets([target], [result('bare', 100)])[0]).toMatchObject({ value: null, met: null });
  });
});
