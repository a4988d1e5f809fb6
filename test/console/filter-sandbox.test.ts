// The filter language's sandbox: whatever an expression is built from, it cannot name a JavaScript
// global, reach an object's prototype or constructor, or call into Node. Fuzzed with fast-check over
// expressions assembled from escape attempts, and checked that no evaluation changes the process.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilterStrict, type FilterInput } from '../../electron/console/filter-language';
import { ContractError } from '../../shared/reply';

const input = (): FilterInput => ({
  id: '1700000000000-0',
  timestamp: 1700000000000n,
  fields: { msg: '{"amount":5}' },
  value: JSON.parse('{"amount": 5, "user": {"name": "a"}, "list": [1, 2]}') as unknown,
});

const ESCAPES = [
  'constructor',
  '__proto__',
  'prototype',
  'process',
  'require',
  'globalThis',
  'this',
  'global',
  'module',
  'import',
  'eval',
  'Function',
  'toString',
  'valueOf',
  '__defineGetter__',
  'hasOwnProperty',
];
const ROOTS = ['value', 'value.user', 'value.list', 'fields', 'id', 'timestamp'];

/** One expression that tries to walk from a root (or from nothing) to something outside the sandbox. */
const attempt = fc.oneof(
  fc
    .tuple(fc.constantFrom(...ROOTS), fc.array(fc.constantFrom(...ESCAPES), { minLength: 1, maxLength: 4 }))
    .map(([root, path]) => `${root}.${path.join('.')}`),
  fc.tuple(fc.constantFrom(...ROOTS), fc.constantFrom(...ESCAPES)).map(([root, key]) => `${root}["${key}"]`),
  fc.constantFrom(...ESCAPES).map((name) => name),
  fc.tuple(fc.constantFrom(...ESCAPES), fc.string({ maxLength: 10 })).map(([f, arg]) => `${f}(${JSON.stringify(arg)})`),
  fc.tuple(fc.constantFrom(...ROOTS), fc.constantFrom(...ESCAPES)).map(([root, key]) => `has(${root}.${key})`),
  fc.tuple(fc.constantFrom(...ROOTS), fc.constantFrom(...ESCAPES)).map(([root, key]) => `${root}.${key}("process.exit(1)")`),
  fc.constantFrom(...ESCAPES).map((key) => `value.list.map(x, x.${key})`),
  fc.constantFrom(...ESCAPES).map((key) => `{"a": 1}.${key}`),
);

describe('filter sandbox', () => {
  it('refuses every escape: compile error, evaluation error, or plain false — never a host object', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(attempt, (expression) => {
        let evaluate: ReturnType<typeof compileFilterStrict>;
        try {
          evaluate = compileFilterStrict(expression);
        } catch (error) {
          expect(error).toBeInstanceOf(ContractError);
          return;
        }
        const verdict = evaluate(input());
        // A match would mean the expression saw something truthy outside its input.
        if (verdict !== false) expect(verdict).toBeInstanceOf(Error);
      }),
      { numRuns: 2000 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it('reads a JSON key named __proto__ as data and pollutes nothing', () => {
    const withKey = { ...input(), value: JSON.parse('{"__proto__": {"polluted": true}}') as unknown };
    expect(compileFilterStrict('value.__proto__.polluted == true')(withKey)).toBe(true);
    expect(compileFilterStrict('has(value.__proto__.constructor)')(withKey)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still answers ordinary questions about the entry', () => {
    const f = (e: string) => compileFilterStrict(e)(input());
    expect(f('value.amount > 1.0 && value.user.name == "a"')).toBe(true);
    expect(f('id.startsWith("1700") && timestamp > 0')).toBe(true);
    expect(f('value.list.exists(x, x == 2.0)')).toBe(true);
    // A key only inherited (or named __proto__ in JSON, which is an own key) is no way out.
    expect(f('has(value.constructor)')).toBe(false);
  });
});
