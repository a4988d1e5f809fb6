// Whether a value can travel to a page: as JSON over WebSocket and by structured clone over
// Electron IPC, the same either way. Plain data only — null, booleans, numbers, strings, arrays and
// plain objects — nested at most `maxDepth` deep (serializers recurse: about 4,000 levels overflow
// V8's stack in JSON.stringify and in structured clone alike) and about `maxBytes` long. The walk
// is iterative, and it stops at the first problem or once the size is over, so a value nested
// 100,000 deep or a huge one costs a bounded walk, never an exception.

export interface SendLimits {
  maxDepth: number;
  /** Compared with the size the value would have as JSON text, counted approximately (string lengths, not UTF-8 bytes). */
  maxBytes: number;
}

export const REPLY_LIMITS: SendLimits = { maxDepth: 1_000, maxBytes: 32 * 1024 * 1024 };

export type Unsendable = { code: 'internal' | 'too_large'; reason: string };

/** The keys from the value down to the one in question (its path), as a reader would write them. */
const where = (path: ReadonlyArray<string | number>): string => {
  if (path.length === 0) return 'the value itself';
  const shown = path
    .slice(0, 12)
    .map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k.slice(0, 40))}]`));
  return `value${shown.join('')}${path.length > 12 ? '…' : ''}`;
};

function kindOf(value: object): string {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name ? `a ${name}` : 'an object with a foreign prototype';
}

const tooLarge = (limits: SendLimits): Unsendable => ({
  code: 'too_large',
  reason: `it is over ${Math.round(limits.maxBytes / 1024 / 1024)} MiB as JSON text; ask for less (a smaller count or a narrower filter)`,
});

/**
 * Null when `value` can be sent within `limits`; otherwise what is wrong and where. Depth first over
 * three stacks (value, depth, key) rather than an object per value: every reply goes through here.
 * The path to the value in hand is kept as it goes: when a value at depth d comes off the stack, the
 * last one taken at depth d - 1 is its parent, so the path is cut to d - 1 keys and its key added.
 */
export function unsendable(value: unknown, limits: SendLimits = REPLY_LIMITS): Unsendable | null {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  const keysOf: Array<string | number> = [''];
  const path: Array<string | number> = [];
  let bytes = 0;
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop() as number;
    const key = keysOf.pop() as string | number;
    if (depth > 0) {
      path.length = depth - 1;
      path.push(key);
    }
    if (bytes > limits.maxBytes) return tooLarge(limits);
    switch (typeof v) {
      case 'string':
        bytes += v.length + 2;
        continue;
      case 'number':
      case 'boolean':
        bytes += 8;
        continue;
      case 'undefined':
        bytes += 4;
        continue;
      case 'bigint':
        return { code: 'internal', reason: `a BigInt at ${where(path)} has no JSON form` };
      case 'function':
      case 'symbol':
        return { code: 'internal', reason: `a ${typeof v} at ${where(path)} cannot be sent` };
    }
    if (v === null) {
      bytes += 4;
      continue;
    }
    if (depth >= limits.maxDepth) {
      return { code: 'internal', reason: `it is nested deeper than ${limits.maxDepth} levels (or circular) at ${where(path)}` };
    }
    if (Array.isArray(v)) {
      bytes += 2 + v.length;
      if (bytes > limits.maxBytes) return tooLarge(limits);
      for (let i = v.length - 1; i >= 0; i--) {
        values.push(v[i]);
        depths.push(depth + 1);
        keysOf.push(i);
      }
      continue;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      return {
        code: 'internal',
        reason: `${kindOf(v as object)} at ${where(path)} is not plain data (JSON and structured clone would send it differently)`,
      };
    }
    const keys = Object.keys(v as object);
    bytes += 2 + keys.length;
    if (bytes > limits.maxBytes) return tooLarge(limits);
    for (let i = keys.length - 1; i >= 0; i--) {
      bytes += keys[i].length + 3;
      values.push((v as Record<string, unknown>)[keys[i]]);
      depths.push(depth + 1);
      keysOf.push(keys[i]);
    }
  }
  return bytes > limits.maxBytes ? tooLarge(limits) : null;
}
