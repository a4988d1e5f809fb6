// Small test helpers shared by the console and contract suites.
import { connect } from 'node:net';
import type { Reply } from '../../shared/reply';

/** The value of an ok reply; throws with the error code and message otherwise. */
export function value<T>(reply: Reply<T>): T {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Probe<T> = () => T | undefined | null | false | Promise<T | undefined | null | false>;

/**
 * The one polling loop of the tests: calls `probe` every `intervalMs` until it returns something
 * truthy (that value) or `timeoutMs` has passed (undefined, after one last try).
 */
export async function poll<T>(probe: Probe<T>, timeoutMs: number, intervalMs = 50): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result) return result;
    if (Date.now() > deadline) return undefined;
    await sleep(intervalMs);
  }
}

/** Polls `probe` until it returns something truthy, or fails naming `what` after `timeoutMs`. */
export async function eventually<T>(probe: Probe<T>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const result = await poll(probe, timeoutMs);
  if (!result) throw new Error(`${what} not met within ${timeoutMs} ms`);
  return result;
}

/** `eventually` for a yes/no condition, with the engine suites' argument order and a finer interval. */
export async function until(cond: Probe<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  if (!(await poll(cond, timeoutMs, 10))) throw new Error(`timed out waiting for ${what} (${timeoutMs} ms)`);
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now (a probe for `poll`). */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(port, '127.0.0.1', () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}
