// Which view is on screen, kept in the page's address: a reload keeps the place, a link lands on
// it, and a hash changed by hand (or by the browser's back button) is followed.
import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { hashToView, viewToHash, type LinkedView } from './state/location';
import type { StreamTab } from './features/stream';

/** `visit` tells a new arrival at a stream (a link, the palette) from moves inside its view. */
export type View =
  | { kind: 'overview' }
  | { kind: 'broadcast' }
  | { kind: 'publish' }
  | { kind: 'stream'; stream: string; tab?: StreamTab; entry?: string; group?: string; visit?: number };

/** A view reached from outside the stream view (a link, the palette): the stream view starts anew. */
export const arrive = (view: LinkedView): View => (view.kind === 'stream' ? { ...view, visit: Date.now() } : view);

export function useViewInAddress(): [View, Dispatch<SetStateAction<View>>] {
  const [view, setView] = useState<View>(() => arrive(hashToView(window.location.hash)));
  useEffect(() => {
    const hash = viewToHash(view);
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [view]);
  useEffect(() => {
    const follow = () => {
      const next = hashToView(window.location.hash);
      setView((current) => (viewToHash(next) === viewToHash(current) ? current : arrive(next)));
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return [view, setView];
}
