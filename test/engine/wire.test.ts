import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import fc from 'fast-check';
import {
  compareIds,
  decodeEntry,
  DEFAULT_MAXLEN,
  encodeUcloud,
  EventConsumer,
  EventStreamService,
  readDeadLetters,
  STREAM_INIT,
  type EngineEvents,
} from '../../electron/engine';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { evStream, fixture, pendingCount, shared, until, type Ev } from './util';

const fx = fixture();
afterEach(() => fx.run());

describe('decodeEntry / encodeUcloud', () => {
  it('classifies UCloud, JSON, sentinel and raw entries', () => {
    expect(decodeEntry(['msg', '{"jobName":"a"}'])).toEqual({ format: 'ucloud', value: { jobName: 'a' }, text: '{"jobName":"a"}' });
    expect(decodeEntry(['payload', '[1,2]'])).toMatchObject({ format: 'json', value: [1, 2] });
    expect(decodeEntry(['a', 'x', 'b', '{"k":1}'])).toMatchObject({ format: 'json', value: { k: 1 } });
    expect(decodeEntry(['msg', STREAM_INIT])).toEqual({ format: 'sentinel', text: 'stream-init' });
    expect(decodeEntry(['msg', 'hello world'])).toEqual({ format: 'raw', text: 'hello world' });
    expect(decodeEntry([['msg', '{"a":1}']])).toMatchObject({ format: 'ucloud', value: { a: 1 } });
    expect(encodeUcloud({ type: 'x', n: 1 })).toBe('{"type":"x","n":1}');
    expect(() => encodeUcloud(undefined)).toThrow(/JSON/);
    expect(DEFAULT_MAXLEN).toBe(1_000_000);
  });
});

