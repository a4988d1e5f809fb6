// Web-mode request guards: a per-launch token, same-origin only, and a Host header that names
// this machine's loopback (so a DNS-rebinding page cannot reach the console through its own name).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../../shared/loopback';

export const TOKEN_COOKIE = 'streamscope_token';

export const newToken = (): string => randomBytes(24).toString('base64url');

export { isLoopbackHost };

/** `host:port` or `[v6]:port` → hostname without brackets. */
export function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return hostHeader.split(':')[0];
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return null;
}

export interface GuardOptions {
  token: string;
  /** With --allow-remote any Host is accepted (the token is still required). */
  allowRemote: boolean;
}

export type GuardResult = { ok: true; tokenFrom: 'query' | 'cookie' | 'header' } | { ok: false; status: number; reason: string };

const BASE = 'http://request-target.invalid';

/**
 * The request target as a URL, or null when it is not one this server answers: origin-form
 * (`/path?query`) is read as a path on this server; absolute-form (`http://host/path`, what proxies
 * send) must parse. Never throws: a malformed target is a 400, not an exception.
 */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (!target) return null;
  try {
    // Concatenated, not resolved: `//other/x` stays the path `//other/x` instead of naming a host.
    if (target.startsWith('/')) return new URL(BASE + target);
    if (/^https?:\/\//i.test(target)) return new URL(target);
  } catch {
    // falls through
  }
  return null;
}

/** The Prometheus scrape route. */
export const METRICS_PATH = '/metrics';

/** Checks Host, Origin and token of a page, asset or WebSocket upgrade request (`target` from parseRequestTarget). */
export function checkRequest(req: IncomingMessage, target: URL, opts: GuardOptions): GuardResult {
  const host = req.headers.host;
  if (!host) return { ok: false, status: 400, reason: 'missing Host header' };
  if (!opts.allowRemote && !isLoopbackHost(hostnameOf(host))) {
    return { ok: false, status: 403, reason: `Host ${JSON.stringify(host)} is not this machine's loopback address` };
  }
  const origin = req.headers.origin;
  // Browsers always send Origin on WebSocket upgrades and cross-origin requests; it must be us.
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) {
    return { ok: false, status: 403, reason: `foreign Origin ${JSON.stringify(origin)}` };
  }
  if (tokensEqual(target.searchParams.get('token'), opts.token)) return { ok: true, tokenFrom: 'query' };
  if (tokensEqual(cookieToken(req), opts.token)) return { ok: true, tokenFrom: 'cookie' };
  // For scrapers (Prometheus' `authorization` setting): the token as a bearer credential, on the
  // metrics route only; pages, assets and the WebSocket stay on the query token and cookie.
  if (target.pathname === METRICS_PATH) {
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (tokensEqual(bearer, opts.token)) return { ok: true, tokenFrom: 'header' };
  }
  return {
    ok: false,
    status: 403,
    reason: target.searchParams.has('token') ? 'wrong token' : 'missing token: open the URL printed at start-up',
  };
}
