// A stream's schema: a .proto (with the message type its values hold) or an Avro schema (JSON),
// pasted or loaded from a file, checked by the console (which names the line or field that is
// wrong) and remembered through decoders.set.
import { useId, useState } from 'react';
import type { Bridge, ReplyError } from '../../../shared';
import { ErrorMessage } from '../../components/ErrorMessage';
import { protoMessageTypes } from './messageTypes';

type Format = 'protobuf' | 'avro';

interface SchemaEditorProps {
  bridge: Bridge;
  stream: string;
  /** Told once the schema is remembered, so the page re-reads with it. */
  onSaved: () => void;
}

export function SchemaEditor({ bridge, stream, onSaved }: SchemaEditorProps) {
  const ids = useId();
  const [format, setFormat] = useState<Format>('protobuf');
  const [source, setSource] = useState('');
  const [messageType, setMessageType] = useState('');
  const [error, setError] = useState<ReplyError | null>(null);
  const [saved, setSaved] = useState(false);
  const [open, setOpen] = useState(false);
  const types = format === 'protobuf' ? protoMessageTypes(source) : [];

  const load = async (file: File | undefined) => {
    if (!file) return;
    setSource(await file.text());
    setFormat(file.name.endsWith('.proto') ? 'protobuf' : 'avro');
  };
  const save = async () => {
    setError(null);
    setSaved(false);
    const decoder =
      format === 'protobuf' ? { kind: format, proto: source, messageType: messageType.trim() } : { kind: format, avroSchema: source };
    const reply = await bridge.invoke('decoders.set', { stream, decoder });
    if (!reply.ok) return setError(reply.error);
    setSaved(true);
    onSaved();
  };

  return (
    <details className="schema-editor" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Schema (Protobuf or Avro)</summary>
      {/* Rendered only when open: a closed section holds no controls for the keyboard to skip. */}
      {open && (
        <>
          <div role="radiogroup" aria-label="Schema format" className="segmented">
            {(['protobuf', 'avro'] as const).map((f) => (
              <label key={f}>
                <input type="radio" name={`${ids}-format`} checked={format === f} onChange={() => setFormat(f)} />{' '}
                {f === 'protobuf' ? 'Protobuf (.proto)' : 'Avro (JSON schema)'}
              </label>
            ))}
          </div>
          <textarea
            aria-label="Schema source"
            className="mono"
            rows={8}
            spellCheck={false}
            value={source}
            placeholder={
              format === 'protobuf' ? 'syntax = "proto3";\npackage shop;\nmessage Order { string order = 1; }' : '{"type": "record", …}'
            }
            onChange={(e) => setSource(e.target.value)}
          />
          <div className="toolbar">
            <label className="field">
              <span>Load file</span>
              <input
                type="file"
                aria-label="Load schema file"
                accept=".proto,.avsc,.json"
                onChange={(e) => void load(e.target.files?.[0])}
              />
            </label>
            {format === 'protobuf' ? (
              <>
                <input
                  aria-label="Message type"
                  className="mono"
                  list={`${ids}-types`}
                  placeholder="e.g. shop.Order"
                  value={messageType}
                  onChange={(e) => setMessageType(e.target.value)}
                />
                <datalist id={`${ids}-types`}>
                  {types.map((t) => (
                    <option key={t} value={t} />
                  ))}
                </datalist>
              </>
            ) : null}
            <button
              type="button"
              disabled={source.trim() === '' || (format === 'protobuf' && messageType.trim() === '')}
              onClick={() => void save()}
            >
              Save schema
            </button>
            {saved ? (
              <span role="status">Saved: values of this stream are read as {format === 'protobuf' ? messageType.trim() : 'Avro'}.</span>
            ) : null}
          </div>
          <ErrorMessage error={error} context="The schema" />
        </>
      )}
    </details>
  );
}
