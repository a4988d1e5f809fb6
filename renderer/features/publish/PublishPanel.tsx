// Publish to a stream or a broadcast channel: a JSON template sent as UCloud's `msg` (the default)
// or, for a stream, any fields; inline validation and a preview, saved payloads, one message or N
// at X msg/s with progress and cancel.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { keyName, schemas, type Bridge } from '../../../shared';
import {
  createPublishStore,
  type FieldTemplate,
  type PublishPayload,
  type PublishStore,
  type PublishTarget,
} from '../../state/publishStore';
import { FieldsEditor } from './FieldsEditor';
import { renderTemplate, templateProblem, TEMPLATE_VARIABLES } from '../../../shared/templates';
import { firstProblem } from '../../state/validate';
import { formatCount } from '../../state/format';
import { OWN_RATE_SUBSCRIPTION } from '../../state/measureBroadcastRates';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import { SavedPayloads } from './SavedPayloads';
import { EncodingNote } from './EncodingNote';
import { useStreamEncoding, writesBytes } from './useStreamEncoding';
import './publish.css';
import { WriteButton } from '../../components/WriteButton';

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
  const editor = useRef<HTMLTextAreaElement>(null);
  const [kind, setKind] = useState<PublishTarget['kind']>(initialTarget?.kind ?? 'stream');
  const [name, setName] = useState(initialTarget?.name ?? '');
  const [template, setTemplate] = useState(DEFAULT_TEMPLATE);
  const [count, setCount] = useState('100');
  const [rate, setRate] = useState('10');
  const [jobProblem, setJobProblem] = useState<string | null>(null);
  const [shape, setShape] = useState<PublishPayload['kind']>('msg');
  const [fields, setFields] = useState<FieldTemplate[]>([{ name: '', value: '' }]);
  // Only a stream entry has fields; a broadcast is one payload.
  const asFields = shape === 'fields' && kind === 'stream';

  useEffect(() => store.getState().subscribe(), [store]);

  const jsonProblem = asFields ? null : templateProblem(template);
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
  const running = s.job?.state === 'running';

  const insert = (variable: string) => {
    const el = editor.current;
    const at = el ? el.selectionStart : template.length;
    const end = el ? el.selectionEnd : template.length;
    setTemplate(template.slice(0, at) + variable + template.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + variable.length, at + variable.length);
    });
  };

  const start = async () => {
    const args = { target, ...(asFields ? { fields } : { template }), count: Number(count), ratePerSec: Number(rate) };
    const problem = firstProblem(schemas['publish.start'], args);
    setJobProblem(problem);
    if (!problem) await s.startJob(target, payload, args.count, args.ratePerSec);
  };

  return (
    <section className="publish" aria-label="Publish">
      {embedded ? null : (
        <header className="view-header">
          <h1>Publish</h1>
        </header>
      )}

      <div className="publish-target toolbar" role="group" aria-label="Target">
        <div role="radiogroup" aria-label="Target kind" className="segmented">
          <label>
            <input type="radio" name={`${ids}-kind`} checked={kind === 'stream'} onChange={() => setKind('stream')} /> Stream
          </label>
          <label>
            <input type="radio" name={`${ids}-kind`} checked={kind === 'broadcast'} onChange={() => setKind('broadcast')} /> Broadcast
            channel
          </label>
        </div>
        <input
          aria-label={kind === 'stream' ? 'Stream name' : 'Channel name'}
          className="mono target-name"
          list={kind === 'stream' ? `${ids}-streams` : undefined}
          placeholder={kind === 'stream' ? 'e.g. app-kubernetes-job-events' : 'e.g. node.status'}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <datalist id={`${ids}-streams`}>
          {streams.map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
      </div>
      {nameProblem ? <p className="field-problem">Name {nameProblem}</p> : null}

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
            <>
              <label htmlFor={`${ids}-json`} className="section-title">
                Payload (JSON template)
              </label>
              <div className="toolbar variables">
                {TEMPLATE_VARIABLES.map((v) => (
                  <button key={v} type="button" className="small" onClick={() => insert(v)} aria-label={`Insert ${v}`}>
                    {v}
                  </button>
                ))}
              </div>
              <textarea
                id={`${ids}-json`}
                ref={editor}
                rows={12}
                spellCheck={false}
                value={template}
                onChange={(e) => setTemplate(e.target.value)}
                aria-invalid={jsonProblem ? true : undefined}
                aria-describedby={`${ids}-json-problem`}
              />
              <p id={`${ids}-json-problem`} className={jsonProblem ? 'field-problem' : 'muted small-note'}>
                {jsonProblem ?? 'Valid JSON. {{uuid}}, {{seq}} and {{now}} are filled in per message.'}
              </p>
              <SavedPayloads
                saved={s.saved}
                error={s.savedError}
                onSave={(payloadName) => s.savePayload({ name: payloadName, template, target: name ? target : undefined })}
                onLoad={(p) => {
                  setTemplate(p.template);
                  if (p.target) {
                    setKind(p.target.kind);
                    setName(p.target.name);
                  }
                }}
                onDelete={s.deletePayload}
              />
            </>
          )}
        </div>

        <div className="publish-side">
          <h2 className="section-title">Preview (message 1)</h2>
          <pre className="entry-json" aria-label="Preview" tabIndex={0}>
            {preview || '—'}
          </pre>

          {encodes ? <EncodingNote encoding={encoding} problem={encodingProblem} /> : null}

          <h2 className="section-title">Send one</h2>
          <div className="toolbar">
            <WriteButton
              type="button"
              className="primary"
              disabled={!canSend || !fits || s.sending}
              onClick={() => void s.sendOne(target, payload)}
            >
              Send
            </WriteButton>
            {name === '' ? <span className="muted">Enter a {kind === 'stream' ? 'stream' : 'channel'} name above to send.</span> : null}
            {s.lastSent ? (
              <span role="status" className="ok-text">
                {s.lastSent.kind === 'stream' ? (
                  <>
                    Added to <code>{s.lastSent.name}</code> as <code>{s.lastSent.id}</code>
                  </>
                ) : (
                  <>
                    Delivered to {formatCount(s.lastSent.receivers)} receiver{s.lastSent.receivers === 1 ? '' : 's'} on{' '}
                    <code>{s.lastSent.name}</code>
                    {s.lastSent.ownExcluded ? ` (not counting ${OWN_RATE_SUBSCRIPTION})` : ''}
                  </>
                )}
              </span>
            ) : null}
          </div>
          <ErrorMessage error={s.sendError} context="Send" />

          <h2 className="section-title">Send many</h2>
          <div className="toolbar">
            <label className="field">
              <span>Count</span>
              <input type="number" min={1} value={count} onChange={(e) => setCount(e.target.value)} className="num-input" />
            </label>
            <label className="field">
              <span>Rate (msg/s)</span>
              <input type="number" min={1} value={rate} onChange={(e) => setRate(e.target.value)} className="num-input" />
            </label>
            <WriteButton type="button" disabled={!canSend || running || bytes} onClick={() => void start()}>
              Start sending
            </WriteButton>
            {bytes ? <span className="muted">Send many writes JSON text; encoded messages are sent one at a time.</span> : null}
            {running ? (
              <button type="button" className="danger" onClick={() => void s.cancelJob()}>
                Cancel
              </button>
            ) : null}
          </div>
          {jobProblem ? (
            <p className="field-problem" role="alert">
              {jobProblem}
            </p>
          ) : null}
          <ErrorMessage error={s.jobError} context="Send many" />
          {s.job ? (
            <div className="job">
              <ProgressBar label="Publish progress" value={s.job.sent} max={s.job.total} />
              <p className="muted" role="status">
                {s.job.state === 'running'
                  ? 'Sending'
                  : s.job.state === 'done'
                    ? 'Done'
                    : s.job.state === 'cancelled'
                      ? 'Cancelled'
                      : 'Failed'}
                : {formatCount(s.job.sent)} of {formatCount(s.job.total)} sent to {s.job.target.kind} <code>{s.job.target.name}</code>
                {s.job.failed ? `, ${formatCount(s.job.failed)} failed` : ''}
                {s.job.receivers !== undefined ? `, ${formatCount(s.job.receivers)} receivers in total` : ''}
                {s.job.ownExcluded ? ` (not counting ${OWN_RATE_SUBSCRIPTION})` : ''}
                {s.job.error ? ` (${s.job.error})` : ''}
              </p>
            </div>
          ) : null}
        </div>
      </div>
    </section>
  );
}
