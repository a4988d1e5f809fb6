import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNames, mergeByName, sortByName } from '../../renderer/state/byName';

const named = (name: string, from = 'base') => ({ name, from });

describe('lists in name order', () => {
  it('sorts as the locale does, and names the locale calls equal by code units (a total order)', () => {
    expect(sortByName([named('b'), named('B'), named('a'), named('ä')]).map((x) => x.name)).toEqual(
      [...['b', 'B', 'a', 'ä']].sort((x, y) => x.localeCompare(y)),
    );
    // "é" precomposed and decomposed: equal to the locale, still two different keys.
    const composed = '\u00e9';
    const decomposed = 'e\u0301';
    expect(composed.localeCompare(decomposed)).toBe(0);
    expect(Math.sign(compareNames(composed, decomposed))).toBe(-Math.sign(compareNames(decomposed, composed)));
    expect(compareNames(composed, decomposed)).not.toBe(0);
  });

  it('merges two sorted lists in one pass, the fresh item replacing the one with the same name', () => {
    const merged = mergeByName([named('a'), named('c'), named('e')], [named('b', 'fresh'), named('c', 'fresh'), named('z', 'fresh')]);
    expect(merged.map((x) => `${x.name}:${x.from}`)).toEqual(['a:base', 'b:fresh', 'c:fresh', 'e:base', 'z:fresh']);
    expect(mergeByName([], [named('x')]).map((x) => x.name)).toEqual(['x']);
    expect(mergeByName([named('x')], []).map((x) => x.name)).toEqual(['x']);
  });

  it('gives what sorting the union gives, for any names', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string()), fc.uniqueArray(fc.string()), (base, fresh) => {
        const merged = mergeByName(sortByName(base.map((n) => named(n))), sortByName(fresh.map((n) => named(n, 'fresh'))));
        const union = new Map(base.map((n) => [n, named(n)]));
        for (const n of fresh) union.set(n, named(n, 'fresh'));
        expect(merged).toEqual(sortByName([...union.values()]));
      }),
    );
  });

  it('places a few fresh names into a long list exactly where sorting would (galloping search)', () => {
    const base = sortByName(Array.from({ length: 3_000 }, (_, i) => named(`stream:${i}`)));
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.oneof(
            fc.integer({ min: -10, max: 3_100 }).map((i) => `stream:${i}`),
            fc.string(),
          ),
          { maxLength: 30 },
        ),
        (names) => {
          const fresh = sortByName(names.map((n) => named(n, 'fresh')));
          const union = new Map(base.map((x) => [x.name, x]));
          for (const x of fresh) union.set(x.name, x);
          expect(mergeByName(base, fresh)).toEqual(sortByName([...union.values()]));
        },
      ),
      { numRuns: 200 },
    );
  });
});
