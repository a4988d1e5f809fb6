// Profiling aid: the functions with the most self time in a V8 .cpuprofile (from --cpu-prof),
// and the same summed per source file.
//   npx tsx bench/profile/top.ts /tmp/prof/CPU.*.cpuprofile [--limit 25]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ options: { limit: { type: 'string', default: '25' } }, allowPositionals: true });
if (positionals.length !== 1) throw new Error('usage: top.ts <file.cpuprofile> [--limit N]');
const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const fn = new Map<string, number>();
const file = new Map<string, number>();
for (const [id, us] of selfUs) {
  const frame = byId.get(id)!.callFrame;
  const where = frame.url.replace(/^file:\/\/.*?\/(node_modules|electron|bench)\//, '$1/') || '(native)';
  const name = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
  fn.set(name, (fn.get(name) ?? 0) + us);
  const f = where.replace(/^(node_modules\/(@[^/]+\/)?[^/]+)\/.*$/, '$1');
  file.set(f, (file.get(f) ?? 0) + us);
}
const show = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`)
    .join('\n');
console.log(`total ${(total / 1000).toFixed(0)} ms sampled\n\nby function (self time)\n${show(fn, Number(values.limit))}\n\nby file / package\n${show(file, 15)}`);
