import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DESKTOP_CSP_HARDENING,
  HEADER_ONLY_CSP_DIRECTIVES,
  RENDERER_CSP_HEADER,
  RENDERER_CSP_META,
  parseCsp,
  withRendererCsp,
} from '../../electron/shell/csp';

const INDEX_HTML = new URL('../../renderer/index.html', import.meta.url);

describe('renderer Content-Security-Policy', () => {
  const header = parseCsp(RENDERER_CSP_HEADER);

  it('allows scripts only from our own bundle and nothing from other origins by default', () => {
    expect(header.get('default-src')).toBe("'self'");
    expect(header.get('script-src')).toBe("'self'");
    expect(header.get('object-src')).toBe("'none'");
    expect(header.get('base-uri')).toBe("'none'");
    expect(header.get('frame-ancestors')).toBe("'none'");
  });

  it('has no unsafe script source and no remote host anywhere', () => {
    expect(header.get('script-src')).not.toMatch(/unsafe-|data:|blob:/);
    expect(RENDERER_CSP_HEADER).not.toMatch(/\*|https?:|blob:|unsafe-eval/);
  });

  it('lets the desktop window connect only to itself (its bridge is IPC, not a WebSocket)', () => {
    expect(header.get('connect-src')).toBe("'self'");
    expect(RENDERER_CSP_HEADER).not.toMatch(/wss?:/);
    expect(header.get('form-action')).toBe("'none'");
  });

  it('keeps every <meta> directive in the header, equal unless the desktop hardening narrows it', () => {
    const hardened = new Map(DESKTOP_CSP_HARDENING.map(([k, v]) => [k, v]));
    for (const [name, sources] of parseCsp(RENDERER_CSP_META)) {
      expect(header.get(name), name).toBe(hardened.get(name) ?? sources);
    }
  });

  it('puts header-only directives in the header and not in the meta policy', () => {
    for (const [name] of HEADER_ONLY_CSP_DIRECTIVES) {
      expect(parseCsp(RENDERER_CSP_META).has(name)).toBe(false);
      expect(header.has(name)).toBe(true);
    }
  });

  it('replaces a server CSP header whatever its case, keeping other headers', () => {
    const out = withRendererCsp({ 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' });
    expect(out['content-security-policy']).toBeUndefined();
    expect(out['Content-Security-Policy']).toEqual([RENDERER_CSP_HEADER]);
    expect(out['Content-Type']).toEqual(['text/html']);
    expect(withRendererCsp(undefined)['Content-Security-Policy']).toEqual([RENDERER_CSP_HEADER]);
  });

  it('parses policies regardless of order, spacing and duplicate directives', () => {
    const p = parseCsp("  script-src 'self'  data: ; default-src 'none';script-src *");
    expect(p.get('script-src')).toBe("'self' data:");
    expect(p.get('default-src')).toBe("'none'");
  });

  it("matches renderer/index.html's <meta> policy", () => {
    expect(existsSync(INDEX_HTML), `${INDEX_HTML} is where the renderer's <meta> policy must be`).toBe(true);
    const html = readFileSync(INDEX_HTML, 'utf8');
    const meta = /<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html);
    expect(meta, 'renderer/index.html has no CSP <meta>').not.toBeNull();
    const content = /content=(["'])(.*?)\1/i.exec(meta![0]);
    expect(content, 'the CSP <meta> has no content attribute').not.toBeNull();
    // frame-ancestors and friends are ignored in <meta>; compare what a <meta> can express.
    const metaPolicy = parseCsp(content![2]);
    for (const [name] of HEADER_ONLY_CSP_DIRECTIVES) metaPolicy.delete(name);
    expect(Object.fromEntries(metaPolicy)).toEqual(Object.fromEntries(parseCsp(RENDERER_CSP_META)));
  });
});
