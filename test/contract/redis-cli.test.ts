// "Copy as redis-cli command": the line built from an entry's exact bytes (transfer.entry), run
// through a real shell and the real redis-cli, writes the same entry byte for byte.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redisCliArg, redisCliXadd } from '../../shared/redis-cli';
import { keyNameFromBytes } from '../../shared/key-name';
import { createDirectBridge } from '../../electron/transport/direct';
import { uniqueName } from '../helpers/redis';
import { useSharedConsole, value } from './support';

const run = promisify(execFile);
const fixture = useSharedConsole();
const { redis, created } = fixture;

const entries: Buffer[][] = [
  [Buffer.from('msg'), Buffer.from('{"type":"it\'s \\"quoted\\"","path":"C:\\\\x","cost":"$HOME `id` !1 *"}')],
  [Buffer.from('bin'), Buffer.from([0x00, 0xff, 0xfe, 0x22, 0x27, 0x5c, 0x0a, 0x0d, 0x09, 0x7f, 0x80])],
  [Buffer.from(''), Buffer.from(''), Buffer.from('dup'), Buffer.from('1'), Buffer.from('dup'), Buffer.from('2')],
  [Buffer.from([0x6b, 0xc3]), Buffer.from('é ✓ 🎉 \u2028'), Buffer.from('big'), randomBytes(20_000)],
];

describe('copy as redis-cli command', () => {
  it('quotes plain words as they are and everything else as redis-cli strings a shell leaves alone', () => {
    expect(redisCliArg(Buffer.from('orders-1'))).toBe('orders-1');
    expect(redisCliArg(Buffer.from('*'))).toBe(`'"*"'`);
    expect(redisCliArg(Buffer.from(''))).toBe(`'""'`);
    expect(redisCliArg(Buffer.from([0x61, 0x27, 0x22, 0x0a, 0xff]))).toBe(`'"a\\x27\\"\\n\\xff"'`);
  });

  it('reproduces each entry byte for byte through sh and redis-cli', async () => {
    const source = uniqueName('redis-cli-src');
    const target = Buffer.concat([Buffer.from(uniqueName('redis-cli-copy')), Buffer.from([0xff])]);
    created.push(source);
    const bridge = createDirectBridge(fixture.service);
    for (const fields of entries) await redis.xaddBuffer(source, '*', ...fields);
    try {
      for (const [id] of await redis.xrangeBuffer(source, '-', '+')) {
        const entry = value(await bridge.invoke('transfer.entry', { stream: source, id: id.toString() }));
        const line = redisCliXadd(keyNameFromBytes(target), entry.id, entry.fields);
        const { stdout } = await run('sh', ['-c', `${line.replace('redis-cli', 'redis-cli -h 127.0.0.1 -p 6379')}`]);
        expect(stdout.trim()).toBe(entry.id);
      }
      const snapshot = async (key: string | Buffer) =>
        (await redis.xrangeBuffer(key, '-', '+')).map(([id, f]) => [id.toString(), f.map((x) => x.toString('hex'))]);
      expect(await snapshot(target)).toEqual(await snapshot(source));
    } finally {
      await redis.del(target);
    }
  });
});
