// `streamscope` as a child process against the real Redis: every subcommand, pipes (export |
// import keeps every byte), exit codes and one-line errors, tail -f until Ctrl-C, prune's
// confirmation, tables on a terminal. The CLI is the bundle `npm run build` emits.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes';
import { connectShared, uniqueName } from '../helpers/redis';
import { eventually } from '../helpers/wait';
import { buildCli, finish, onTerminal, root, run, shell, start } from './run';

const redis = connectShared();
const keys: string[] = [];
let cli: { path: string; dispose(): void };

const name = (prefix: string) => {
  const key = uniqueName(`cli-${prefix}`);
  keys.push(key);
  return key;
};
const ndjson = (out: Buffer) =>
  out
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const snapshot = async (key: string) =>
  (await redis.xrangeBuffer(key, '-', '+')).map(([id, f]) => [id.toString(), f.map((x) => x.toString('base64'))]);

beforeAll(async () => {
  cli = await buildCli();
}, 120_000);

afterAll(async () => {
  cli?.dispose();
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('streamscope', { timeout: 60_000 }, () => {
  it('answers usage errors, a missing stream and an unreachable Redis with one line and distinct exit codes', async () => {
    const missing = name('missing');
    const cases = await Promise.all([
      run(cli.path, ['nonsense']),
      run(cli.path, ['tail', missing, '--count', 'many']),
      run(cli.path, ['export', missing, '--from', 'yesterday']),
      run(cli.path, ['tail', missing]),
      run(cli.path, ['groups', missing]),
      run(cli.path, ['--redis', 'redis://127.0.0.1:1', 'groups', missing]),
      run(cli.path, ['groups', missing], { env: { REDIS_URL: 'redis://127.0.0.1:1' } }),
      run(cli.path, ['--redis', 'http://x', 'groups', missing]),
    ]);
    expect(cases.map((c) => c.code)).toEqual([
      EXIT.usage,
      EXIT.usage,
      EXIT.usage,
      EXIT.notFound,
      EXIT.notFound,
      EXIT.unreachable,
      EXIT.unreachable,
      EXIT.usage,
    ]);
    expect(cases.map((c) => c.stderr)).toEqual([
      "streamscope: unknown command 'nonsense'\n",
      'streamscope: --count must be a whole number ≥ 1, got "many"\n',
      'streamscope: transfer.export: selection.start: must be a stream id like 1700000000000-0\n',
      `streamscope: stream "${missing}" does not exist\n`,
      'streamscope: ERR no such key — the stream does not exist\n',
      'streamscope: Redis unreachable at redis://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1 after 3 attempts\n',
      'streamscope: Redis unreachable at redis://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1 after 3 attempts\n',
      'streamscope: --redis must be a redis:// or rediss:// URL, got "http://x"\n',
    ]);
    expect(cases.every((c) => c.stdout.length === 0)).toBe(true);
    expect((await run(cli.path, ['--help'])).code).toBe(EXIT.ok);
  });

  it('publishes a payload from an argument, stdin, or NDJSON lines (stopping at a bad line), and broadcasts', async () => {
    const stream = name('publish');
    const arg = await run(cli.path, ['publish', stream, '{"from":"arg"}']);
    const piped = await run(cli.path, ['publish', stream], { input: '{"from":"stdin"}\n' });
    const lines = await run(cli.path, ['publish', stream, '--ndjson'], { input: '{"n":1}\n\n{"n":2}\nnot json\n{"n":4}\n' });
    expect([arg.code, piped.code, lines.code]).toEqual([EXIT.ok, EXIT.ok, EXIT.badInput]);
    expect(ndjson(arg.stdout)).toEqual([{ id: expect.stringMatching(/^\d+-\d+$/) as string }]);
    expect(ndjson(lines.stdout)).toHaveLength(2);
    expect(lines.stderr).toMatch(/^streamscope: line 4: json: /);
    expect((await redis.xrange(stream, '-', '+')).map(([, f]) => f)).toEqual([
      ['msg', '{"from":"arg"}'],
      ['msg', '{"from":"stdin"}'],
      ['msg', '{"n":1}'],
      ['msg', '{"n":2}'],
    ]);
    const bad = await run(cli.path, ['publish', stream, '{oops']);
    expect(bad.code).toBe(EXIT.usage);

    const channel = uniqueName('cli-channel');
    const listener = redis.duplicate();
    await listener.subscribe(channel);
    try {
      const sent = await run(cli.path, ['publish', '--broadcast', channel, '{"hello":1}']);
      // At least our listener: a console measuring channel rates on this server (a pattern subscription) counts too.
      const [{ receivers }] = ndjson(sent.stdout) as Array<{ receivers: number }>;
      expect(receivers).toBeGreaterThanOrEqual(1);
    } finally {
      listener.disconnect();
    }
  });

  it('pipes export into import byte for byte (binary, empty, duplicate fields, 1 MB values) and reports the dry run', async () => {
    const source = name('src');
    const copy = name('copy');
    const dry = name('dry');
    await redis.xaddBuffer(source, '*', 'bin', Buffer.from([0xff, 0x00, 0x0a, 0xfe]), 'empty', '');
    await redis.xaddBuffer(source, '*', 'dup', '1', 'dup', '2', Buffer.from([0xc3]), 'name not UTF-8');
    await redis.xaddBuffer(source, '*', 'big', randomBytes(1024 * 1024), 'text', 'é'.repeat(300_000));
    const piped = await shell(cli.path, `$CLI export ${source} | $CLI import ${copy} --keep-ids`);
    expect(piped.code).toBe(EXIT.ok);
    expect(JSON.parse(piped.stdout.toString())).toMatchObject({ state: 'done', entries: 3, invalid: 0 });
    expect(await snapshot(copy)).toEqual(await snapshot(source));

    const report = await run(cli.path, ['import', dry, '--dry-run', '--keep-ids'], {
      input:
        '{"id":"5-0","fields":[{"name":"a","value":{"text":"x"}}]}\n{"id":"4-0","fields":[{"name":"a","value":{"text":"y"}}]}\n{"fields":3}\n',
    });
    expect(report.code).toBe(EXIT.badInput);
    expect(report.stderr).toBe('streamscope: 2 of 3 lines cannot be written\n');
    expect(JSON.parse(report.stdout.toString())).toMatchObject({
      dryRun: true,
      entries: 1,
      problems: [
        { line: 2, message: 'id 4-0 is not greater than 5-0 (the id on line 1); ids must grow' },
        { line: 3, message: 'fields: Invalid input: expected array, received number' },
      ],
    });
    expect(await redis.exists(dry)).toBe(0);
  });

  it('exports selections as NDJSON, CSV and raw, to stdout or a file', async () => {
    const stream = name('formats');
    for (let i = 1; i <= 5; i++) await redis.xadd(stream, `${i}000-0`, 'msg', `{"n":${i}}`);
    const ids = (r: { stdout: Buffer }) => ndjson(r.stdout).map((e) => e.id);
    const [last, since, listed, range, csv, raw] = await Promise.all([
      run(cli.path, ['export', stream, '--last', '2']),
      run(cli.path, ['export', stream, '--since', '3000', '--until', '4000']),
      run(cli.path, ['export', stream, '--ids', '2000-0,9-9']),
      run(cli.path, ['export', stream, '--from', '2000-0', '--to', '3000-0']),
      run(cli.path, ['export', stream, '--format', 'csv', '--limit', '2']),
      run(cli.path, ['export', stream, '--format', 'raw', '--last', '2']),
    ]);
    expect(ids(last)).toEqual(['4000-0', '5000-0']);
    expect(ids(since)).toEqual(['3000-0', '4000-0']);
    expect(ids(listed)).toEqual(['2000-0']);
    expect(ids(range)).toEqual(['2000-0', '3000-0']);
    expect(csv.stdout.toString()).toBe('id,msg\r\n1000-0,"{""n"":1}"\r\n2000-0,"{""n"":2}"\r\n');
    expect(raw.stdout.toString()).toBe('{"n":4}\n{"n":5}\n');
    const conflicting = await run(cli.path, ['export', stream, '--last', '2', '--ids', '1-1']);
    expect([conflicting.code, conflicting.stderr]).toEqual([EXIT.usage, 'streamscope: choose one selection: --ids or --last\n']);
    const file = join(root, '.tmp', `${uniqueName('cli-export')}.ndjson`);
    expect((await run(cli.path, ['export', stream, '-o', file])).code).toBe(EXIT.ok);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('exports only what --filter matches, says when its budget cut the scan short, and refuses a bad filter', async () => {
    const stream = name('filtered');
    for (let i = 1; i <= 6; i++) await redis.xadd(stream, `${i}000-0`, 'msg', `{"n":${i}}`);
    const [odd, cut, bad, budgetAlone] = await Promise.all([
      run(cli.path, ['export', stream, '--filter', 'int(value.n) % 2 == 1', '--since', '2000']),
      run(cli.path, ['export', stream, '--filter', 'value.n > 0.0', '--scan-entries', '4']),
      run(cli.path, ['export', stream, '--filter', 'value.n >']),
      run(cli.path, ['export', stream, '--scan-entries', '4']),
    ]);
    expect([odd.code, ndjson(odd.stdout).map((e) => e.id), odd.stderr]).toEqual([EXIT.ok, ['3000-0', '5000-0'], '']);
    expect(ndjson(cut.stdout).map((e) => e.id)).toEqual(['1000-0', '2000-0', '3000-0', '4000-0']);
    expect(cut.stderr).toBe(
      'filter: 4 of 4 entries scanned matched; the scan stopped early, after 4000-0: the entry budget ran out (raise it with --scan-entries)\n',
    );
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/^streamscope: .*the filter is not a valid CEL expression: /);
    expect([budgetAlone.code, budgetAlone.stderr]).toEqual([
      EXIT.usage,
      'streamscope: --scan-entries and --scan-time bound a --filter scan: add --filter\n',
    ]);
  });

  it('tails the newest entries and follows new ones with -f until Ctrl-C', async () => {
    const stream = name('tail');
    for (let i = 1; i <= 3; i++) await redis.xadd(stream, `${i}-0`, 'n', String(i));
    expect(ndjson((await run(cli.path, ['tail', stream, '-n', '2'])).stdout).map((e) => e.id)).toEqual(['2-0', '3-0']);

    const follower = start(cli.path, ['tail', stream, '-n', '1', '-f']);
    const followed = finish(follower);
    let seen = '';
    follower.stdout?.on('data', (b: Buffer) => (seen += b.toString()));
    await eventually(() => seen.includes('"3-0"'), 20_000, 'the newest entry');
    await redis.xadd(stream, '4-0', 'n', 'new');
    await eventually(() => seen.includes('"4-0"'), 20_000, 'the followed entry');
    follower.kill('SIGINT');
    const ended = await followed;
    expect(ended.code).toBe(EXIT.ok);
    expect(ndjson(ended.stdout).map((e) => e.id)).toEqual(['3-0', '4-0']);
  });

  it('stops an export on Ctrl-C with 130 at an entry boundary', async () => {
    // An export whose reader stalls (nobody drains the pipe) is stopped by Ctrl-C at an entry boundary.
    const big = name('interrupt');
    const pipeline = redis.pipeline();
    for (let i = 0; i < 6000; i++) pipeline.xadd(big, '*', 'v', 'x'.repeat(1000));
    await pipeline.exec();
    const exporter = start(cli.path, ['export', big]);
    let errors = '';
    exporter.stderr?.on('data', (b: Buffer) => (errors += b.toString()));
    await eventually(() => (exporter.stdout?.readableLength ?? 0) > 0, 20_000, 'the export to start writing');
    exporter.kill('SIGINT');
    const out: Buffer[] = [];
    exporter.stdout?.on('data', (b: Buffer) => out.push(b));
    const code = await new Promise<number | null>((resolve) => exporter.on('close', resolve));
    expect(code).toBe(EXIT.interrupted);
    expect(errors).toMatch(/^streamscope: interrupted after \d+ entries\n$/);
    const lines = Buffer.concat(out).toString().split('\n');
    expect(lines.pop()).toBe(''); // ends at an entry boundary
    expect(lines.length).toBeLessThan(6000); // stopped: far more than the buffers ahead of the reader hold
    // Every line is a whole entry, and as many as the message says.
    for (const line of lines) expect((JSON.parse(line) as { id: string }).id).toMatch(/^\d+-\d+$/);
    expect(errors).toContain(`after ${lines.length} entries`);
  });

  it('lists groups and pending entries, and answers an unknown group with not found', async () => {
    const stream = name('groups');
    await redis.xadd(stream, '1-0', 'n', '1');
    await redis.xadd(stream, '2-0', 'n', '2');
    await redis.xgroup('CREATE', stream, 'billing', '0');
    await redis.xreadgroup('GROUP', 'billing', 'pod-1', 'COUNT', 1, 'STREAMS', stream, '>');
    const [groups, pending, unknown] = await Promise.all([
      run(cli.path, ['groups', stream]),
      run(cli.path, ['pending', stream, 'billing']),
      run(cli.path, ['pending', stream, 'nobody']),
    ]);
    expect(ndjson(groups.stdout)).toMatchObject([
      {
        name: 'billing',
        consumers: 1,
        pending: 1,
        lastDeliveredId: '1-0',
        entriesRead: 1,
        lag: 1,
        lagSource: 'redis',
        firstUndeliveredId: '2-0',
      },
    ]);
    expect(ndjson(pending.stdout)).toMatchObject([{ id: '1-0', consumer: 'pod-1', deliveries: 1, poison: false }]);
    expect([unknown.code, unknown.stderr]).toEqual([EXIT.notFound, expect.stringMatching(/^streamscope: NOGROUP /) as string]);

    const table = await onTerminal(cli.path, ['groups', stream]);
    expect(table.stdout.toString().replace(/\r/g, '')).toBe(
      'GROUP    CONSUMERS  PENDING  LAST-DELIVERED  ENTRIES-READ  LAG\nbilling  1          1        1-0             1             1\n',
    );
    const rows = await onTerminal(cli.path, ['tail', stream]);
    expect(rows.stdout.toString().replace(/\r/g, '')).toBe(
      `${'ID'.padEnd(20)}  ${'TIME'.padEnd(24)}  FIELDS\n${'1-0'.padEnd(20)}  1970-01-01T00:00:00.001Z  n="1"\n${'2-0'.padEnd(20)}  1970-01-01T00:00:00.002Z  n="2"\n`,
    );
  });

  it('prunes only when confirmed (--yes), says what a dry run would remove, and keeps pending entries in safe mode', async () => {
    const stream = name('prune');
    for (let i = 1; i <= 10; i++) await redis.xadd(stream, `${i}-0`, 'n', String(i));
    await redis.xgroup('CREATE', stream, 'slow', '0');
    await redis.xreadgroup('GROUP', 'slow', 'pod', 'COUNT', 2, 'STREAMS', stream, '>');
    const preview = await run(cli.path, ['prune', stream, '--maxlen', '5', '--dry-run']);
    expect(preview.code).toBe(EXIT.ok);
    expect(JSON.parse(preview.stdout.toString())).toMatchObject({ wouldRemove: 0, keptForSafety: 5, lengthBefore: 10 });
    const unasked = await run(cli.path, ['prune', stream, '--maxlen', '5', '--unsafe']);
    expect([unasked.code, unasked.stderr]).toEqual([
      EXIT.notConfirmed,
      'streamscope: not confirmed: there is no terminal to ask on; pass --yes to prune without asking (or --dry-run to look first)\n',
    ]);
    expect(await redis.xlen(stream)).toBe(10);
    const both = await run(cli.path, ['prune', stream, '--maxlen', '5', '--max-age', '1d']);
    expect([both.code, both.stderr]).toEqual([
      EXIT.usage,
      'streamscope: prune needs exactly one policy: --maxlen N or --max-age DURATION\n',
    ]);
    const done = await run(cli.path, ['prune', stream, '--maxlen', '5', '--unsafe', '--yes']);
    expect(done.code).toBe(EXIT.ok);
    expect(JSON.parse(done.stdout.toString())).toEqual({ stream, removed: 5, lengthAfter: 5 });
    expect(await redis.xlen(stream)).toBe(5);
  });

  it('runs from source in a checkout through npm run cli (tsx)', async () => {
    const stream = name('dev');
    await redis.xadd(stream, '7-0', 'n', '7');
    const dev = await shell(cli.path, `npm run --silent cli -- tail ${stream}`);
    expect(dev.code).toBe(EXIT.ok);
    expect(ndjson(dev.stdout).map((e) => e.id)).toEqual(['7-0']);
  });
});
