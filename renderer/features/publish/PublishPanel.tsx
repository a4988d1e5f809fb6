// Publish to a stream or a broadcast channel: a JSON template sent as UCloud's `msg` (the default)
// or, for a stream, any fields; inline validation and a preview, saved payloads, one message or N
// at X msg/s with progress and cancel.
import { useEffect, useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { keyName, type Bridge } from '../../../shared';
import { createPublishStore, type FieldTemplate, type PublishPayload, type PublishStore, type PublishTarget } from './publishStore';
import { FieldsEditor } from './FieldsEditor';
import { renderTemplate } from '../../../shared/templates';
import { checkPayload } from '../../state/payloadCheck';
import { firstProblem } from '../../state/validate';
import { EncodingNote } from './EncodingNote';
import { SendMany } from './SendMany';
import { SendOne } from './SendOne';
import { TargetPicker } from './TargetPicker';
import { TemplateEditor } from './TemplateEditor';
import { useStreamEncoding, writesBytes } from './useStreamEncoding';
import './publish.css';

const DEFAULT_TEMPLATE = '{\n  "type": "test",\n  "id": "{{uuid}}",\n  "seq": {{seq}},\n  "at": {{now}}\n}';

interface PublishPanelProps {
  bridge: Bridge;
  /** Known stream names, offered as suggestions. */
  streams?: string[];
  initialTarget?: PublishTarget;
  store?: PublishStore;
  /** Inside a dialog that already names the target: no page heading. */
  embedded?: boolean;
}

export function PublishPanel({ bridge, streams = [], initialTarget, store: given, embedded = false }: PublishPanelProps) {
  const [store] = useState(() => given ?? createPublishStore(bridge));
  const s = useStore(store);
  const ids = useId();
  const [kind, setKind] = useState<PublishTarget['kind']>(initialTarget?.kind ?? 'stream');
  const [name, setName] = useState(initialTarget?.name ?? '');
  const [template, setTemplate] = useState(DEFAULT_TEMPLATE);
  const [shape, setShape] = useState<PublishPayload['kind']>('msg');
  const [fields, setFields] = useState<FieldTemplate[]>([{ name: '', value: '' }]);
  // Only a stream entry has fields; a broadcast is one payload.
  const asFields = shape === 'fields' && kind === 'stream';

  useEffect(() => store.getState().subscribe(), [store]);

  // The same live check as every publish form (JSON, and its size against the limit), on message 1.
  const payloadCheck = useMemo(() => (asFields ? null : checkPayload(template, { template: true })), [asFields, template]);
  const jsonProblem = payloadCheck?.problem ?? null;
  const nameProblem = name === '' ? null : firstProblem(keyName, name);
  const preview = useMemo(() => {
    if (asFields) return fields.map((f) => `${f.name}=${renderTemplate(f.value, 1)}`).join('\n');
    return jsonProblem ? '' : renderTemplate(template, 1);
  }, [asFields, fields, template, jsonProblem]);
  const target: PublishTarget = { kind, name };
  const encodes = kind === 'stream' && !asFields && name !== '' && !nameProblem && !jsonProblem;
  const {
    encoding,
    problem: encodingProblem,
    pending: encodingPending,
  } = useStreamEncoding(bridge, encodes ? name : null, encodes ? preview : null);
  const bytes = encodes && writesBytes(encoding);
  const payload: PublishPayload = asFields ? { kind: 'fields', fields } : { kind: 'msg', template, encoded: bytes };
  const canSend = !jsonProblem && name !== '' && !nameProblem;
  // Sent once the encoding is known; JSON that does not fit the stream's schema is not sent (the note says why).
  const fits = !encodingPending && !(encodes && encodingProblem?.code === 'invalid_args');

  return (
    <section className="publish" aria-label="Publish">
      {embedded ? null : (
        <header className="view-header">
          <h1>Publish</h1>
        </header>
      )}

      <TargetPicker ids={ids} target={target} onKind={setKind} onName={setName} streams={streams} nameProblem={nameProblem} />

      <div className="publish-grid">
        <div className="publish-editor">
          {kind === 'stream' ? (
            <div role="radiogroup" aria-label="Entry shape" className="segmented entry-shape">
              <label>
                <input type="radio" name={`${ids}-shape`} checked={shape === 'msg'} onChange={() => setShape('msg')} /> UCloud msg (JSON)
              </label>
              <label>
                <input type="radio" name={`${ids}-shape`} checked={shape === 'fields'} onChange={() => setShape('fields')} /> Fields
              </label>
            </div>
          ) : null}
          {asFields ? (
            <>
              <FieldsEditor fields={fields} onChange={setFields} />
              <p className="muted small-note">
                Each field is written as typed (names may be empty or repeat). {'{{uuid}}'}, {'{{seq}}'} and {'{{now}}'} in values are
                filled in per message.
              </p>
            </>
          ) : (
            <TemplateEditor
              ids={ids}
              template={template}
              onTemplate={setTemplate}
              check={payloadCheck!}
              target={target}
              onTarget={(saved) => {
                setKind(saved.kind);
                setName(saved.name);
              }}
              saved={s}
            />
          )}
        </div>

        <div className="publish-side">
          <h2 className="section-title">Preview (message 1)</h2>
          <pre className="entry-json" aria-label="Preview" tabIndex={0}>
            {preview || '—'}
          </pre>

          {encodes ? <EncodingNote encoding={encoding} problem={encodingProblem} /> : null}

          <SendOne state={s} target={target} payload={payload} disabled={!canSend || !fits} />
          <SendMany state={s} target={target} payload={payload} canSend={canSend} encoded={bytes} />
        </div>
      </div>
    </section>
  );
}
