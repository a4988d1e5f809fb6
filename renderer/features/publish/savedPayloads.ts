// Saved publish payloads live in the renderer's localStorage: they are the user's scratch pad,
// not shared state, and must survive a reload. A corrupt entry is dropped, never thrown.
export interface SavedPayload {
  name: string;
  template: string;
  target?: { kind: 'stream' | 'broadcast'; name: string };
}

export const SAVED_PAYLOADS_KEY = 'streamscope.savedPayloads.v1';

function isSaved(x: unknown): x is SavedPayload {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.name === 'string' && typeof o.template === 'string';
}

export function loadSavedPayloads(storage: Storage | undefined): SavedPayload[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(SAVED_PAYLOADS_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isSaved) : [];
  } catch {
    return [];
  }
}

export function writeSavedPayloads(storage: Storage | undefined, payloads: SavedPayload[]): string | null {
  try {
    storage?.setItem(SAVED_PAYLOADS_KEY, JSON.stringify(payloads));
    return null;
  } catch (e) {
    return `Could not save payloads: ${(e as Error).message}`;
  }
}
