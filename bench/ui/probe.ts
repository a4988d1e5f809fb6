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
  /** Seconds the renderer's main thread spent since the page opened: all tasks, and of those, */
  taskSeconds: number;
  /** … running JavaScript, */
  scriptSeconds: number;
  /** … and in style recalculation plus layout. */
  styleLayoutSeconds: number;
}

// In-page code as text: functions handed to page.evaluate from tsx-compiled modules carry
// esbuild's __name() helper, which does not exist in the page.
// Counts the console's event frames as they reach the page (before the app parses them), to
// compare with what the server emitted: the transport skips a page whose socket is backed up.
const COUNT_EVENT_FRAMES = `(() => {
  const Native = window.WebSocket;
  window.__wsEventFrames = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('{"kind":"event"')) window.__wsEventFrames++;
      });
    }
  };
})()`;

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

  /** `cpuSlowdown` > 1 slows the page's CPU that many times (CDP), to see a slower machine's view. */
  static async attach(page: Page, cpuSlowdown = 1): Promise<PageProbe> {
    await page.addInitScript(COUNT_EVENT_FRAMES);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    if (cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    return new PageProbe(page, cdp);
  }

  async metrics({ collectGarbage }: { collectGarbage: boolean }): Promise<PageMetrics> {
    if (collectGarbage) await this.cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return {
      jsHeapUsed: value('JSHeapUsedSize'),
      nodes: value('Nodes'),
      taskSeconds: value('TaskDuration'),
      scriptSeconds: value('ScriptDuration'),
      styleLayoutSeconds: value('RecalcStyleDuration') + value('LayoutDuration'),
    };
  }

  /** A V8 CPU profile of the page (for bench/profile/top.ts) from here to stopProfile(). */
  async startProfile(): Promise<void> {
    await this.cdp.send('Profiler.enable');
    await this.cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await this.cdp.send('Profiler.start');
  }

  async stopProfile(): Promise<unknown> {
    const { profile } = await this.cdp.send('Profiler.stop');
    return profile;
  }

  /** Console event frames the page's WebSocket has received so far. */
  eventFrames(): Promise<number> {
    return this.page.evaluate('window.__wsEventFrames') as Promise<number>;
  }

  start(): Promise<void> {
    return this.page.evaluate(START);
  }

  stop(): Promise<Recording> {
    return this.page.evaluate(STOP) as Promise<Recording>;
  }
}
