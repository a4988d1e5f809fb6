// The web-mode console server as a child process of the bench (the "main process" of the UI
// scenarios): the same startWebServer that `npm run web` runs, plus answers to memory questions
// over IPC, so its RSS and heap can be read before and after traffic. Started with --expose-gc.
import { startWebServer, type WebServer } from '../../electron/web/server';
import type { WebChildMessage, WebParentMessage } from './web-protocol';

const [redis, staticDir] = process.argv.slice(2);
const post = (message: WebChildMessage) => process.send?.(message);

let events = 0;

function usage(): WebChildMessage {
  // CPU before the collection (so a reading does not count its own GC); memory after it, so the
  // heap figure is what stays alive rather than how much garbage is pending.
  const cpu = process.cpuUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  return { type: 'usage', rss: memory.rss, heapUsed: memory.heapUsed, cpuMs: (cpu.user + cpu.system) / 1000, events };
}

async function main(): Promise<void> {
  let server: WebServer | null = await startWebServer({ port: 0, redis, staticDir });
  server.console.onEvent(() => events++);
  const close = async () => {
    const closing = server;
    server = null;
    await closing?.close();
  };
  process.on('message', (message: WebParentMessage) => {
    if (message.type === 'usage') post(usage());
    if (message.type === 'close') void close().finally(() => process.exit(0));
  });
  // The bench went away without saying so: leave nothing running.
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  post({ type: 'ready', url: server.url });
}

main().catch((error: unknown) => {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  setTimeout(() => process.exit(1), 100);
});
