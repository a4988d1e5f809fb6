import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, readDeadLetters, replayDeadLetters, type EngineEvents } from '../../electron/engine';
import { evStream, fixture, pendingCount, range, shared, until, type Ev } from './util';

const fx = fixture();
afterEach(() => fx.run());

describe('at-least-once: retry with backoff, then dead letter', () => {
  it('redelivers a throwing handler with growing delays until it succeeds', async () => {
    const name = fx.streamName('retry-ok');
    const svc = fx.service({ service: 'svc' });
    const retried: Array<EngineEvents['retried']> = [];
    svc.events.on('retried', (e) => retried.push(e));
    const counts: number[] = [];
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((_ev, meta) => {
        counts.push(meta.deliveryCount);
        if (meta.deliveryCount < 3) throw new Error(`flaky ${meta.deliveryCount}`);
      }),
      { retryBaseMs: 30, maxDeliveries: 5 },
    );
    const id = await svc.createProducer(evStream(name)).produce({ n: 1 });
    await until(() => counts.length === 3, 'third delivery');
    expect(counts).toEqual([1, 2, 3]);
    expect(retried.map((r) => r.delayMs)).toEqual([30, 60]);
    await until(async () => (await pendingCount(name, 'svc')) === 0, 'acked');
    // The PEL saw every attempt (XCLAIM re-delivery), so the console's delivery counts are true.
    expect(retried.every((r) => r.id === id)).toBe(true);
    expect((await readDeadLetters(shared, name)).length).toBe(0);
  });

  it('moves an event to <stream>.dead-letter after maxDeliveries and keeps consuming', async () => {
    const name = fx.streamName('retry-dead');
    const svc = fx.service({ service: 'svc' });
    const dead: Array<EngineEvents['deadLettered']> = [];
    const failed: Array<EngineEvents['failed']> = [];
    svc.events.on('deadLettered', (e) => dead.push(e));
    svc.events.on('failed', (e) => failed.push(e));
    const handled: number[] = [];
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((ev) => {
        if (ev.n === 1) throw new Error('poison event');
        handled.push(ev.n);
      }),
      { retryBaseMs: 5, maxDeliveries: 3 },
    );
    const ids = await svc.createProducer(evStream(name)).produce(range(3));
    await until(() => handled.length === 2 && dead.length === 1, 'two handled, one dead');
    expect(handled).toEqual([0, 2]);
    expect(failed.map((f) => f.deliveryCount)).toEqual([1, 2, 3]);
    expect(dead[0]).toMatchObject({ id: ids[1], reason: 'poison event' });
    const letters = await readDeadLetters(shared, name);
    expect(letters.length).toBe(1);
    expect(letters.entries[0]).toMatchObject({
      id: dead[0].deadLetterId,
      originalId: ids[1],
      stream: name,
      group: 'svc',
      consumer: 'pod-1',
      deliveries: 3,
      error: 'poison event',
      payload: '{"n":1}',
    });
    expect(letters.entries[0].deadAt).toBeGreaterThan(0);
    await until(async () => (await pendingCount(name, 'svc')) === 0, 'dead letter acked');
    expect(sub.stats()).toMatchObject({ deadLettered: 1, failed: 3, retried: 2 });
  });

  it('replays dead letters onto the stream in UCloud format and can remove them', async () => {
    const name = fx.streamName('retry-replay');
    const svc = fx.service({ service: 'svc' });
    let poison = true;
    const handled: number[] = [];
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((ev) => {
        if (poison) throw new Error('not yet');
        handled.push(ev.n);
      }),
      { retryBaseMs: 1, maxDeliveries: 1 },
    );
    await svc.createProducer(evStream(name)).produce([{ n: 10 }, { n: 11 }]);
    await until(async () => (await readDeadLetters(shared, name)).length === 2, 'two dead letters');
    const { entries } = await readDeadLetters(shared, name, { count: 1 });
    expect(entries).toHaveLength(1);
    const page2 = await readDeadLetters(shared, name, { from: entries[0].id });
    expect(page2.entries).toHaveLength(1);

    poison = false;
    const res = await replayDeadLetters(shared, name, [entries[0].id, page2.entries[0].id, '1-1'], { remove: true });
    expect(res.replayed).toBe(2);
    expect(res.missing).toEqual(['1-1']);
    await until(() => handled.length === 2, 'replayed events handled');
    expect(handled).toEqual([10, 11]);
    const [, fields] = (await shared.xrange(name, res.newIds[0], res.newIds[0]))[0];
    expect(fields).toEqual(['msg', '{"n":10}']);
    expect((await readDeadLetters(shared, name)).length).toBe(0);
  });

  it('dead letters keep the original entry byte for byte (not UTF-8, every field), and a replay writes those bytes back', async () => {
    const name = fx.streamName('retry-bytes');
    const svc = fx.service({ service: 'svc' });
    const dead: Array<EngineEvents['deadLettered']> = [];
    svc.events.on('deadLettered', (e) => dead.push(e));
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => {}),
      { from: '0' },
    );
    const payload = Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3]);
    const original = [
      Buffer.from('msg'),
      payload,
      Buffer.from('trace'),
      Buffer.from([0x00, 0xff, 0x0a]),
      Buffer.from([0xe9, 0x74, 0xe9]),
      Buffer.from('x'),
    ];
    const id = (await shared.xadd(name, '*', ...original)) as string;
    await until(() => dead.length === 1, 'dead-lettered (not JSON)');

    // In the dead-letter stream: the original fields first, exactly, then the context.
    const [[, stored]] = await shared.xrangeBuffer(`${name}.dead-letter`, '-', '+');
    expect(stored.slice(0, 6)).toEqual(original);
    expect(stored.slice(-2).map(String)).toEqual(['originalFields', '3']);
    const { entries } = await readDeadLetters(shared, name);
    expect(entries[0]).toMatchObject({ originalId: id, deliveries: 1, error: expect.stringMatching(/not JSON/) });
    expect(entries[0].fields).toEqual([
      [original[0], original[1]],
      [original[2], original[3]],
      [original[4], original[5]],
    ]);

    const res = await replayDeadLetters(shared, name, [entries[0].id], { remove: true });
    const [[, replayed]] = await shared.xrangeBuffer(name, res.newIds[0], res.newIds[0]);
    expect(replayed).toEqual(original);
    expect(replayed[1].toString('hex')).toBe('fffe7b00c3');
  });

  it('reads dead letters written before the original fields were kept (msg and context only)', async () => {
    const name = fx.streamName('retry-old');
    await shared.xadd(
      `${name}.dead-letter`,
      '*',
      'msg',
      '{"n":1}',
      'originalId',
      '1-0',
      'stream',
      name,
      'group',
      'svc',
      'consumer',
      'pod-1',
      'deliveries',
      '5',
      'error',
      'boom',
      'deadAt',
      '1700000000000',
    );
    const { entries } = await readDeadLetters(shared, name);
    expect(entries[0]).toMatchObject({
      originalId: '1-0',
      stream: name,
      group: 'svc',
      consumer: 'pod-1',
      deliveries: 5,
      error: 'boom',
      deadAt: 1700000000000,
      payload: '{"n":1}',
    });
    expect(entries[0].fields.map(([k, v]) => [String(k), String(v)])).toEqual([['msg', '{"n":1}']]);
    const res = await replayDeadLetters(shared, name, [entries[0].id]);
    const [[, fields]] = await shared.xrange(name, res.newIds[0], res.newIds[0]);
    expect(fields).toEqual(['msg', '{"n":1}']);
  });

  it('rejects a bad page size with a clear error', async () => {
    await expect(readDeadLetters(shared, 'x', { count: 0 })).rejects.toThrow(/count/);
  });
});
