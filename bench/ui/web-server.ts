// Parent side of the web-mode server process: start it on a free loopback port against the
// bench's Redis, read its memory and CPU, stop it.
import { Child } from '../harness/child';
import type { WebChildMessage, WebParentMessage } from './web-protocol';

export type ServerUsage = Extract<WebChildMessage, { type: 'usage' }>;

const STARTUP_MS = 60_000;

export class WebModeServer {
  private constructor(
    private readonly child: Child<WebParentMessage, WebChildMessage>,
    /** The page to open, with this launch's token. */
    readonly url: string,
  ) {}

  static async start(redisUrl: string, staticDir: string): Promise<WebModeServer> {
    const child = new Child<WebParentMessage, WebChildMessage>(
      'web-mode server',
      new URL('./web-process.ts', import.meta.url),
      [redisUrl, staticDir],
      { execArgv: ['--expose-gc'] },
    );
    try {
      const ready = await child.next('ready', STARTUP_MS);
      return new WebModeServer(child, ready.url);
    } catch (error) {
      await child.stop();
      throw error;
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async usage(): Promise<ServerUsage> {
    this.child.send({ type: 'usage' });
    return this.child.next('usage', 30_000);
  }

  close(): Promise<void> {
    return this.child.stop({ type: 'close' });
  }
}
