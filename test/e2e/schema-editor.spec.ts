// A stream's schema typed in the Entries view: a .proto with its message type (a value encoded by
// protobufjs) or an Avro schema (a value encoded by avsc) is checked, remembered, and the entry is
// then shown decoded; a .proto that does not parse is refused naming the line.
import type { Page } from '@playwright/test';
import avro from 'avsc';
import { Redis } from 'ioredis';
import protobuf from 'protobufjs';
import { expect, REDIS_URL, test } from './fixtures';

const suffix = Math.random().toString(36).slice(2, 8);
const protoStream = `h-decode2-proto-${suffix}`;
const avroStream = `h-decode2-avro-${suffix}`;
const PROTO = 'syntax = "proto3";\npackage shop;\nmessage Order {\n  string order = 1;\n  double amount = 2;\n}\n';
const AVRO = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'order', type: 'string' },
    { name: 'amount', type: 'double' },
  ],
});
let redis: Redis;
let protoId: string;
let avroId: string;

test.beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  const Order = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('shop.Order');
  protoId = String(
    await redis.xaddBuffer(protoStream, '*', 'v', Buffer.from(Order.encode(Order.fromObject({ order: 'P-1', amount: 12.5 })).finish())),
  );
  avroId = String(
    await redis.xaddBuffer(
      avroStream,
      '*',
      'v',
      avro.Type.forSchema(JSON.parse(AVRO) as avro.Schema).toBuffer({ order: 'V-9', amount: 3.25 }),
    ),
  );
});
test.afterAll(async () => {
  await redis.del(protoStream, avroStream);
  redis.disconnect();
});

async function openStream(page: Page, stream: string) {
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByPlaceholder('Filter streams and channels').fill(stream);
  await page.getByRole('button', { name: `Open stream ${stream}`, exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Entries' })).toBeVisible();
  await page.getByText('Schema (Protobuf or Avro)').click();
}

async function decodedOf(page: Page, id: string) {
  await page
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name: id, exact: true }) })
    .click();
  return page.getByRole('complementary', { name: `Entry ${id}` }).getByRole('group', { name: 'Decoded v' });
}

test('a .proto with its message type decodes a protobufjs value; a broken .proto is refused naming the line', async ({ page }) => {
  await openStream(page, protoStream);
  await page.getByRole('textbox', { name: 'Schema source' }).fill(PROTO.replace('string order = 1;', 'string order = 1'));
  await page.getByRole('combobox', { name: 'Message type' }).fill('shop.Order');
  await page.getByRole('button', { name: 'Save schema' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The schema' })).toContainText('(line 5)');

  await page.getByRole('textbox', { name: 'Schema source' }).fill(PROTO);
  await page.getByRole('button', { name: 'Save schema' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: values of this stream are read as shop.Order.' })).toBeVisible();
  const decoded = await decodedOf(page, protoId);
  await expect(decoded).toContainText('Decoded as protobuf');
  await expect(decoded).toContainText('"order": "P-1"');
  await expect(decoded).toContainText('"amount": 12.5');
});

test('an Avro schema decodes an avsc value', async ({ page }) => {
  await openStream(page, avroStream);
  await page.getByRole('radio', { name: 'Avro (JSON schema)' }).check();
  await page.getByRole('textbox', { name: 'Schema source' }).fill(AVRO);
  await page.getByRole('button', { name: 'Save schema' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: values of this stream are read as Avro.' })).toBeVisible();
  const decoded = await decodedOf(page, avroId);
  await expect(decoded).toContainText('Decoded as avro');
  await expect(decoded).toContainText('"order": "V-9"');
});
