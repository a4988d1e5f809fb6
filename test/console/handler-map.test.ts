// The console's areas each serve their own methods; two serving one method is refused when the
// handler map is built (at start), not resolved silently in favour of whichever came last.
import { describe, expect, it } from 'vitest';
import { mergeHandlers } from '../../electron/console/service';

describe('handler map', () => {
  it('merges the areas and refuses a method served twice, naming it', () => {
    const status = async () => ({ state: 'ready' as const, url: '', embedded: false });
    const merged = mergeHandlers([{ 'connection.status': status }, { 'demo.status': async () => ({ running: false }) as never }]);
    expect(Object.keys(merged).sort()).toEqual(['connection.status', 'demo.status']);
    expect(() => mergeHandlers([{ 'connection.status': status }, { 'connection.status': status }])).toThrow(
      /two console areas serve connection\.status/,
    );
  });
});
