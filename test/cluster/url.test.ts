// Streamscope's Redis URL convention (`?cluster=true`, `?sentinel=<name>`, comma-separated hosts)
// and the client each form gives. Pure parsing plus client construction; no server needed.
import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../electron/console';
import { splitCredentials } from '../../electron/console/redact';
import { clientFromUrl, isCluster, parseRedisUrl } from '../../electron/engine';

describe('Redis URL convention', () => {
  it('leaves a plain URL to ioredis', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379/2')).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379/2' });
    expect(parseRedisUrl('rediss://user:pw@host:6380')).toEqual({ kind: 'single', url: 'rediss://user:pw@host:6380' });
  });

  it('reads cluster seeds, credentials and TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1:7101,127.0.0.1:7102?cluster=true')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '127.0.0.1', port: 7101 },
        { host: '127.0.0.1', port: 7102 },
      ],
      tls: false,
    });
    expect(parseRedisUrl('rediss://ops:s%40cret@redis.internal:7000?cluster=1')).toEqual({
      kind: 'cluster',
      nodes: [{ host: 'redis.internal', port: 7000 }],
      username: 'ops',
      password: 's@cret',
      tls: true,
    });
  });

  it('reads sentinels (default port 26379), the master name and the db', () => {
    expect(parseRedisUrl('redis://:pw@s1,s2:26380/3?sentinel=streamscope')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'streamscope',
      db: 3,
      password: 'pw',
      tls: false,
    });
  });

  it('rejects contradictory or incomplete URLs with a message naming the problem', () => {
    expect(() => parseRedisUrl('redis://h:1?cluster=true&sentinel=x')).toThrow(/either \?cluster=true or \?sentinel/);
    expect(() => parseRedisUrl('redis://h:1?sentinel=')).toThrow(/master name/);
    expect(() => parseRedisUrl('redis://h:1?cluster=yes')).toThrow(/cluster must be true or 1/);
    expect(() => parseRedisUrl('redis://h:99999?cluster=true')).toThrow(/bad host:port "h:99999"/);
  });

  it('builds the matching client without connecting', () => {
    const cluster = clientFromUrl('redis://127.0.0.1:7101?cluster=true', { lazyConnect: true, password: 'x' });
    expect(cluster).toBeInstanceOf(Cluster);
    expect(isCluster(cluster)).toBe(true);
    expect((cluster as Cluster).options.redisOptions?.password).toBe('x');
    const sentinel = clientFromUrl('redis://127.0.0.1:26379?sentinel=streamscope', { lazyConnect: true });
    expect(sentinel).toBeInstanceOf(Redis);
    expect((sentinel as Redis).options).toMatchObject({
      name: 'streamscope',
      sentinels: [{ host: '127.0.0.1', port: 26379 }],
      failoverDetector: true,
    });
    const single = clientFromUrl('redis://127.0.0.1:6379', { lazyConnect: true });
    expect(isCluster(single)).toBe(false);
    for (const c of [cluster, sentinel, single]) c.disconnect();
  });

  it('keeps passwords of multi-host URLs out of what the console shows and stores', () => {
    expect(redactUrl('redis://ops:secret@a:7000,b:7000?cluster=true')).toBe('redis://ops@a:7000,b:7000?cluster=true');
    expect(splitCredentials('redis://ops:s%40cret@s1:26379,s2:26379/1?sentinel=m')).toEqual({
      url: 'redis://s1:26379,s2:26379/1?sentinel=m',
      username: 'ops',
      password: 's@cret',
    });
  });
});