describe('UCloud wire format against Redis', () => {
  // MONITOR on a private server: it sees only this test's commands, and ioredis's monitor mode is
  // not disturbed by other programs' traffic on the shared server.
  let priv: PrivateRedis | undefined;
  afterAll(async () => priv?.dispose());

  it('produces XADD <name> MAXLEN ~ 1000000 * msg <json> and creates the group named after the service', async () => {
    priv = await startPrivateRedis({ appendonly: false });
    const name = 'wire-produce';
    const admin = new Redis(priv.url);
    const svc = new EventStreamService({ redis: priv.url, service: 'app-orchestrator', instance: 'pod-1' });
    const monitor = await new Redis(priv.url).monitor();
    const commands: string[][] = [];
    monitor.on('monitor', (_t: string, args: string[]) => {
      if (args[1] === name) commands.push(args);
    });
    try {
      const stream = evStream(name);
      await svc.subscribe(
        stream,
        EventConsumer.immediate(() => {}),
      );
      const id = await svc.createProducer(stream).produce({ n: 7 });
      await until(() => commands.some((c) => c[0].toLowerCase() === 'xadd'), 'XADD seen by MONITOR');
      const xadd = commands.find((c) => c[0].toLowerCase() === 'xadd') as string[];
      expect(xadd.slice(1)).toEqual([name, 'MAXLEN', '~', '1000000', '*', 'msg', '{"n":7}']);
      const [[gotId, fields]] = await admin.xrange(name, '-', '+');
      expect(gotId).toBe(id);
      expect(fields).toEqual(['msg', '{"n":7}']);

      // A batch runs the same XADDs inside one Lua call.
      const ids = await svc.createProducer(stream).produce([{ n: 8 }, { n: 9 }]);
      await until(() => commands.filter((c) => c[0].toLowerCase() === 'xadd').length === 3, 'batch XADDs seen by MONITOR');
      expect(
        commands
          .filter((c) => c[0].toLowerCase() === 'xadd')
          .slice(1)
          .map((c) => c.slice(1)),
      ).toEqual([
        [name, 'MAXLEN', '~', '1000000', '*', 'msg', '{"n":8}'],
        [name, 'MAXLEN', '~', '1000000', '*', 'msg', '{"n":9}'],
      ]);
      expect((await admin.xrange(name, ids[0], ids[1])).map(([, f]) => f)).toEqual([
        ['msg', '{"n":8}'],
        ['msg', '{"n":9}'],
      ]);
      const groups = (await admin.xinfo('GROUPS', name)) as unknown[][];
      expect(groups.map((g) => g[1])).toEqual(['app-orchestrator']);
      // Consumer = instance name (created by its first XREADGROUP).
      await until(async () => ((await admin.xinfo('CONSUMERS', name, 'app-orchestrator')) as unknown[][]).length === 1, 'consumer');
      expect(((await admin.xinfo('CONSUMERS', name, 'app-orchestrator')) as unknown[][])[0][1]).toBe('pod-1');
    } finally {
      monitor.disconnect();
      await svc.close();
      admin.disconnect();
    }
  });

  it('a drain acks each read over the reader connection, ahead of its next read, and every entry once', async () => {
    priv ??= await startPrivateRedis({ appendonly: false });
    const name = 'wire-ack-on-reader';
    const admin = new Redis(priv.url);
    const entries = 1_000;
    const pipeline = admin.pipeline();
    for (let i = 0; i < entries; i++) pipeline.xadd(name, '*', 'msg', JSON.stringify({ i }));
    await pipeline.exec();
    await admin.xgroup('CREATE', name, 'svc', '0');
    const monitor = await new Redis(priv.url).monitor();
    const commands: Array<{ source: string; args: string[] }> = [];
    monitor.on('monitor', (_t: string, args: string[], source: string) => {
      if (args.includes(name)) commands.push({ source, args: args.map(String) });
    });
    const svc = new EventStreamService({ redis: priv.url, service: 'svc', instance: 'pod-1', presence: false });
    let seen = 0;
    try {
      await svc.subscribe(
        evStream(name),
        EventConsumer.batched<Ev>({ maxBatchSize: 100, maxLatency: 10 }, (batch) => void (seen += batch.length)),
        { from: '0' },
      );
      await until(
        async () => seen === entries && Number(((await admin.xpending(name, 'svc')) as [number])[0]) === 0,
        'every entry handled and acked',
      );
      const verb = (c: { args: string[] }) => c.args[0].toLowerCase();
      const ackedIds = () => commands.filter((c) => verb(c) === 'xack').flatMap((c) => c.args.slice(3));
      await until(() => ackedIds().length === entries, 'XACKs seen by MONITOR');
      // Every id acked exactly once.
      const ids = ackedIds();
      expect(ids.length).toBe(entries);
      expect(new Set(ids).size).toBe(entries);
      // The reader is the connection that sends the blocking reads.
      const readers = new Set(
        commands.filter((c) => verb(c) === 'xreadgroup' && c.args.some((a) => a.toUpperCase() === 'BLOCK')).map((c) => c.source),
      );
      expect(readers.size).toBe(1);
      const [reader] = readers;
      const onReader = commands.filter((c) => c.source === reader);
      const readerAcks = onReader.filter((c) => verb(c) === 'xack');
      expect(readerAcks.length).toBeGreaterThan(0);
      // Each ack over the reader is followed on it by the next read.
      for (let i = 0; i < onReader.length; i++)
        if (verb(onReader[i]) === 'xack' && i + 1 < onReader.length) expect(verb(onReader[i + 1])).toBe('xreadgroup');
    } finally {
      monitor.disconnect();
      await svc.close();
      await admin.del(name);
      admin.disconnect();
    }
  });

  it('reads a stream written by UCloud / redis-cli: sentinel skipped and acked, non-JSON dead-lettered, any field name', async () => {
    const name = fx.streamName('wire-ucloud');
    // What a UCloud service does on an empty stream, then its produce, then junk from redis-cli.
    await shared.xadd(name, '*', 'msg', 'stream-init');
    await shared.xgroup('CREATE', name, 'svc', '0');
    const okId = (await shared.call('XADD', name, 'MAXLEN', '~', '1000000', '*', 'msg', '{"jobName":"job-1","type":"started"}')) as string;
    const junkId = (await shared.call('XADD', name, 'MAXLEN', '~', '1000000', '*', 'msg', 'this is not json')) as string;
    const otherFieldId = await shared.xadd(name, '*', 'data', '{"jobName":"job-2"}');

    const svc = fx.service({ service: 'svc' });
    const got: Array<{ id: string; ev: unknown }> = [];
    const dead: Array<EngineEvents['deadLettered']> = [];
    svc.events.on('deadLettered', (e) => dead.push(e));
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((ev, meta) => void got.push({ id: meta.id, ev })),
    );
    await until(() => got.length === 2 && dead.length === 1, 'two events and one dead letter');
    expect(got).toEqual([
      { id: okId, ev: { jobName: 'job-1', type: 'started' } },
      { id: otherFieldId, ev: { jobName: 'job-2' } },
    ]);
    expect(dead[0]).toMatchObject({ id: junkId, group: 'svc', instance: 'pod-1' });
    expect(dead[0].reason).toMatch(/not JSON/);
    const letters = await readDeadLetters(shared, name);
    expect(letters.entries).toHaveLength(1);
    expect(letters.entries[0]).toMatchObject({
      originalId: junkId,
      stream: name,
      group: 'svc',
      consumer: 'pod-1',
      payload: 'this is not json',
      deliveries: 1,
    });
    expect(letters.entries[0].error).toMatch(/not JSON/);
    await until(async () => (await pendingCount(name, 'svc')) === 0, 'sentinel, junk and events acked');
  });
});

describe('compareIds', () => {
  const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
  const byBigInt = (a: [bigint, bigint], b: [bigint, bigint]) =>
    a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;

  it('orders ids as their 64-bit parts do, whatever their digit counts', () => {
    fc.assert(
      fc.property(fc.tuple(u64, u64), fc.tuple(u64, u64), (a, b) => {
        expect(compareIds(`${a[0]}-${a[1]}`, `${b[0]}-${b[1]}`)).toBe(byBigInt(a, b));
        expect(compareIds(`${a[0]}-${a[1]}`, `${a[0]}-${a[1]}`)).toBe(0);
      }),
    );
  });

  it('reads a bare ms as seq 0 and ignores leading zeros', () => {
    expect(compareIds('5', '5-0')).toBe(0);
    expect(compareIds('5', '5-1')).toBe(-1);
    expect(compareIds('0005-01', '5-1')).toBe(0);
    expect(compareIds('10-0', '9-99999999999999999999')).toBe(1);
    expect(compareIds('18446744073709551615-18446744073709551615', '18446744073709551615-18446744073709551614')).toBe(1);
  });
});
