// Where the renderer is loaded from: our built index.html over file://, or (development only)
// the Vite dev server. Navigation and IPC-sender checks are both decided against this one value.
import { pathToFileURL } from 'node:url';
import { isLoopbackHost } from '../../shared/loopback';

export type RendererLocation = { kind: 'file'; indexUrl: string } | { kind: 'devServer'; origin: string };

/** The built renderer: `dist/renderer/index.html` next to `dist/electron/`. */
export function fileRenderer(indexHtmlPath: string): RendererLocation {
  return { kind: 'file', indexUrl: pathToFileURL(indexHtmlPath).href };
}

/**
 * The dev server, only when the app is not packaged and the URL is a loopback http(s) origin:
 * a packaged app must never load remote content, whatever the environment says.
 */
export function devServerRenderer(url: string | undefined, isPackaged: boolean): RendererLocation | null {
  if (isPackaged || !url) return null;
  const parsed = parseUrl(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new Error(`dev server URL must be http(s)://127.0.0.1|localhost:<port>, got ${JSON.stringify(url)}`);
  }
  if (!isLoopbackHost(parsed.hostname)) {
    throw new Error(`dev server URL must be on a loopback host, got ${JSON.stringify(parsed.hostname)}`);
  }
  return { kind: 'devServer', origin: parsed.origin };
}

/** The URL the window loads. */
export function rendererEntryUrl(location: RendererLocation): string {
  return location.kind === 'file' ? location.indexUrl : `${location.origin}/`;
}

/** True when `url` is our renderer document (any hash; query ignored for file://). */
export function isRendererUrl(url: string | null | undefined, location: RendererLocation): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  const parsed = parseUrl(url);
  if (!parsed) return false;
  if (location.kind === 'file') {
    if (parsed.protocol !== 'file:' || parsed.host !== '') return false;
    const expected = new URL(location.indexUrl);
    return parsed.pathname === expected.pathname;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.origin === location.origin;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
