// The per-socket gate of the WebSocket transport, driven with a target whose unsent byte count the
// test sets: feed batches past the bound are counted and the count rides on the next frame (or is
// settled on its own once drained); state events always go; past the hard bound it says overflow.
import { describe, expect, it } from 'vitest';
import { SlowReaderGate, type PushTarget } from '../../electron/transport/slow-reader';
import type { StreamEntry } from '../../shared/dto';

class Target implements PushTarget {
  bufferedAmount = 0;
  readonly frames: Array<{ event: string; payload: Record<string, unknown> }> = [];
  send(text: string): void {
    this.frames.push(JSON.parse(text));
  }
}

const entry = (n: number): StreamEntry => ({ id: `${n}-0`, fields: [['msg', '{}']], value: {}, ms: n }) as unknown as StreamEntry;
const tailBatch = (tailId: string, from: number, count: number, dropped = 0) => ({
  tailId,
  stream: `s-${tailId}`,
  entries: Array.from({ length: count }, (_, i) => entry(from + i)),
  dropped,
});
const text = (event: string, payload: unknown) => JSON.stringify({ kind: 'event', event, payload });

function offerTail(gate: SlowReaderGate, p: ReturnType<typeof tailBatch>) {
  return gate.offer('entries.appended', p, text('entries.appended', p));
}

describe('SlowReaderGate', () => {
  it('sends everything unchanged while the socket keeps up', () => {
    const target = new Target();
    const gate = new SlowReaderGate(target, 1000);
    expect(offerTail(gate, tailBatch('a', 1, 3))).toBe('sent');
    expect(target.frames[0].payload.dropped).toBe(0);
    expect((target.frames[0].payload.entries as unknown[]).length).toBe(3);
    expect(gate.owes()).toBe(false);
  });

  it('counts skipped tail entries per tail and adds them to that tail’s next frame', () => {
    const target = new Target();
    const gate = new SlowReaderGate(target, 1000);
    target.bufferedAmount = 1500;
    expect(offerTail(gate, tailBatch('a', 1, 300, 2))).toBe('skipped');
    expect(offerTail(gate, tailBatch('a', 301, 100))).toBe('skipped');
    expect(offerTail(gate, tailBatch('b', 1, 5))).toBe('skipped');
    expect(target.frames).toHaveLength(0);
    expect(gate.owes()).toBe(true);

    target.bufferedAmount = 10;
    expect(offerTail(gate, tailBatch('a', 401, 1, 1))).toBe('sent');
    expect(target.frames[0].payload).toMatchObject({ tailId: 'a', dropped: 1 + 300 + 2 + 100 });
    // Tail b's count is still owed: settle sends it as an empty batch with the count.
    gate.settle();
    expect(target.frames[1].payload).toEqual({ tailId: 'b', stream: 's-b', entries: [], dropped: 5 });
    expect(gate.owes()).toBe(false);
  });

  it('counts skipped broadcast messages and settles them only once the socket drained', () => {
    const target = new Target();
    const gate = new SlowReaderGate(target, 1000);
    const batch = (n: number, dropped = 0) =>
      ({ messages: Array.from({ length: n }, (_, i) => ({ channel: 'c', payload: String(i) })), dropped }) as never;
    target.bufferedAmount = 2000;
    expect(gate.offer('broadcast.messages', batch(40, 3), '{}')).toBe('skipped');
    gate.settle(); // still behind: nothing sent
    expect(target.frames).toHaveLength(0);
    target.bufferedAmount = 0;
    gate.settle();
    expect(target.frames[0]).toEqual({ kind: 'event', event: 'broadcast.messages', payload: { messages: [], dropped: 43 } });
  });

  it('always sends state events, even behind, and reports overflow past the hard bound', () => {
    const target = new Target();
    const gate = new SlowReaderGate(target, 1000, 4000);
    target.bufferedAmount = 3000;
    expect(gate.offer('demo.changed', { running: false } as never, text('demo.changed', { running: false }))).toBe('sent');
    target.bufferedAmount = 4001;
    expect(gate.offer('demo.changed', { running: false } as never, text('demo.changed', { running: false }))).toBe('overflow');
    expect(offerTail(gate, tailBatch('a', 1, 1))).toBe('overflow');
    expect(target.frames).toHaveLength(1);
  });
});
