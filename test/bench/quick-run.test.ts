// `npm run bench -- --quick` end to end on the shared Redis: three runs per scenario in rotated
// order, medians with their spread, the load average of every run, heap and GC per 100k events
// from the consumer processes, and every target given a value and a verdict. No timing is
// asserted (a benchmark on a shared machine is not a test of speed): only that the method holds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../bench/harness/report';

const dir = mkdtempSync(join(tmpdir(), 'streamscope-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --quick', () => {
  it(
    'runs produce and a drain with its baseline three times each, rotating the order, and reports every target',
    { timeout: 300_000 },
    () => {
      const out = join(dir, 'quick.json');
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'bench/run.ts', '--quick', '--runs', '3', '--only', 'produce', '--only', 'drain.engine-batched', '--out', out],
        {
          encoding: 'utf8',
          timeout: 280_000,
        },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('order rotated every round');

      const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
      expect(report.complete).toBe(true);
      expect(report.options).toMatchObject({ size: 'quick', runs: 3 });
      const ids = report.scenarios.map((s) => s.id);
      expect(ids).toEqual([
        'produce.bare-xadd',
        'produce.engine-awaited',
        'produce.bare-pipeline100',
        'produce.bare-lua100',
        'produce.engine-batch100',
        'drain.bare-count100',
        'drain.engine-batched',
      ]);

      for (const s of report.scenarios) {
        // A failed run would be listed, never dropped: runs + errors = 3.
        expect(s.runs.length + s.errors.length, s.id).toBe(3);
        for (const m of s.runs) {
          expect(m.load?.before, s.id).toBeGreaterThanOrEqual(0);
          expect(m.load?.after, s.id).toBeGreaterThanOrEqual(0);
        }
        const [min, max] = s.spread!.msgsPerSec;
        expect(min).toBeLessThanOrEqual(s.median!.msgsPerSec);
        expect(max).toBeGreaterThanOrEqual(s.median!.msgsPerSec);
      }
      // Rotation: in a family of n scenarios, each goes first in some round and none keeps its place.
      const places = (id: string) => report.scenarios.find((s) => s.id === id)!.runs.map((m) => m.order);
      expect(places('produce.bare-xadd')).toEqual([1, 5, 4]);
      expect(places('drain.bare-count100')).toEqual([1, 2, 1]);

      const drain = report.scenarios.filter((s) => s.family === 'drain');
      for (const s of drain) {
        expect(s.median!.allocMBPer100k, s.id).toBeGreaterThan(0);
        expect(s.notes.backlogWrittenPerSec, s.id).toBeGreaterThan(0);
        expect(s.notes.duplicates, s.id).toBe(0);
        // The Redis server's CPU over the drain, per delivered event (it shares the cores with the consumers).
        expect(s.notes.redisCpuUsPerEvent, s.id).toBeGreaterThan(0);
      }

      const labels = report.targets.map((t) => t.label);
      expect(labels).toEqual(
        expect.arrayContaining([
          'produce awaited',
          'produce in batches of 100',
          'Batched drain of the backlog',
          'Batched heap allocated per 100k events',
        ]),
      );
      for (const t of report.targets.filter((t) => t.metric === 'msgsPerSec' || t.metric === 'allocMBPer100k')) {
        expect(t.value, t.label).toBeGreaterThan(0);
        expect(typeof t.met, t.label).toBe('boolean');
      }
      expect(report.targets.find((t) => t.label === 'produce in batches of 100')?.reference).toBe('produce.bare-lua100');
    },
  );
});
