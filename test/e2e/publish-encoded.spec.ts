// Publishing with a stream's decoder: MessagePack remembered for the stream in the Entries view,
// the Publish dialog says which encoding and how many bytes, and the entry in Redis holds the
// MessagePack bytes of the JSON typed.
import { Redis } from 'ioredis';
import { pack, unpack } from 'msgpackr';
import { expect, REDIS_URL, test } from './fixtures';

const stream = `h-decode2-publish-${Math.random().toString(36).slice(2, 8)}`;
let redis: Redis;

test.beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  await redis.xaddBuffer(stream, '*', 'msg', pack({ order: 'A-1' }));
});
test.afterAll(async () => {
  await redis.del(stream);
  redis.disconnect();
});

test('a publish encodes the JSON typed with the MessagePack decoder remembered for the stream', async ({ page }) => {
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByPlaceholder('Filter streams and channels').fill(stream);
  await page.getByRole('button', { name: `Open stream ${stream}`, exact: true }).click();
  await page.getByRole('combobox', { name: 'Decoder' }).selectOption('msgpack');
  await page.getByRole('button', { name: 'Remember for stream' }).click();
  await expect(page.getByRole('status').filter({ hasText: "MessagePack is the stream's decoder." })).toBeVisible();

  await page.getByRole('button', { name: 'Publish to stream…' }).click();
  const publish = page.getByRole('dialog', { name: `Publish to ${stream}` });
  const typed = { order: 'C-3', amount: 42.5, tags: ['x', 'y'], ok: true };
  await publish.getByLabel('Payload (JSON template)').fill(JSON.stringify(typed));
  const size = pack(typed).length;
  await expect(publish.getByLabel('Encoding')).toContainText(
    `Encoded as MessagePack (the stream's decoder): message 1 is ${size} bytes in field msg.`,
  );
  await expect(publish.getByRole('button', { name: 'Start sending' })).toBeDisabled();
  await publish.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(publish.getByRole('status').filter({ hasText: `Added to ${stream}` })).toBeVisible();

  const entries = await redis.xrevrangeBuffer(stream, '+', '-', 'COUNT', 1);
  const [, fields] = entries[0];
  expect(fields[0].toString()).toBe('msg');
  expect(unpack(fields[1])).toEqual(typed);
});
