// streamscope:// links for the desktop app: `streamscope://stream/<name>/<tab>?entry=<id>`,
// `streamscope://overview`, … (the same places as web mode's `#/…` addresses). A link comes from
// outside (another app, the command line), so it is checked like any other input: only a link
// whose place parses is opened, and only as the hash of our own renderer page.
import { hashToView, viewToHash } from '../../shared/view-link';

export const LINK_SCHEME = 'streamscope';
const PREFIX = `${LINK_SCHEME}://`;

/** The renderer hash a link opens, or null when it is not one of ours or does not parse exactly. */
export function hashForLink(link: string): string | null {
  if (typeof link !== 'string' || link.length > 70_000 || !link.toLowerCase().startsWith(PREFIX)) return null;
  const hash = `#/${link.slice(PREFIX.length).replace(/\/$/, '')}`;
  const view = hashToView(hash);
  const canonical = viewToHash(view);
  // Anything the parser had to drop (an unknown tab, a bad entry id) means the link is not ours.
  return canonical === hash ? canonical : null;
}

/** The first streamscope:// link on a command line (how Windows and Linux hand one over). */
export function linkFromArgv(argv: readonly string[] | undefined): string | null {
  if (!argv) return null;
  return argv.find((a) => typeof a === 'string' && a.toLowerCase().startsWith(PREFIX)) ?? null;
}
