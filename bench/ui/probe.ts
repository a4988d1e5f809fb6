// What the UI scenarios measure inside the page: animation-frame intervals (requestAnimationFrame
// deltas), long tasks (PerformanceObserver 'longtask', > 50 ms), and over CDP the JS heap after a
// forced GC, DOM node count and the main thread's busy time (Performance.getMetrics TaskDuration).
import type { CDPSession, Page } from 'playwright-core';

export interface Recording {
  /** Milliseconds between consecutive animation frames. */
  frames: number[];
  /** Durations of main-thread tasks over 50 ms. */
  longTasks: number[];
}

export interface PageMetrics {
  jsHeapUsed: number;
  nodes: number;
  /** Seconds the renderer's main thread spent running tasks since the page opened. */
  taskSeconds: number;
}

// In-page code as text: functions handed to page.evaluate from tsx-compiled modules carry
// esbuild's __name() helper, which does not exist in the page.
const START = `(() => {
  window.__probe?.observer.disconnect();
  const probe = { frames: [], longTasks: [], running: true, observer: null };
  probe.observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
  });
  probe.observer.observe({ type: 'longtask' });
  window.__probe = probe;
  let last = null;
  const tick = (now) => {
    if (last !== null) probe.frames.push(now - last);
    last = now;
    if (probe.running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const STOP = `(() => {
  const probe = window.__probe;
  if (!probe) throw new Error('probe stop before start');
  probe.running = false;
  for (const entry of probe.observer.takeRecords()) probe.longTasks.push(entry.duration);
  probe.observer.disconnect();
  return { frames: probe.frames, longTasks: probe.longTasks };
})()`;

export class PageProbe {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async attach(page: Page): Promise<PageProbe> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return new PageProbe(page, cdp);
  }

  async metrics({ collectGarbage }: { collectGarbage: boolean }): Promise<PageMetrics> {
    if (collectGarbage) await this.cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return { jsHeapUsed: value('JSHeapUsedSize'), nodes: value('Nodes'), taskSeconds: value('TaskDuration') };
  }

  start(): Promise<void> {
    return this.page.evaluate(START);
  }

  stop(): Promise<Recording> {
    return this.page.evaluate(STOP) as Promise<Recording>;
  }
}
