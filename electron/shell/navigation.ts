// Navigation policy: the window shows our renderer and nothing else. A link or script that tries
// to leave it, or to open a new window, is refused (Electron security checklist items 13 and 14).
import { isRendererUrl, type RendererLocation } from './renderer-location';

/** `will-navigate`: only to our own renderer document (e.g. a hash route); everything else is denied. */
export function isAllowedNavigation(url: string, location: RendererLocation): boolean {
  return isRendererUrl(url, location);
}

/** `setWindowOpenHandler`: never a new Electron window. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * `will-attach-webview`: no <webview> ever (checklist item 12). Returned as a decision so the
 * wiring in main.ts stays one line.
 */
export function allowWebviewAttach(): false {
  return false;
}
