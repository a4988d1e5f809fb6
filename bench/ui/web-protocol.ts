// Messages between the bench and its web-mode server process (bench/ui/web-process.ts).
export type WebParentMessage = { type: 'usage' } | { type: 'close' };

export type WebChildMessage =
  | { type: 'ready'; url: string }
  /** process.memoryUsage() after a forced GC, and CPU time used so far (user + system). */
  | { type: 'usage'; rss: number; heapUsed: number; cpuMs: number }
  | { type: 'error'; message: string };
