// Which frames may call the contract over IPC: only our renderer document. Anything else that
// might end up in a frame (a navigated-away page, an iframe, a data: URL) is refused.
import { isRendererUrl, type RendererLocation } from './renderer-location';

export function isTrustedSender(frameUrl: string | null | undefined, location: RendererLocation): boolean {
  return isRendererUrl(frameUrl, location);
}

/** Bound form for the IPC transport, which asks with the frame URL only. */
export function trustedSenderCheck(location: RendererLocation): (frameUrl: string) => boolean {
  return (frameUrl) => isTrustedSender(frameUrl, location);
}
