// @vitest-environment happy-dom
// The schema editor: message types of a pasted .proto are suggested, the schema is saved through
// decoders.set, and the console's refusal (naming the line) is shown in words.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SchemaEditor } from '../../renderer/features/entries/SchemaEditor';
import { protoMessageTypes } from '../../renderer/features/entries/messageTypes';
import { MemoryBridge } from './memoryBridge';

afterEach(cleanup);

const PROTO =
  'syntax = "proto3";\npackage shop;\n// message Old {\nmessage Order { string order = 1; }\nmessage Refund { string order = 1; }\n';

describe('SchemaEditor', () => {
  it('suggests the package-qualified message types, not commented ones', () => {
    expect(protoMessageTypes(PROTO)).toEqual(['shop.Order', 'shop.Refund']);
    expect(protoMessageTypes('message A {}')).toEqual(['A']);
  });

  it('saves a .proto with its message type and tells the page to re-read', async () => {
    const onSaved = vi.fn();
    const b = new MemoryBridge().reply('decoders.set', { stream: 'orders', decoder: null, remembered: false });
    render(<SchemaEditor bridge={b} stream="orders" onSaved={onSaved} />);
    await userEvent.click(screen.getByText('Schema (Protobuf or Avro)'));
    fireEvent.change(screen.getByLabelText('Schema source'), { target: { value: PROTO } });
    expect([...document.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'))).toEqual(['shop.Order', 'shop.Refund']);
    await userEvent.type(screen.getByLabelText('Message type'), 'shop.Refund');
    await userEvent.click(screen.getByRole('button', { name: 'Save schema' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(b.callsOf('decoders.set')[0]).toEqual({
      stream: 'orders',
      decoder: { kind: 'protobuf', proto: PROTO, messageType: 'shop.Refund' },
    });
  });

  it('shows why an Avro schema is refused and keeps the page as it was', async () => {
    const onSaved = vi.fn();
    const b = new MemoryBridge().fail(
      'decoders.set',
      'invalid_args',
      'the Avro schema is not valid: missing name property in field amount',
    );
    render(<SchemaEditor bridge={b} stream="orders" onSaved={onSaved} />);
    await userEvent.click(screen.getByText('Schema (Protobuf or Avro)'));
    await userEvent.click(screen.getByRole('radio', { name: 'Avro (JSON schema)' }));
    fireEvent.change(screen.getByLabelText('Schema source'), { target: { value: '{"type":"record"}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Save schema' }));
    expect((await screen.findByRole('alert')).textContent).toContain('missing name property in field amount');
    expect(b.callsOf('decoders.set')[0]).toEqual({ stream: 'orders', decoder: { kind: 'avro', avroSchema: '{"type":"record"}' } });
    expect(onSaved).not.toHaveBeenCalled();
  });
});
