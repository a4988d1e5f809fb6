// streamscope:// links: the places web mode's addresses reach, each checked before a window opens;
// anything else (another scheme, an unknown tab, a bad entry id, bad encoding) is refused.
import { describe, expect, it } from 'vitest';
import { hashForLink, linkFromArgv } from '../../electron/shell/deep-link';

describe('streamscope:// links', () => {
  it('open the stream, tab and entry they name, as our renderer hash', () => {
    expect(hashForLink('streamscope://overview')).toBe('#/overview');
    expect(hashForLink('streamscope://broadcast/')).toBe('#/broadcast');
    expect(hashForLink('streamscope://stream/orders')).toBe('#/stream/orders');
    expect(hashForLink('streamscope://stream/a%2Fb/pending')).toBe('#/stream/a%2Fb/pending');
    expect(hashForLink('streamscope://stream/orders?entry=1700000000000-0')).toBe('#/stream/orders?entry=1700000000000-0');
    expect(hashForLink('streamscope://stream/orders/groups?group=billing')).toBe('#/stream/orders/groups?group=billing');
  });

  it('refuse links that are not ours or do not parse exactly', () => {
    for (const link of [
      'https://example.com/#/overview',
      'streamscope://',
      'streamscope://settings',
      'streamscope://stream/orders/nonsense',
      'streamscope://stream/orders?entry=DROP',
      'streamscope://stream/%E0%A4%A',
      'streamscope://stream/orders/groups?entry=1-1',
      `streamscope://stream/${'x'.repeat(80_000)}`,
      'streamscope://stream/orders#/../../etc',
    ])
      expect(hashForLink(link), link).toBeNull();
  });

  it('are found on a second launch’s command line', () => {
    expect(linkFromArgv(['/usr/bin/streamscope', '--redis', 'redis://x', 'streamscope://stream/orders'])).toBe(
      'streamscope://stream/orders',
    );
    expect(linkFromArgv(['/usr/bin/streamscope', '--redis', 'redis://x'])).toBeNull();
  });
});
