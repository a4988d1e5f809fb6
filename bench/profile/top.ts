// Profiling aid: the functions with the most self time in a V8 .cpuprofile (from --cpu-prof or
// drain-one --profile), or the most bytes allocated in a sampling .heapprofile (drain-one
// --heap-profile), and the same summed per source file. --events N also prints bytes per event.
//   npx tsx bench/profile/top.ts /tmp/prof/CPU.*.cpuprofile [--limit 25]
//   npx tsx bench/profile/top.ts /tmp/engine.heapprofile --events 100000
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  samples: number[];
  timeDeltas: number[];
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}
interface HeapProfile {
  head: HeapNode;
}

const { values, positionals } = parseArgs({
  options: { limit: { type: 'string', default: '25' }, events: { type: 'string' } },
  allowPositionals: true,
});
if (positionals.length !== 1) throw new Error('usage: top.ts <file.cpuprofile | file.heapprofile> [--limit N] [--events N]');
const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile | HeapProfile;

/** Self cost per call frame: µs sampled (CPU) or bytes sampled (heap). */
const self: Array<[CallFrame, number]> = [];
if ('head' in profile) {
  const walk = (node: HeapNode) => {
    self.push([node.callFrame, node.selfSize]);
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
} else {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const us = new Map<number, number>();
  profile.samples.forEach((id, i) => us.set(id, (us.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  for (const [id, v] of us) self.push([byId.get(id)!, v]);
}
const heap = 'head' in profile;
const total = self.reduce((a, [, v]) => a + v, 0);

const fn = new Map<string, number>();
const file = new Map<string, number>();
for (const [frame, v] of self) {
  const where = frame.url.replace(/^file:\/\/.*?\/(node_modules|electron|bench)\//, '$1/') || '(native)';
  const name = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
  fn.set(name, (fn.get(name) ?? 0) + v);
  const f = where.replace(/^(node_modules\/(@[^/]+\/)?[^/]+)\/.*$/, '$1');
  file.set(f, (file.get(f) ?? 0) + v);
}
const events = values.events ? Number(values.events) : null;
const amount = (v: number) =>
  heap
    ? `${(v / 1e6).toFixed(1).padStart(7)} MB${events ? `  ${(v / events).toFixed(0).padStart(5)} B/event` : ''}`
    : `${(v / 1000).toFixed(0).padStart(6)} ms`;
const show = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${amount(v)}  ${k}`)
    .join('\n');
console.log(
  `total ${amount(total)} sampled\n\nby function (self ${heap ? 'bytes allocated' : 'time'})\n${show(fn, Number(values.limit))}\n\nby file / package\n${show(file, 15)}`,
);
