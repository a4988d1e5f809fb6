// The keyboard shortcuts of the whole app: one list, read by the help overlay and by the listener,
// so what the overlay says is what the keys do.
import { useEffect, useRef } from 'react';

export type ShortcutId = 'palette' | 'help' | 'overview' | 'broadcast' | 'publish' | 'streamFilter';

export interface Shortcut {
  id: ShortcutId;
  /** The keys as the help overlay shows them. */
  keys: string[];
  description: string;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'palette', keys: [`${MOD}+K`], description: 'Open the command palette: go to a stream, group, tab or channel, or run an action' },
  { id: 'help', keys: ['?'], description: 'Show these keyboard shortcuts' },
  { id: 'overview', keys: ['g', 'o'], description: 'Go to the Overview' },
  { id: 'broadcast', keys: ['g', 'b'], description: 'Go to Broadcast' },
  { id: 'publish', keys: ['g', 'p'], description: 'Go to Publish' },
  { id: 'streamFilter', keys: ['/'], description: 'Filter the stream list in the navigation (when it is long enough to have a filter)' },
];

/** Other keys the views already answer, listed in the overlay for completeness. */
export const VIEW_KEYS: ReadonlyArray<{ keys: string[]; description: string }> = [
  { keys: ['←', '→'], description: "Move between a stream's tabs (focus on a tab)" },
  { keys: ['Esc'], description: 'Close a dialog or the palette' },
  { keys: ['↑', '↓', 'Enter'], description: 'Pick in the command palette' },
];

/** Typing into a field must never trigger a one-key shortcut. */
function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

/** How long after "g" the second key of a "g …" shortcut is awaited. */
const SEQUENCE_MS = 1500;

/** Listens on the document; `run` gets the id of each shortcut pressed. */
export function useShortcuts(run: (id: ShortcutId) => void): void {
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  useEffect(() => {
    let awaitingSecond = 0;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        runRef.current('palette');
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target)) return;
      // A modal dialog owns the keyboard (its own Escape and Tab handling).
      if (document.querySelector('[aria-modal="true"]')) return;
      if (awaitingSecond > Date.now()) {
        awaitingSecond = 0;
        const second = ({ o: 'overview', b: 'broadcast', p: 'publish' } as const)[e.key];
        if (second) {
          e.preventDefault();
          runRef.current(second);
        }
        return;
      }
      if (e.key === 'g') awaitingSecond = Date.now() + SEQUENCE_MS;
      else if (e.key === '?') {
        e.preventDefault();
        runRef.current('help');
      } else if (e.key === '/') {
        e.preventDefault();
        runRef.current('streamFilter');
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
