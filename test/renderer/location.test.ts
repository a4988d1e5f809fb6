// Deep-link addresses: every view round-trips through the hash, and a hash is validated like any
// other input (bad encoding, a name the contract refuses, an unknown tab, a non-id entry, a group off its tab).
import { describe, expect, it } from 'vitest';
import { hashToView, linkTo, viewToHash, type LinkedView } from '../../renderer/state/location';

describe('deep-link hashes', () => {
  it('round-trips views, tabs and entries, names with any characters included', () => {
    const views: LinkedView[] = [
      { kind: 'overview' },
      { kind: 'broadcast' },
      { kind: 'publish' },
      { kind: 'stream', stream: 'orders' },
      { kind: 'stream', stream: 'a/b?c#d é', tab: 'pending' },
      { kind: 'stream', stream: 'orders', entry: '1700000000000-3' },
      { kind: 'stream', stream: 'orders', tab: 'groups', group: 'billing/eu é' },
      // Bytes that are not UTF-8 (escaped as in shared/key-name.ts) and characters outside the BMP.
      { kind: 'stream', stream: 'bin-\udcff\udcfe', tab: 'charts' },
      { kind: 'stream', stream: 'emoji-😀' },
    ];
    for (const view of views) expect(hashToView(viewToHash(view))).toEqual(view);
    expect(viewToHash({ kind: 'stream', stream: 'a/b', tab: 'groups' })).toBe('#/stream/a%2Fb/groups');
    expect(viewToHash({ kind: 'stream', stream: 'bin-\udcff' })).toBe('#/stream/bin-%FF');
    // What a browser puts in the address for a typed name decodes too.
    expect(hashToView(`#/stream/${encodeURIComponent('é 😀')}`)).toEqual({ kind: 'stream', stream: 'é 😀' });
  });

  it('lands on the Overview, or on the stream alone, when a part does not parse', () => {
    expect(hashToView('')).toEqual({ kind: 'overview' });
    expect(hashToView('#/nowhere')).toEqual({ kind: 'overview' });
    expect(hashToView('#/stream/%E0%A4%A')).toEqual({ kind: 'overview' });
    expect(hashToView(`#/stream/${'x'.repeat(70_000)}`)).toEqual({ kind: 'overview' });
    expect(hashToView('#/stream/orders/nonsense')).toEqual({ kind: 'stream', stream: 'orders' });
    expect(hashToView('#/stream/orders?entry=not-an-id')).toEqual({ kind: 'stream', stream: 'orders' });
    expect(hashToView('#/stream/orders/groups?entry=1-1')).toEqual({ kind: 'stream', stream: 'orders', tab: 'groups' });
    // A group belongs to the Groups tab only, and is refused when the contract refuses its name.
    expect(viewToHash({ kind: 'stream', stream: 'orders', tab: 'groups', group: 'billing' })).toBe('#/stream/orders/groups?group=billing');
    expect(hashToView('#/stream/orders/pending?group=billing')).toEqual({ kind: 'stream', stream: 'orders', tab: 'pending' });
    expect(hashToView(`#/stream/orders/groups?group=${'g'.repeat(70_000)}`)).toEqual({ kind: 'stream', stream: 'orders', tab: 'groups' });
    expect(hashToView('#/stream/orders/groups?group=%E0%A4%A')).toEqual({ kind: 'overview' });
  });

  it('builds a link without the web-mode token', () => {
    const link = linkTo({ kind: 'stream', stream: 'orders', tab: 'flow' }, { href: 'http://127.0.0.1:5177/?token=secret#/overview' });
    expect(link).toBe('http://127.0.0.1:5177/#/stream/orders/flow');
  });
});
