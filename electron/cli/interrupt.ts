// Ctrl-C: the first one asks the running command to stop cleanly (cancel its job, so Redis
// connections close and the output ends at an entry boundary); a second one exits at once.
let handler: (() => void) | null = null;
let interrupted = false;

process.on('SIGINT', () => {
  if (interrupted || !handler) process.exit(130);
  interrupted = true;
  handler();
});

/** Runs `stop` on the first Ctrl-C while `work` runs; tells whether it came. */
export async function stoppable<T>(stop: () => unknown, work: () => Promise<T>): Promise<{ value: T; interrupted: boolean }> {
  handler = () => void stop();
  try {
    return { value: await work(), interrupted };
  } finally {
    handler = null;
  }
}
