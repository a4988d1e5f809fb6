// The Content-Security-Policy of the renderer (Electron security checklist item 7). The same
// policy is in renderer/index.html's <meta> (which is what file:// pages get) and, tightened for
// the desktop, sent as a response header by main.ts; test/shell/csp.test.ts keeps them in step.
//
// Scripts only from our own bundle (no inline script, no eval, nothing remote). Inline styles are
// allowed because components set them; connect-src allows WebSocket because web mode's bridge
// talks to the page's own server over ws:. docs/security.md discusses both.

/** Directives that work in a <meta> tag, in the order renderer/index.html writes them. */
export const RENDERER_CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['connect-src', "'self' ws: wss:"],
  ['img-src', "'self' data:"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
];

/**
 * What the desktop header narrows or adds. The desktop bridge is IPC, never a WebSocket, so the
 * window may connect only to its own origin; forms go nowhere. Both policies apply to a page
 * (a resource must pass each), so the header only ever tightens the <meta>.
 */
export const DESKTOP_CSP_HARDENING: ReadonlyArray<readonly [string, string]> = [
  ['connect-src', "'self'"],
  ['form-action', "'none'"],
];

/** Directives browsers ignore in <meta>, so only the response header carries them. */
export const HEADER_ONLY_CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [['frame-ancestors', "'none'"]];

const join = (ds: ReadonlyArray<readonly [string, string]>): string => ds.map(([k, v]) => `${k} ${v}`).join('; ');

/** Later entries replace earlier ones with the same directive name, keeping the first position. */
function merge(...lists: ReadonlyArray<ReadonlyArray<readonly [string, string]>>): Array<readonly [string, string]> {
  const out = new Map<string, string>();
  for (const list of lists) for (const [name, value] of list) out.set(name, value);
  return [...out];
}

/** The policy as written in renderer/index.html's <meta http-equiv="Content-Security-Policy">. */
export const RENDERER_CSP_META = join(RENDERER_CSP_DIRECTIVES);

/** The policy the desktop app sends as a response header: the meta policy, tightened. */
export const RENDERER_CSP_HEADER = join(merge(RENDERER_CSP_DIRECTIVES, DESKTOP_CSP_HARDENING, HEADER_ONLY_CSP_DIRECTIVES));

/**
 * The policy web mode sends: the meta policy, with WebSocket connections only to the server that
 * served the page (`host` as the browser named it), fonts from data: URLs, forms going nowhere, and
 * the header-only directives.
 */
export function webModeCsp(host: string): string {
  return join(
    merge(
      RENDERER_CSP_DIRECTIVES,
      [
        ['connect-src', `'self' ws://${host}`],
        ['font-src', "'self' data:"],
        ['form-action', "'none'"],
      ],
      HEADER_ONLY_CSP_DIRECTIVES,
    ),
  );
}

/** Parses a policy into directive → sorted source list, for comparing policies written differently. */
export function parseCsp(policy: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of policy.split(';')) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) continue;
    const [name, ...sources] = tokens;
    const key = name.toLowerCase();
    // CSP: the first occurrence of a directive wins, later duplicates are ignored.
    if (!out.has(key)) out.set(key, [...sources].sort().join(' '));
  }
  return out;
}

type Headers = Record<string, string[] | string>;

/**
 * `session.webRequest.onHeadersReceived`: replace any CSP header on our renderer's responses with
 * ours. Header names are case-insensitive, so a server's `content-security-policy` is dropped
 * rather than sent alongside.
 */
export function withRendererCsp(headers: Headers | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [RENDERER_CSP_HEADER];
  return out;
}
