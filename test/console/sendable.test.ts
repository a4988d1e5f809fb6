// Where unsendable() says the problem is: the path of keys down to it, after siblings and their
// subtrees were walked, and nothing for plain data.
import { describe, expect, it } from 'vitest';
import { unsendable } from '../../electron/console/sendable';

describe('unsendable', () => {
  it('names the path to the problem, not the path of a sibling walked before it', () => {
    const value = { a: { b: [1, { c: 'x' }], d: 'y' }, e: [{ f: null }, { g: { h: 1n } }] };
    expect(unsendable(value)?.reason).toBe('a BigInt at value.e[1].g.h has no JSON form');
    expect(
      unsendable([
        [1, [2]],
        [3, new Map()],
      ])?.reason,
    ).toMatch(/^a Map at value\[1\]\[1\] is not plain data/);
    expect(unsendable({ 'a b': { ok: true }, x: () => 1 })?.reason).toBe('a function at value.x cannot be sent');
    expect(unsendable({ 'a b': { y: Symbol('s') } })?.reason).toBe('a symbol at value["a b"].y cannot be sent');
  });

  it('passes plain data and refuses what is over the byte or depth limit', () => {
    expect(unsendable({ a: [1, 'two', null, false, { b: [] }] })).toBeNull();
    expect(unsendable('x'.repeat(100), { maxDepth: 10, maxBytes: 50 })?.code).toBe('too_large');
    let deep: unknown = 1;
    for (let i = 0; i < 5; i++) deep = { n: deep };
    expect(unsendable(deep, { maxDepth: 3, maxBytes: 1e6 })?.reason).toBe('it is nested deeper than 3 levels (or circular) at value.n.n.n');
  });
});
