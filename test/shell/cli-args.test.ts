import { describe, expect, it } from 'vitest';
import { parseShellArgs } from '../../electron/shell/cli-args';

describe('desktop command line', () => {
  it('reads --redis in both spellings and ignores Chromium switches', () => {
    expect(parseShellArgs(['/usr/bin/electron', '.', '--no-sandbox', '--redis', 'redis://127.0.0.1:6380'])).toEqual({
      redis: 'redis://127.0.0.1:6380',
    });
    expect(parseShellArgs(['--redis=rediss://db.internal:6379/2'])).toEqual({ redis: 'rediss://db.internal:6379/2' });
    expect(parseShellArgs(['--inspect=9229'])).toEqual({});
  });

  it('rejects a --redis value that is not a Redis URL, naming it', () => {
    expect(() => parseShellArgs(['--redis', 'localhost:6379'])).toThrow(/--redis needs a URL .* got "localhost:6379"/);
    expect(() => parseShellArgs(['--redis'])).toThrow(/--redis needs a URL/);
  });
});
