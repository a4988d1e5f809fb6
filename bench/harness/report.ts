// The machine a run happened on, and the JSON written next to the printed table.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { Redis } from 'ioredis';
import { redisVersion } from './redis';
import type { ScenarioResult, TargetResult } from './runner';
import type { Size } from './scenario';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  redis: string;
  redisUrl: string;
  platform: string;
}

export async function describeMachine(redisUrl: string): Promise<Machine> {
  const redis = new Redis(redisUrl);
  try {
    return {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      redis: await redisVersion(redis),
      redisUrl: redisUrl.replace(/\/\/[^@/]*@/, '//***@'),
      platform: `${process.platform} ${process.arch}`,
    };
  } finally {
    redis.disconnect();
  }
}

export interface BenchReport {
  generatedAt: string;
  /** False while the run is still going (the file is rewritten after every family). */
  complete: boolean;
  machine: Machine;
  options: { size: Size; runs: number; only: string[] };
  scenarios: ScenarioResult[];
  targets: TargetResult[];
  /** Families that could not run here, and why. */
  skipped?: { family: string; reason: string }[];
  /** Wall-clock seconds each family took (its fixtures and teardown included), in run order. */
  familySeconds?: Record<string, number>;
  /** Runs per scenario of each family that ran (some take more than options.runs, see Family.runs). */
  familyRuns?: Record<string, number>;
}

/** "3 runs" or "3 runs (latency 5, fanout 5)": how many runs each median is of. */
export function describeRuns(runs: number, familyRuns: Record<string, number> = {}): string {
  const other = Object.entries(familyRuns).filter(([, n]) => n !== runs);
  return `${runs} runs${other.length ? ` (${other.map(([name, n]) => `${name} ${n}`).join(', ')})` : ''}`;
}

export async function writeReport(path: string, report: BenchReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Raw latency samples are not kept (only summaries), so the file stays small enough to commit.
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
