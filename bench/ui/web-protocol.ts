// Messages between the bench and its web-mode server process (bench/ui/web-process.ts).
export type WebParentMessage = { type: 'usage' } | { type: 'close' };

export type WebChildMessage =
  | { type: 'ready'; url: string }
  /**
   * process.memoryUsage() after a forced GC, CPU time used so far (user + system), and how many
   * events the console has emitted so far (the transport sends each to every open page).
   */
  | { type: 'usage'; rss: number; heapUsed: number; cpuMs: number; events: number }
  | { type: 'error'; message: string };
