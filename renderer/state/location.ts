// Deep links in the page: the hash format is shared (the desktop shell validates streamscope://
// links with it too); this adds the page's own address.
import { viewToHash, type LinkedView } from '../../shared/view-link';

export { hashToView, viewToHash, STREAM_TABS, type LinkTab, type LinkedView } from '../../shared/view-link';

/** The page's address for a view, without the web-mode token (the session's cookie carries it). */
export function linkTo(view: LinkedView, location: Pick<Location, 'href'> = window.location): string {
  const url = new URL(location.href);
  url.searchParams.delete('token');
  url.hash = viewToHash(view);
  return url.href;
}
