// @vitest-environment happy-dom
// Publishing with the stream's decoder: the panel names the encoding and the encoded size, says in
// words why JSON does not fit the stream's schema (and does not send it), and a send writes the
// encoded bytes as the `msg` field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PublishPanel } from '../../renderer/features/publish';
import { MemoryBridge } from './memoryBridge';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

const setPayload = (text: string) => fireEvent.change(screen.getByLabelText('Payload (JSON template)'), { target: { value: text } });

describe('PublishPanel with a stream decoder', () => {
  it('shows the encoding and size, then sends the encoded bytes as msg', async () => {
    const b = new MemoryBridge()
      .reply('decoders.encode', { decoder: 'msgpack', value: { base64: 'gaFhAQ==', size: 5 } })
      .reply('publish.event', { id: '9-0' });
    render(<PublishPanel bridge={b} initialTarget={{ kind: 'stream', name: 'orders' }} embedded />);
    setPayload('{"a": 1}');
    await waitFor(() =>
      expect(screen.getByLabelText('Encoding').textContent).toBe(
        "Encoded as MessagePack (the stream's decoder): message 1 is 5 bytes in field msg.",
      ),
    );
    expect(b.callsOf('decoders.encode').at(-1)).toEqual({ stream: 'orders', json: '{"a": 1}' });
    expect((screen.getByRole('button', { name: 'Start sending' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(b.callsOf('publish.event')).toHaveLength(1));
    expect(b.callsOf('publish.event')[0]).toEqual({ stream: 'orders', fields: [{ name: 'msg', value: { base64: 'gaFhAQ==', size: 5 } }] });
    expect(await screen.findByText(/Added to/)).toBeTruthy();
  });

  it('keeps JSON text on the wire when the stream decodes JSON', async () => {
    const b = new MemoryBridge()
      .reply('decoders.encode', { decoder: 'json', value: { text: '{"a":1}', size: 7 } })
      .reply('publish.event', { id: '9-0' });
    render(<PublishPanel bridge={b} initialTarget={{ kind: 'stream', name: 'orders' }} embedded />);
    setPayload('{"a":1}');
    await waitFor(() => expect(screen.getByLabelText('Encoding').textContent).toContain('Encoded as JSON'));
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(b.callsOf('publish.event')).toHaveLength(1));
    expect(b.callsOf('publish.event')[0]).toEqual({ stream: 'orders', json: '{"a":1}' });
  });

  it('says in words why the JSON does not fit the schema and does not send it', async () => {
    const b = new MemoryBridge().fail('decoders.encode', 'invalid_args', 'the value does not fit shop.Order: amount: number expected');
    render(<PublishPanel bridge={b} initialTarget={{ kind: 'stream', name: 'orders' }} embedded />);
    setPayload('{"amount": "lots"}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Encoding: The value does not fit shop.Order: amount: number expected.');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
