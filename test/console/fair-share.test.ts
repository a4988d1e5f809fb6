// The transport's server-wide bound (electron/transport/fair-share.ts): at most maxInFlight jobs
// run at once, free slots go to connections in turn, and a connection's queue is bounded.
import { describe, expect, it } from 'vitest';
import { FairShare } from '../../electron/transport/fair-share';

/** A job that records when it starts and finishes when `release` is called. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { job: () => (log.push(name), done), release };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('FairShare', () => {
  it('runs at most maxInFlight at once and gives each freed slot to the next connection in turn', async () => {
    const share = new FairShare<string>(2, 100);
    const log: string[] = [];
    const jobs = new Map<string, ReturnType<typeof gate>>();
    const submit = (owner: string, name: string) => {
      const g = gate(log, name);
      jobs.set(name, g);
      expect(share.submit(owner, g.job)).toBe(true);
    };
    for (let i = 1; i <= 4; i++) submit('flood-a', `a${i}`);
    for (let i = 1; i <= 4; i++) submit('flood-b', `b${i}`);
    submit('user', 'u1');
    expect(log).toEqual(['a1', 'a2']);
    expect(share.inFlight()).toBe(2);
    // Turn order: a (queued first), b, user, then a and b again.
    for (const name of ['a1', 'a2', 'a3', 'b1']) {
      jobs.get(name)!.release();
      await tick();
    }
    expect(log).toEqual(['a1', 'a2', 'a3', 'b1', 'u1', 'a4']);
  });

  it('refuses past the per-connection queue bound, and forgets a dropped connection', async () => {
    const share = new FairShare<string>(1, 2);
    const log: string[] = [];
    const first = gate(log, 'x1');
    expect(share.submit('x', first.job)).toBe(true);
    expect(share.submit('x', gate(log, 'x2').job)).toBe(true);
    expect(share.submit('x', gate(log, 'x3').job)).toBe(true);
    expect(share.submit('x', gate(log, 'x4').job)).toBe(false);
    expect(share.submit('y', gate(log, 'y1').job)).toBe(true);
    share.drop('x');
    first.release();
    await tick();
    expect(log).toEqual(['x1', 'y1']);
  });

  it('a job that throws or rejects still gives its slot back', async () => {
    const share = new FairShare<string>(1, 10);
    const log: string[] = [];
    share.submit('a', () => {
      throw new Error('sync');
    });
    share.submit('a', () => Promise.reject(new Error('async')));
    share.submit('a', async () => log.push('ran'));
    await tick();
    expect(log).toEqual(['ran']);
    expect(share.inFlight()).toBe(0);
  });
});
