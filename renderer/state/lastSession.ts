// The last session: the saved profile last connected to and the view last shown on it, kept in the
// renderer's localStorage (the desktop app's, or this browser's for web mode), so that a start can
// offer to reopen it; and the user's choice of whether a start asks, reopens, or does neither.
// Stored text is input like any other: what does not parse is dropped, never thrown.
import { hashToView, viewToHash } from './location';

export const LAST_SESSION_KEY = 'streamscope.lastSession.v1';
export const REOPEN_CHOICE_KEY = 'streamscope.reopenLastSession.v1';

/** 'ask': offer it; 'always': reopen it (a production connection still asks); 'never': start fresh. */
export type ReopenChoice = 'ask' | 'always' | 'never';
export const REOPEN_CHOICES: ReadonlyArray<{ value: ReopenChoice; label: string }> = [
  { value: 'ask', label: 'Offer to reopen the last session' },
  { value: 'always', label: 'Reopen the last session (a production connection still asks)' },
  { value: 'never', label: 'Start without it' },
];

export interface LastSession {
  profileId: string;
  /** The view as a deep-link hash (`#/stream/orders/pending`). */
  hash: string;
}

export function readLastSession(storage: Storage | undefined): LastSession | null {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(LAST_SESSION_KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { profileId, hash } = parsed as Record<string, unknown>;
    if (typeof profileId !== 'string' || !profileId || typeof hash !== 'string') return null;
    // Through the link parser: a hash that does not parse becomes the Overview, as a typed one would.
    return { profileId, hash: viewToHash(hashToView(hash)) };
  } catch {
    return null;
  }
}

/** Returns the reason when the browser refuses to store it (e.g. storage full or disabled). */
export function rememberSession(storage: Storage | undefined, session: LastSession): string | null {
  try {
    storage?.setItem(LAST_SESSION_KEY, JSON.stringify(session));
    return null;
  } catch (e) {
    return `Could not remember the last session: ${(e as Error).message}`;
  }
}

export function readReopenChoice(storage: Storage | undefined): ReopenChoice {
  try {
    const value = storage?.getItem(REOPEN_CHOICE_KEY);
    return REOPEN_CHOICES.find((c) => c.value === value)?.value ?? 'ask';
  } catch {
    return 'ask';
  }
}

export function writeReopenChoice(storage: Storage | undefined, choice: ReopenChoice): string | null {
  try {
    storage?.setItem(REOPEN_CHOICE_KEY, choice);
    return null;
  } catch (e) {
    return `Could not save the choice: ${(e as Error).message}`;
  }
}
