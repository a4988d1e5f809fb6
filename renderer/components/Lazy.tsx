// Views and dialogs that are not on the first screen load as their own chunks (React.lazy), so
// the Overview does not wait for uPlot, the stream tabs or the broadcast view to download.
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';

/** Waits before the 2nd and 3rd try of a chunk download (a web-mode server restarting, a blip). */
export const CHUNK_RETRY_DELAYS_MS = [500, 1500];

/**
 * React.lazy for a named export: `lazyNamed(() => import('../features/charts'), 'ChartsTab')`.
 * React keeps a failed load for good, so the download is retried here before it counts as failed.
 */
export function lazyNamed<M extends Record<string, unknown>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
  retryDelaysMs = CHUNK_RETRY_DELAYS_MS,
) {
  const loadWithRetries = async (): Promise<M> => {
    for (const wait of retryDelaysMs) {
      try {
        return await load();
      } catch {
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    return load();
  };
  return lazy(async () => ({ default: (await loadWithRetries())[name] as ComponentType<Record<string, unknown>> })) as unknown as M[K];
}

/** What shows while a chunk downloads: announced politely, named so a reader knows what is coming. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading muted" role="status" aria-live="polite" aria-busy="true">
      Loading {what}…
    </p>
  );
}

/** A Suspense boundary with the accessible loading state. */
export function LazyBoundary({ what, children }: { what: string; children: ReactNode }) {
  return <Suspense fallback={<Loading what={what} />}>{children}</Suspense>;
}
