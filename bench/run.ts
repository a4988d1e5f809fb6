// npm run bench [-- --full | --quick] [--only <scenario|family>]… [--runs N] [--redis URL] [--out FILE]
// Runs every scenario family against one Redis, prints the tables (every ratio with its target,
// producer and consumer rates, heap and GC, load per run) and writes the JSON report.
import { parseArgs } from 'node:util';
import { describeMachine, describeRuns, writeReport } from './harness/report';
import { evaluateTargets, runFamily, type ScenarioResult, type TargetResult } from './harness/runner';
import { DEFAULT_RUNS, type Family, type Scenario, type Size } from './harness/scenario';
import { heapTable, notesTable, renderText, scenarioTable, targetTable } from './harness/table';
import { families } from './scenarios';

const USAGE = `usage: npm run bench -- [--full | --quick] [--only <scenario-id|family>]... [--runs N] [--redis URL] [--out FILE] [--list]`;

function parseCli() {
  const { values } = parseArgs({
    options: {
      redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
      full: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true, default: [] },
      /** Without it: DEFAULT_RUNS, or the family's own `runs`. */
      runs: { type: 'string' },
      out: { type: 'string', default: 'bench/results/latest.json' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1))
    throw new Error(`--runs must be a positive integer, got '${values.runs}'`);
  if (values.full && values.quick) throw new Error('--full and --quick exclude each other');
  const size: Size = values.full ? 'full' : values.quick ? 'quick' : 'default';
  return { ...values, runs, size };
}

/** The scenarios of a family that --only picks, plus the baselines they are compared with and their targets' A/A controls. */
function select(family: Family, only: string[]): Scenario[] {
  if (only.length === 0 || only.includes(family.name)) return family.scenarios;
  const wanted = new Set(family.scenarios.filter((s) => only.some((o) => s.id === o || s.id.startsWith(`${o}`))).map((s) => s.id));
  // A target's A/A control runs whenever its subject does.
  for (const t of family.targets) if (t.control && wanted.has(t.subject)) wanted.add(t.control);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of family.scenarios) {
      if (wanted.has(s.id) && s.baseline && !wanted.has(s.baseline)) {
        wanted.add(s.baseline);
        grew = true;
      }
    }
  }
  return family.scenarios.filter((s) => wanted.has(s.id));
}

const duration = (seconds: number): string => (seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`);

async function main(): Promise<void> {
  const cli = parseCli();
  if (cli.help) return console.log(USAGE);
  if (cli.list) {
    for (const f of families) for (const s of f.scenarios) console.log(`${s.id.padEnd(36)} ${s.title}`);
    return;
  }
  const known = families.flatMap((f) => [f.name, ...f.scenarios.map((s) => s.id)]);
  const unknown = cli.only.filter((o) => !known.some((k) => k === o || k.startsWith(o)));
  if (unknown.length) throw new Error(`--only: no scenario or family named ${unknown.join(', ')} (see --list)`);

  const machine = await describeMachine(cli.redis);
  console.log(
    `Redis ${machine.redis} at ${machine.redisUrl} · Node ${machine.node} · ${machine.cores} cores (${machine.cpuModel}) · ${machine.memoryGiB} GiB`,
  );
  const runsOf = (family: Family): number => cli.runs ?? family.runs ?? DEFAULT_RUNS;
  const planned = Object.fromEntries(families.filter((f) => select(f, cli.only).length > 0).map((f) => [f.name, runsOf(f)]));
  console.log(
    `${cli.size} sizes · median of ${describeRuns(cli.runs ?? DEFAULT_RUNS, planned)}, baselines interleaved in the same invocation, order rotated every round\n`,
  );

  const results: ScenarioResult[] = [];
  const targets: TargetResult[] = [];
  const skipped: { family: string; reason: string }[] = [];
  const familySeconds: Record<string, number> = {};
  const familyRuns: Record<string, number> = {};
  const invocationStart = performance.now();
  const report = (complete: boolean) => ({
    generatedAt: new Date().toISOString(),
    complete,
    machine,
    options: { size: cli.size, runs: cli.runs ?? DEFAULT_RUNS, only: cli.only },
    /** Runs per scenario of each family that ran. */
    familyRuns,
    scenarios: results,
    targets,
    skipped,
    familySeconds,
  });
  for (const family of families) {
    const selected = select(family, cli.only);
    if (selected.length === 0) continue;
    const reason = family.unavailable?.();
    if (reason) {
      console.log(`[${family.name}] skipped: ${reason}`);
      skipped.push({ family: family.name, reason });
      continue;
    }
    console.log(`[${family.name}]`);
    const familyStart = performance.now();
    const familyResults = await runFamily(family, selected, {
      redisUrl: cli.redis,
      size: cli.size,
      runs: runsOf(family),
      log: console.log,
    }).finally(() => family.teardown?.());
    familyRuns[family.name] = planned[family.name];
    familySeconds[family.name] = Math.round((performance.now() - familyStart) / 1000);
    console.log(`[${family.name}] took ${duration(familySeconds[family.name])}`);
    results.push(...familyResults);
    targets.push(...evaluateTargets(family.targets, familyResults).filter((t) => t.met !== null || cli.only.length === 0));
    // Written after every family, so a long run on a busy machine leaves what it measured so far.
    await writeReport(cli.out, report(false));
  }

  console.log(`\n${renderText(scenarioTable(results))}\n`);
  const heap = heapTable(results);
  if (heap.rows.length) console.log(`${renderText(heap)}\n`);
  if (targets.length) console.log(`${renderText(targetTable(targets))}\n`);
  console.log(`${renderText(notesTable(results))}\n`);
  for (const s of skipped) console.log(`skipped ${s.family}: ${s.reason}`);
  await writeReport(cli.out, report(true));
  const perFamily = Object.entries(familySeconds)
    .map(([name, s]) => `${name} ${duration(s)}`)
    .join(', ');
  console.log(`took ${duration(Math.round((performance.now() - invocationStart) / 1000))} (${perFamily})`);
  console.log(`wrote ${cli.out}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
    process.exit(1);
  },
);
