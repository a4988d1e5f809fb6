// The console keeps working across a Redis restart: the state feed says reconnecting then ready,
// calls in between answer not_connected, and a live tail and a hosted instance carry on after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import type { ConnectionStatus, StreamEntry } from '../../shared/dto';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { eventually, value } from './support';

let redis: PrivateRedis;
let service: ConsoleService;

beforeAll(async () => {
  redis = await startPrivateRedis({ appendonly: true });
  service = await createConsole({ redis: redis.url });
});
afterAll(async () => {
  await service.close();
  await redis.dispose();
});

describe('Redis restart', () => {
  it('keeps a live tail and a hosted instance running, and reports the connection state', async () => {
    const states: ConnectionStatus[] = [];
    const tailed: StreamEntry[] = [];
    let tailId = '';
    service.onEvent((event, payload) => {
      if (event === 'connection.state') states.push(payload as ConnectionStatus);
      if (event === 'entries.appended') {
        const batch = payload as { tailId: string; entries: StreamEntry[] };
        if (batch.tailId === tailId) tailed.push(...batch.entries);
      }
    });
    const stream = 'restart-jobs';
    const hosted = value(
      await service.dispatch('instances.join', { stream, group: 'svc', instance: 'steady', mode: { kind: 'immediate' }, from: '0' }),
    ) as { id: string };
    tailId = (value(await service.dispatch('entries.tail', { stream })) as { tailId: string }).tailId;
    const acked = async () =>
      (value(await service.dispatch('instances.list', {})) as Array<{ id: string; acked: number }>).find((h) => h.id === hosted.id)
        ?.acked ?? 0;

    for (let i = 0; i < 5; i++) value(await service.dispatch('publish.event', { stream, json: JSON.stringify({ before: i }) }));
    await eventually(async () => tailed.length === 5 && (await acked()) === 5, 15_000, 'first 5 tailed and acked');

    await redis.stop();
    await eventually(async () => states.some((s) => s.state === 'reconnecting'), 10_000, 'reconnecting reported');
    expect(states.find((s) => s.state === 'reconnecting')!.reason).toBeTruthy();
    expect(await service.dispatch('streams.list', {})).toMatchObject({ ok: false, error: { code: 'not_connected' } });

    await redis.restart();
    await eventually(async () => states[states.length - 1]?.state === 'ready', 15_000, 'ready again');
    for (let i = 0; i < 5; i++) {
      await eventually(
        async () => (await service.dispatch('publish.event', { stream, json: JSON.stringify({ after: i }) })).ok,
        10_000,
        'publish after restart',
      );
    }
    await eventually(async () => tailed.length === 10, 20_000, 'tail resumed');
    expect(tailed.slice(5).map((e) => e.value)).toEqual([0, 1, 2, 3, 4].map((i) => ({ after: i })));
    await eventually(async () => (await acked()) === 10, 20_000, 'hosted instance resumed');
    value(await service.dispatch('instances.leave', { id: hosted.id }));
  }, 90_000);
});
